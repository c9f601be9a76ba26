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

# op codes of fwd_f32 / fwd_f64
OP_SOFTMAX = 0
OP_LOG_SOFTMAX = 1
OP_SOFTMIN = 2


cdef int _check_sizes(int64_t n, int64_t ny, int64_t outer, int64_t dim,
                      int64_t inner) except -1:
    if ny != n:
        raise ValueError("softmax: x and y differ in length")
    # Python-int product: no wrap-around whatever the arguments
    if outer < 0 or dim < 0 or inner < 0 or (<object>outer) * dim * inner != n:
        raise ValueError("softmax: (outer, dim, inner) does not match the array length")
    return 0


# One non-fused entry point per dtype (a fused def costs microseconds of
# dispatch per call); cnnops.functional picks by dtype.
def fwd_f32(int op, const float[::1] x, float[::1] y,
            int64_t outer, int64_t dim, int64_t inner) -> None:
    """op (OP_*) along the middle axis of float32 x viewed as (outer, dim, inner)."""
    cdef cnn_status st
    cdef int64_t n = x.shape[0]
    _check_sizes(n, y.shape[0], outer, dim, inner)
    if n == 0:
        return
    with nogil:
        if op == 0:
            st = cnn_softmax_fwd_f32(outer, dim, inner, &x[0], &y[0])
        elif op == 1:
            st = cnn_log_softmax_fwd_f32(outer, dim, inner, &x[0], &y[0])
        else:
            st = cnn_softmin_fwd_f32(outer, dim, inner, &x[0], &y[0])
    _check(st, "softmax")


def fwd_f64(int op, const double[::1] x, double[::1] y,
            int64_t outer, int64_t dim, int64_t inner) -> None:
    """op (OP_*) along the middle axis of float64 x viewed as (outer, dim, inner)."""
    cdef cnn_status st
    cdef int64_t n = x.shape[0]
    _check_sizes(n, y.shape[0], outer, dim, inner)
    if n == 0:
        return
    with nogil:
        if op == 0:
            st = cnn_softmax_fwd_f64(outer, dim, inner, &x[0], &y[0])
        elif op == 1:
            st = cnn_log_softmax_fwd_f64(outer, dim, inner, &x[0], &y[0])
        else:
            st = cnn_softmin_fwd_f64(outer, dim, inner, &x[0], &y[0])
    _check(st, "softmax")
