# cython: language_level=3
"""cnnops._pooling: bridge to csrc/pooling (max/avg pooling, max unpooling,
adaptive pooling).

Glue only: cnnops.functional has normalised the arguments, checked them with
PyTorch's messages, made the arrays C-contiguous 4-D (N, C, H, W) and
allocated the outputs; here memoryviews go in, the C call runs without the
GIL and its status is checked.
"""
include "_common.pxi"

cdef extern from "cnnops/pooling.h" nogil:
    ctypedef struct cnn_pool2d_params:
        int64_t n, c, h, w
        int64_t kh, kw, sh, sw, ph, pw, dh, dw
        int ceil_mode
        int count_include_pad
        int64_t divisor_override
        int64_t out_h, out_w
    ctypedef struct cnn_unpool2d_params:
        int64_t n, c, h, w, out_h, out_w
    ctypedef struct cnn_adaptive_pool2d_params:
        int64_t n, c, h, w, out_h, out_w
    cnn_status cnn_pool2d_output_shape(cnn_pool2d_params *p)
    cnn_status cnn_maxpool2d_fwd_f32(const cnn_pool2d_params *p, const float *x, float *y, int64_t *idx)
    cnn_status cnn_maxpool2d_fwd_f64(const cnn_pool2d_params *p, const double *x, double *y, int64_t *idx)
    cnn_status cnn_avgpool2d_fwd_f32(const cnn_pool2d_params *p, const float *x, float *y)
    cnn_status cnn_avgpool2d_fwd_f64(const cnn_pool2d_params *p, const double *x, double *y)
    cnn_status cnn_maxunpool2d_fwd_f32(const cnn_unpool2d_params *p, const float *x, const int64_t *idx, float *y)
    cnn_status cnn_maxunpool2d_fwd_f64(const cnn_unpool2d_params *p, const double *x, const int64_t *idx, double *y)
    cnn_status cnn_maxunpool2d_find_invalid(const cnn_unpool2d_params *p, const int64_t *idx, int64_t *pos)
    cnn_status cnn_adaptive_avgpool2d_fwd_f32(const cnn_adaptive_pool2d_params *p, const float *x, float *y)
    cnn_status cnn_adaptive_avgpool2d_fwd_f64(const cnn_adaptive_pool2d_params *p, const double *x, double *y)
    cnn_status cnn_adaptive_maxpool2d_fwd_f32(const cnn_adaptive_pool2d_params *p, const float *x, float *y, int64_t *idx)
    cnn_status cnn_adaptive_maxpool2d_fwd_f64(const cnn_adaptive_pool2d_params *p, const double *x, double *y, int64_t *idx)

ctypedef fused floating:
    float
    double


cdef int _fill(cnn_pool2d_params *p, tuple shape, tuple k, tuple s, tuple pad, tuple d,
               bint ceil_mode) except -1:
    p.n, p.c, p.h, p.w = shape
    p.kh, p.kw = k
    p.sh, p.sw = s
    p.ph, p.pw = pad
    p.dh, p.dw = d
    p.ceil_mode = 1 if ceil_mode else 0
    p.count_include_pad = 1
    p.divisor_override = 0
    return 0


def output_shape(tuple hw, tuple k, tuple s, tuple pad, tuple d, bint ceil_mode) -> tuple:
    """(out_h, out_w) from the C formula (test hook; functional computes it in Python)."""
    cdef cnn_pool2d_params p
    _fill(&p, (1, 1) + hw, k, s, pad, d, ceil_mode)
    _check(cnn_pool2d_output_shape(&p), "pool2d_output_shape")
    return (p.out_h, p.out_w)


def maxpool2d_fwd(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y,
                  int64_t[:, :, :, ::1] idx, tuple k, tuple s, tuple pad, tuple d,
                  bint ceil_mode) -> None:
    """y (and idx unless None) = max_pool2d(x) for C-contiguous (N, C, H, W) x."""
    cdef cnn_pool2d_params p
    cdef cnn_status st
    _fill(&p, (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), k, s, pad, d, ceil_mode)
    p.out_h, p.out_w = y.shape[2], y.shape[3]
    if y.shape[0] != p.n or y.shape[1] != p.c or (
            idx is not None and (idx.shape[0] != y.shape[0] or idx.shape[1] != y.shape[1] or idx.shape[2] != y.shape[2] or idx.shape[3] != y.shape[3])):
        raise ValueError("maxpool2d_fwd: output shapes do not match")
    if p.n * p.c == 0:
        return
    cdef int64_t *ip = &idx[0, 0, 0, 0] if idx is not None else NULL
    with nogil:
        if floating is float:
            st = cnn_maxpool2d_fwd_f32(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0], ip)
        else:
            st = cnn_maxpool2d_fwd_f64(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0], ip)
    _check(st, "max_pool2d")


