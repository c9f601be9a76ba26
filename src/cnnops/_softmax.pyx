# cython: language_level=3
"""cnnops._softmax: bridge to csrc/softmax (softmax, log_softmax, softmin).

Glue only: cnnops.functional has already chosen the dim, checked dtypes,
made the arrays C-contiguous and allocated the output; here memoryviews go
in, the C call runs without the GIL and its status is checked.  The array is
passed flat with its (outer, dim, inner) view.
"""
include "_common.pxi"

cdef extern from "cnnops/softmax.h" nogil:
    cnn_status cnn_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                                   const float *x, float *y)
    cnn_status cnn_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                                   const double *x, double *y)
    cnn_status cnn_log_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                                       const float *x, float *y)
    cnn_status cnn_log_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                                       const double *x, double *y)
    cnn_status cnn_softmin_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                                   const float *x, float *y)
    cnn_status cnn_softmin_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                                   const double *x, double *y)

ctypedef fused floating:
    float
    double

# op codes of _fwd (match the public names below)
cdef enum:
    OP_SOFTMAX = 0
    OP_LOG_SOFTMAX = 1
    OP_SOFTMIN = 2


cdef int _fwd(int op, const floating[::1] x, floating[::1] y,
              int64_t outer, int64_t dim, int64_t inner) except -1:
    cdef cnn_status st
    cdef int64_t n = x.shape[0]
    if y.shape[0] != n:
        raise ValueError("softmax: x and y differ in length")
    # Python-int product: no wrap-around whatever the arguments
    if outer < 0 or dim < 0 or inner < 0 or (<object>outer) * dim * inner != n:
        raise ValueError("softmax: (outer, dim, inner) does not match the array length")
    if n == 0:
        return 0
    with nogil:
        if floating is float:
            if op == OP_SOFTMAX:
                st = cnn_softmax_fwd_f32(outer, dim, inner, &x[0], &y[0])
            elif op == OP_LOG_SOFTMAX:
                st = cnn_log_softmax_fwd_f32(outer, dim, inner, &x[0], &y[0])
            else:
                st = cnn_softmin_fwd_f32(outer, dim, inner, &x[0], &y[0])
        else:
            if op == OP_SOFTMAX:
                st = cnn_softmax_fwd_f64(outer, dim, inner, &x[0], &y[0])
            elif op == OP_LOG_SOFTMAX:
                st = cnn_log_softmax_fwd_f64(outer, dim, inner, &x[0], &y[0])
            else:
                st = cnn_softmin_fwd_f64(outer, dim, inner, &x[0], &y[0])
    return _check(st, "softmax")


def softmax_fwd(const floating[::1] x, floating[::1] y,
                int64_t outer, int64_t dim, int64_t inner) -> None:
    """y = softmax(x) along the middle axis of x viewed as (outer, dim, inner)."""
    _fwd(OP_SOFTMAX, x, y, outer, dim, inner)


def log_softmax_fwd(const floating[::1] x, floating[::1] y,
                    int64_t outer, int64_t dim, int64_t inner) -> None:
    """y = log_softmax(x) along the middle axis of x viewed as (outer, dim, inner)."""
    _fwd(OP_LOG_SOFTMAX, x, y, outer, dim, inner)


def softmin_fwd(const floating[::1] x, floating[::1] y,
                int64_t outer, int64_t dim, int64_t inner) -> None:
    """y = softmax(-x) along the middle axis of x viewed as (outer, dim, inner)."""
    _fwd(OP_SOFTMIN, x, y, outer, dim, inner)
