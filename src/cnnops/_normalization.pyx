# cython: language_level=3
"""cnnops._normalization: bridge to csrc/normalization.

Glue only: cnnops.functional has checked shapes and dtypes, made the arrays
C-contiguous, allocated the outputs and flattened them to 1-D; here the
memoryviews go in, the C call runs without the GIL and its status is checked.
Optional arrays (weight, bias, running statistics) are passed as None.
"""
include "_common.pxi"

cdef extern from "cnnops/normalization.h" nogil:
    cnn_status cnn_batch_norm_fwd_f32(int64_t n, int64_t c, int64_t s, const float *x,
                                      const float *weight, const float *bias,
                                      float *running_mean, float *running_var, int training,
                                      double momentum, double eps, float *y)
    cnn_status cnn_batch_norm_fwd_f64(int64_t n, int64_t c, int64_t s, const double *x,
                                      const double *weight, const double *bias,
                                      double *running_mean, double *running_var, int training,
                                      double momentum, double eps, double *y)
    cnn_status cnn_group_norm_fwd_f32(int64_t n, int64_t c, int64_t s, int64_t groups,
                                      const float *x, const float *weight, const float *bias,
                                      double eps, float *y, float *mean, float *var)
    cnn_status cnn_group_norm_fwd_f64(int64_t n, int64_t c, int64_t s, int64_t groups,
                                      const double *x, const double *weight, const double *bias,
                                      double eps, double *y, double *mean, double *var)
    cnn_status cnn_instance_norm_fwd_f32(int64_t n, int64_t c, int64_t s, const float *x,
                                         const float *weight, const float *bias,
                                         float *running_mean, float *running_var,
                                         int use_input_stats, double momentum, double eps,
                                         float *y)
    cnn_status cnn_instance_norm_fwd_f64(int64_t n, int64_t c, int64_t s, const double *x,
                                         const double *weight, const double *bias,
                                         double *running_mean, double *running_var,
                                         int use_input_stats, double momentum, double eps,
                                         double *y)
    cnn_status cnn_layer_norm_fwd_f32(int64_t m, int64_t d, const float *x, const float *weight,
                                      const float *bias, double eps, float *y)
    cnn_status cnn_layer_norm_fwd_f64(int64_t m, int64_t d, const double *x, const double *weight,
                                      const double *bias, double eps, double *y)
    cnn_status cnn_local_response_norm_fwd_f32(int64_t n, int64_t c, int64_t s, int64_t size,
                                               double alpha, double beta, double k,
                                               const float *x, float *y)
    cnn_status cnn_local_response_norm_fwd_f64(int64_t n, int64_t c, int64_t s, int64_t size,
                                               double alpha, double beta, double k,
                                               const double *x, double *y)
    cnn_status cnn_normalize_fwd_f32(int64_t outer, int64_t len, int64_t inner, double p,
                                     double eps, const float *x, float *y)
    cnn_status cnn_normalize_fwd_f64(int64_t outer, int64_t len, int64_t inner, double p,
                                     double eps, const double *x, double *y)

ctypedef fused floating:
    float
    double


cdef inline floating *_ptr(floating[::1] a) noexcept nogil:
    """Data pointer of an optional 1-D array (NULL for None or empty)."""
    if a is None or a.shape[0] == 0:
        return NULL
    return &a[0]


cdef inline const floating *_cptr(const floating[::1] a) noexcept nogil:
    if a is None or a.shape[0] == 0:
        return NULL
    return &a[0]


cdef int _need(Py_ssize_t have, int64_t want, str what) except -1:
    if have != want:
        raise ValueError(f"{what}: expected {want} elements, got {have}")
    return 0


def batch_norm_fwd(const floating[::1] x, floating[::1] y, int64_t n, int64_t c, int64_t s,
                   const floating[::1] weight, const floating[::1] bias,
                   floating[::1] running_mean, floating[::1] running_var,
                   bint training, double momentum, double eps) -> None:
    """(n, c, s) batch norm; weight/bias/running_* may be None; running_* updated in place."""
    cdef cnn_status st
    _need(x.shape[0], n * c * s, "batch_norm x")
    _need(y.shape[0], n * c * s, "batch_norm y")
    if weight is not None: _need(weight.shape[0], c, "batch_norm weight")
    if bias is not None: _need(bias.shape[0], c, "batch_norm bias")
    if running_mean is not None: _need(running_mean.shape[0], c, "batch_norm running_mean")
    if running_var is not None: _need(running_var.shape[0], c, "batch_norm running_var")
    with nogil:
        if floating is float:
            st = cnn_batch_norm_fwd_f32(n, c, s, _cptr(x), _cptr(weight), _cptr(bias),
                                        _ptr(running_mean), _ptr(running_var), training,
                                        momentum, eps, _ptr(y))
        else:
            st = cnn_batch_norm_fwd_f64(n, c, s, _cptr(x), _cptr(weight), _cptr(bias),
                                        _ptr(running_mean), _ptr(running_var), training,
                                        momentum, eps, _ptr(y))
    _check(st, "batch_norm")


