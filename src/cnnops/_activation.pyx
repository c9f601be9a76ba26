# cython: language_level=3
"""cnnops._activation: bridge to csrc/activation (pointwise ops, softmax).

Glue only: Python (cnnops.functional) has already checked dtypes, made the
arrays C-contiguous and allocated the outputs; here memoryviews go in, the C
call runs without the GIL and its status is checked.
"""
include "_common.pxi"

cdef extern from "cnnops/activation.h" nogil:
    cnn_status cnn_relu_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_relu_fwd_f64(int64_t n, const double *x, double *y)

ctypedef fused floating:
    float
    double


def relu_fwd(const floating[::1] x, floating[::1] y) -> None:
    """y = relu(x) over flat C-contiguous arrays of equal length."""
    cdef cnn_status st
    cdef int64_t n = x.shape[0]
    if y.shape[0] != n:
        raise ValueError("relu_fwd: x and y differ in length")
    if n == 0:
        return
    with nogil:
        if floating is float:
            st = cnn_relu_fwd_f32(n, &x[0], &y[0])
        else:
            st = cnn_relu_fwd_f64(n, &x[0], &y[0])
    _check(st, "relu")
