# cython: language_level=3
"""cnnops._linear: bridge to csrc/gemm and csrc/linear (GEMM, Linear).

Glue only: cnnops.functional has checked shapes and dtypes and allocated the
outputs.  Memoryviews of any strides go in (element strides are passed to
the BLIS-style C API, so transposed and sliced inputs are not copied), the C
call runs without the GIL and its status is checked.
"""
include "_common.pxi"

cdef extern from "cnnops/gemm.h" nogil:
    cnn_status cnn_sgemm(int64_t m, int64_t n, int64_t k, float alpha,
                         const float *a, int64_t rsa, int64_t csa,
                         const float *b, int64_t rsb, int64_t csb,
                         float beta, float *c, int64_t rsc, int64_t csc)
    cnn_status cnn_dgemm(int64_t m, int64_t n, int64_t k, double alpha,
                         const double *a, int64_t rsa, int64_t csa,
                         const double *b, int64_t rsb, int64_t csb,
                         double beta, double *c, int64_t rsc, int64_t csc)

cdef extern from "cnnops/linear.h" nogil:
    cnn_status cnn_linear_fwd_f32(int64_t batch, int64_t in_features,
                                  int64_t out_features, const float *x,
                                  int64_t rsx, int64_t csx, const float *w,
                                  int64_t rsw, int64_t csw, const float *bias,
                                  float *y)
    cnn_status cnn_linear_fwd_f64(int64_t batch, int64_t in_features,
                                  int64_t out_features, const double *x,
                                  int64_t rsx, int64_t csx, const double *w,
                                  int64_t rsw, int64_t csw, const double *bias,
                                  double *y)
    int64_t cnn_linear_packed_size_f32(int64_t in_features, int64_t out_features)
    int64_t cnn_linear_packed_size_f64(int64_t in_features, int64_t out_features)
    cnn_status cnn_linear_pack_f32(int64_t in_features, int64_t out_features,
                                   const float *w, int64_t rsw, int64_t csw,
                                   float *packed, int64_t packed_size)
    cnn_status cnn_linear_pack_f64(int64_t in_features, int64_t out_features,
                                   const double *w, int64_t rsw, int64_t csw,
                                   double *packed, int64_t packed_size)
    cnn_status cnn_linear_fwd_packed_f32(int64_t batch, int64_t in_features,
                                         int64_t out_features, const float *x,
                                         int64_t rsx, int64_t csx,
                                         const float *packed, int64_t packed_size,
                                         const float *bias, float *y)
    cnn_status cnn_linear_fwd_packed_f64(int64_t batch, int64_t in_features,
                                         int64_t out_features, const double *x,
                                         int64_t rsx, int64_t csx,
                                         const double *packed, int64_t packed_size,
                                         const double *bias, double *y)

ctypedef fused floating:
    float
    double


def gemm(const floating[:, :] a, const floating[:, :] b, floating[:, :] c,
         double alpha=1.0, double beta=0.0) -> None:
    """c = alpha * a @ b + beta * c, any strides (element-aligned)."""
    cdef int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1]
    cdef int64_t it = sizeof(floating)
    if b.shape[0] != k or c.shape[0] != m or c.shape[1] != n:
        raise ValueError("gemm: inconsistent shapes")
    for s in (a.strides[0], a.strides[1], b.strides[0], b.strides[1],
              c.strides[0], c.strides[1]):
        if s % it:
            raise ValueError("gemm: strides must be multiples of the item size")
    cdef const floating *pa = &a[0, 0] if a.shape[0] and a.shape[1] else NULL
    cdef const floating *pb = &b[0, 0] if b.shape[0] and b.shape[1] else NULL
    cdef floating *pc = &c[0, 0] if c.shape[0] and c.shape[1] else NULL
    cdef int64_t rsa = a.strides[0] // it, csa = a.strides[1] // it
    cdef int64_t rsb = b.strides[0] // it, csb = b.strides[1] // it
    cdef int64_t rsc = c.strides[0] // it, csc = c.strides[1] // it
    cdef cnn_status st
    with nogil:
        if floating is float:
            st = cnn_sgemm(m, n, k, <float>alpha, pa, rsa, csa, pb, rsb, csb,
                           <float>beta, pc, rsc, csc)
        else:
            st = cnn_dgemm(m, n, k, alpha, pa, rsa, csa, pb, rsb, csb,
                           beta, pc, rsc, csc)
    _check(st, "gemm")