def avgpool2d_fwd(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y,
                  tuple k, tuple s, tuple pad, bint ceil_mode, bint count_include_pad,
                  int64_t divisor_override) -> None:
    """y = avg_pool2d(x) for C-contiguous (N, C, H, W) x; divisor_override 0 = none."""
    cdef cnn_pool2d_params p
    cdef cnn_status st
    _fill(&p, (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), k, s, pad, (1, 1), ceil_mode)
    p.count_include_pad = 1 if count_include_pad else 0
    p.divisor_override = divisor_override
    p.out_h, p.out_w = y.shape[2], y.shape[3]
    if y.shape[0] != p.n or y.shape[1] != p.c:
        raise ValueError("avgpool2d_fwd: output shape does not match")
    if p.n * p.c == 0:
        return
    with nogil:
        if floating is float:
            st = cnn_avgpool2d_fwd_f32(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0])
        else:
            st = cnn_avgpool2d_fwd_f64(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0])
    _check(st, "avg_pool2d")


def maxunpool2d_fwd(const floating[:, :, :, ::1] x, const int64_t[:, :, :, ::1] idx,
                    floating[:, :, :, ::1] y) -> int:
    """y = max_unpool2d(x, idx).  Returns -1, or (if an index is outside the
    output plane, in which case y is untouched) the flat position of the
    last invalid index (the one single-threaded PyTorch reports)."""
    cdef cnn_unpool2d_params p
    cdef cnn_status st
    cdef int64_t pos = -1
    p.n, p.c, p.h, p.w = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
    p.out_h, p.out_w = y.shape[2], y.shape[3]
    if (idx.shape[0] != x.shape[0] or idx.shape[1] != x.shape[1] or idx.shape[2] != x.shape[2] or idx.shape[3] != x.shape[3]) or y.shape[0] != p.n or y.shape[1] != p.c:
        raise ValueError("maxunpool2d_fwd: shapes do not match")
    if y.shape[0] * y.shape[1] * y.shape[2] * y.shape[3] == 0:
        return -1
    cdef const floating *xp = &x[0, 0, 0, 0] if x.shape[0] * x.shape[1] * x.shape[2] * x.shape[3] else NULL
    cdef const int64_t *ip = &idx[0, 0, 0, 0] if x.shape[0] * x.shape[1] * x.shape[2] * x.shape[3] else NULL
    with nogil:
        if floating is float:
            st = cnn_maxunpool2d_fwd_f32(&p, xp, ip, &y[0, 0, 0, 0])
        else:
            st = cnn_maxunpool2d_fwd_f64(&p, xp, ip, &y[0, 0, 0, 0])
        if st == CNN_EINDEX:
            st = cnn_maxunpool2d_find_invalid(&p, ip, &pos)
    _check(st, "max_unpool2d")
    return pos


def adaptive_avgpool2d_fwd(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y) -> None:
    """y = adaptive_avg_pool2d(x) to y's spatial size."""
    cdef cnn_adaptive_pool2d_params p
    cdef cnn_status st
    p.n, p.c, p.h, p.w = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
    p.out_h, p.out_w = y.shape[2], y.shape[3]
    if y.shape[0] != p.n or y.shape[1] != p.c:
        raise ValueError("adaptive_avgpool2d_fwd: output shape does not match")
    if y.shape[0] * y.shape[1] * y.shape[2] * y.shape[3] == 0:
        return
    with nogil:
        if floating is float:
            st = cnn_adaptive_avgpool2d_fwd_f32(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0])
        else:
            st = cnn_adaptive_avgpool2d_fwd_f64(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0])
    _check(st, "adaptive_avg_pool2d")


def adaptive_maxpool2d_fwd(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y,
                           int64_t[:, :, :, ::1] idx) -> None:
    """y (and idx unless None) = adaptive_max_pool2d(x) to y's spatial size."""
    cdef cnn_adaptive_pool2d_params p
    cdef cnn_status st
    p.n, p.c, p.h, p.w = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
    p.out_h, p.out_w = y.shape[2], y.shape[3]
    if y.shape[0] != p.n or y.shape[1] != p.c or (
            idx is not None and (idx.shape[0] != y.shape[0] or idx.shape[1] != y.shape[1] or idx.shape[2] != y.shape[2] or idx.shape[3] != y.shape[3])):
        raise ValueError("adaptive_maxpool2d_fwd: output shapes do not match")
    if y.shape[0] * y.shape[1] * y.shape[2] * y.shape[3] == 0:
        return
    cdef int64_t *ip = &idx[0, 0, 0, 0] if idx is not None else NULL
    with nogil:
        if floating is float:
            st = cnn_adaptive_maxpool2d_fwd_f32(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0], ip)
        else:
            st = cnn_adaptive_maxpool2d_fwd_f64(&p, &x[0, 0, 0, 0], &y[0, 0, 0, 0], ip)
    _check(st, "adaptive_max_pool2d")