def group_norm_fwd(const floating[::1] x, floating[::1] y, int64_t n, int64_t c, int64_t s,
                   int64_t groups, const floating[::1] weight, const floating[::1] bias,
                   double eps) -> None:
    """(n, c, s) group norm with `groups` groups; weight/bias may be None."""
    cdef cnn_status st
    _need(x.shape[0], n * c * s, "group_norm x")
    _need(y.shape[0], n * c * s, "group_norm y")
    if weight is not None: _need(weight.shape[0], c, "group_norm weight")
    if bias is not None: _need(bias.shape[0], c, "group_norm bias")
    with nogil:
        if floating is float:
            st = cnn_group_norm_fwd_f32(n, c, s, groups, _cptr(x), _cptr(weight), _cptr(bias),
                                        eps, _ptr(y), NULL, NULL)
        else:
            st = cnn_group_norm_fwd_f64(n, c, s, groups, _cptr(x), _cptr(weight), _cptr(bias),
                                        eps, _ptr(y), NULL, NULL)
    _check(st, "group_norm")


def instance_norm_fwd(const floating[::1] x, floating[::1] y, int64_t n, int64_t c, int64_t s,
                      const floating[::1] weight, const floating[::1] bias,
                      floating[::1] running_mean, floating[::1] running_var,
                      bint use_input_stats, double momentum, double eps) -> None:
    """(n, c, s) instance norm; running_* (c elements) updated in place when given."""
    cdef cnn_status st
    _need(x.shape[0], n * c * s, "instance_norm x")
    _need(y.shape[0], n * c * s, "instance_norm y")
    if weight is not None: _need(weight.shape[0], c, "instance_norm weight")
    if bias is not None: _need(bias.shape[0], c, "instance_norm bias")
    if running_mean is not None: _need(running_mean.shape[0], c, "instance_norm running_mean")
    if running_var is not None: _need(running_var.shape[0], c, "instance_norm running_var")
    with nogil:
        if floating is float:
            st = cnn_instance_norm_fwd_f32(n, c, s, _cptr(x), _cptr(weight), _cptr(bias),
                                           _ptr(running_mean), _ptr(running_var),
                                           use_input_stats, momentum, eps, _ptr(y))
        else:
            st = cnn_instance_norm_fwd_f64(n, c, s, _cptr(x), _cptr(weight), _cptr(bias),
                                           _ptr(running_mean), _ptr(running_var),
                                           use_input_stats, momentum, eps, _ptr(y))
    _check(st, "instance_norm")


def layer_norm_fwd(const floating[::1] x, floating[::1] y, int64_t m, int64_t d,
                   const floating[::1] weight, const floating[::1] bias, double eps) -> None:
    """m rows of d elements; weight/bias (d elements) may be None."""
    cdef cnn_status st
    _need(x.shape[0], m * d, "layer_norm x")
    _need(y.shape[0], m * d, "layer_norm y")
    if weight is not None: _need(weight.shape[0], d, "layer_norm weight")
    if bias is not None: _need(bias.shape[0], d, "layer_norm bias")
    with nogil:
        if floating is float:
            st = cnn_layer_norm_fwd_f32(m, d, _cptr(x), _cptr(weight), _cptr(bias), eps, _ptr(y))
        else:
            st = cnn_layer_norm_fwd_f64(m, d, _cptr(x), _cptr(weight), _cptr(bias), eps, _ptr(y))
    _check(st, "layer_norm")


def local_response_norm_fwd(const floating[::1] x, floating[::1] y, int64_t n, int64_t c,
                            int64_t s, int64_t size, double alpha, double beta,
                            double k) -> None:
    """(n, c, s) local response norm across c (y must not alias x)."""
    cdef cnn_status st
    _need(x.shape[0], n * c * s, "local_response_norm x")
    _need(y.shape[0], n * c * s, "local_response_norm y")
    with nogil:
        if floating is float:
            st = cnn_local_response_norm_fwd_f32(n, c, s, size, alpha, beta, k, _cptr(x), _ptr(y))
        else:
            st = cnn_local_response_norm_fwd_f64(n, c, s, size, alpha, beta, k, _cptr(x), _ptr(y))
    _check(st, "local_response_norm")


def normalize_fwd(const floating[::1] x, floating[::1] y, int64_t outer, int64_t length,
                  int64_t inner, double p, double eps) -> None:
    """(outer, length, inner): y = x / max(||x||_p over length, eps)."""
    cdef cnn_status st
    _need(x.shape[0], outer * length * inner, "normalize x")
    _need(y.shape[0], outer * length * inner, "normalize y")
    with nogil:
        if floating is float:
            st = cnn_normalize_fwd_f32(outer, length, inner, p, eps, _cptr(x), _ptr(y))
        else:
            st = cnn_normalize_fwd_f64(outer, length, inner, p, eps, _cptr(x), _ptr(y))
    _check(st, "normalize")