def linear_fwd(const floating[:, :] x, const floating[:, :] w, bias,
               floating[:, ::1] y) -> None:
    """y = x @ w.T + bias; x, w any strides, bias None or 1-D contiguous."""
    cdef int64_t m = x.shape[0], k = x.shape[1], n = w.shape[0]
    cdef int64_t it = sizeof(floating)
    cdef const floating[::1] bv
    cdef const floating *pbias = NULL
    if w.shape[1] != k or y.shape[0] != m or y.shape[1] != n:
        raise ValueError("linear_fwd: inconsistent shapes")
    for s in (x.strides[0], x.strides[1], w.strides[0], w.strides[1]):
        if s % it:
            raise ValueError("linear_fwd: strides must be multiples of the item size")
    if bias is not None:
        bv = bias
        if bv.shape[0] != n:
            raise ValueError("linear_fwd: bias length differs from out_features")
        if n:
            pbias = &bv[0]
    cdef const floating *px = &x[0, 0] if x.shape[0] and x.shape[1] else NULL
    cdef const floating *pw = &w[0, 0] if w.shape[0] and w.shape[1] else NULL
    cdef floating *py = &y[0, 0] if y.shape[0] and y.shape[1] else NULL
    cdef int64_t rsx = x.strides[0] // it, csx = x.strides[1] // it
    cdef int64_t rsw = w.strides[0] // it, csw = w.strides[1] // it
    cdef cnn_status st
    with nogil:
        if floating is float:
            st = cnn_linear_fwd_f32(m, k, n, px, rsx, csx, pw, rsw, csw, pbias, py)
        else:
            st = cnn_linear_fwd_f64(m, k, n, px, rsx, csx, pw, rsw, csw, pbias, py)
    _check(st, "linear")


def linear_packed_size(int64_t in_features, int64_t out_features, bint f64) -> int:
    """Elements of the inference pack of an (out_features, in_features) weight."""
    cdef int64_t r = (cnn_linear_packed_size_f64(in_features, out_features) if f64
                      else cnn_linear_packed_size_f32(in_features, out_features))
    if r < 0:
        raise OverflowError("linear_pack: the packed weight would be too large")
    return r


def linear_pack(const floating[:, :] w, floating[::1] packed) -> None:
    """Packs w (out_features, in_features; any strides) into packed (see cnnops/linear.h)."""
    cdef int64_t n = w.shape[0], k = w.shape[1], it = sizeof(floating)
    for s in (w.strides[0], w.strides[1]):
        if s % it:
            raise ValueError("linear_pack: strides must be multiples of the item size")
    cdef const floating *pw = &w[0, 0] if n and k else NULL
    cdef floating *pp = &packed[0] if packed.shape[0] else NULL
    cdef int64_t rsw = w.strides[0] // it, csw = w.strides[1] // it
    cdef int64_t size = packed.shape[0]
    cdef cnn_status st
    with nogil:
        if floating is float:
            st = cnn_linear_pack_f32(k, n, pw, rsw, csw, pp, size)
        else:
            st = cnn_linear_pack_f64(k, n, pw, rsw, csw, pp, size)
    _check(st, "linear_pack")


def linear_fwd_packed(const floating[:, :] x, const floating[::1] packed,
                      int64_t out_features, bias, floating[:, ::1] y) -> None:
    """y = x @ w.T + bias from linear_pack's packed w; x any strides."""
    cdef int64_t m = x.shape[0], k = x.shape[1], n = out_features
    cdef int64_t it = sizeof(floating)
    cdef const floating[::1] bv
    cdef const floating *pbias = NULL
    if y.shape[0] != m or y.shape[1] != n:
        raise ValueError("linear_fwd_packed: inconsistent shapes")
    for s in (x.strides[0], x.strides[1]):
        if s % it:
            raise ValueError("linear_fwd_packed: strides must be multiples of the item size")
    if bias is not None:
        bv = bias
        if bv.shape[0] != n:
            raise ValueError("linear_fwd_packed: bias length differs from out_features")
        if n:
            pbias = &bv[0]
    cdef const floating *px = &x[0, 0] if m and k else NULL
    cdef const floating *pp = &packed[0] if packed.shape[0] else NULL
    cdef floating *py = &y[0, 0] if m and n else NULL
    cdef int64_t rsx = x.strides[0] // it, csx = x.strides[1] // it
    cdef int64_t size = packed.shape[0]
    cdef cnn_status st
    with nogil:
        if floating is float:
            st = cnn_linear_fwd_packed_f32(m, k, n, px, rsx, csx, pp, size, pbias, py)
        else:
            st = cnn_linear_fwd_packed_f64(m, k, n, px, rsx, csx, pp, size, pbias, py)
    _check(st, "linear")
