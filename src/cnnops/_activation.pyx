# cython: language_level=3
"""cnnops._activation: bridge to csrc/activation (pointwise activations).

Glue only: Python (cnnops.functional) has already checked dtypes, made the
arrays C-contiguous and allocated the outputs; here the C call runs without
the GIL and its status is checked.

Why ndarray + PyArray_DATA instead of typed memoryviews: these ops are
called on tiny arrays in inner loops, and acquiring two memoryviews (plus
the fused-type dispatch of a ``floating[::1]`` signature) costs ~1-2 us per
call, more than the whole kernel on a (1, 10) input.  The checks a memoryview
would do (dtype, C-contiguity, alignment, byte order, writeability, length)
are done here explicitly, so a wrong array raises instead of crashing.
"""
include "_common.pxi"

cimport numpy as cnp

cnp.import_array()

cdef extern from "cnnops/activation.h" nogil:
    ctypedef enum cnn_gelu_approx:
        CNN_GELU_NONE
        CNN_GELU_TANH
    cnn_status cnn_relu_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_relu_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_relu6_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_relu6_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_leaky_relu_fwd_f32(int64_t n, float s, const float *x, float *y)
    cnn_status cnn_leaky_relu_fwd_f64(int64_t n, double s, const double *x, double *y)
    cnn_status cnn_prelu_fwd_f32(int64_t outer, int64_t channels, int64_t inner,
                                 int64_t num_weights, const float *x, const float *w, float *y)
    cnn_status cnn_prelu_fwd_f64(int64_t outer, int64_t channels, int64_t inner,
                                 int64_t num_weights, const double *x, const double *w, double *y)
    cnn_status cnn_rrelu_fwd_f32(int64_t n, const float *x, const float *noise, float *y)
    cnn_status cnn_rrelu_fwd_f64(int64_t n, const double *x, const double *noise, double *y)
    cnn_status cnn_sigmoid_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_sigmoid_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_tanh_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_tanh_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_hardsigmoid_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_hardsigmoid_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_hardswish_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_hardswish_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_silu_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_silu_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_mish_fwd_f32(int64_t n, const float *x, float *y)
    cnn_status cnn_mish_fwd_f64(int64_t n, const double *x, double *y)
    cnn_status cnn_softplus_fwd_f32(int64_t n, float beta, float threshold, const float *x, float *y)
    cnn_status cnn_softplus_fwd_f64(int64_t n, double beta, double threshold, const double *x, double *y)
    cnn_status cnn_elu_fwd_f32(int64_t n, float alpha, const float *x, float *y)
    cnn_status cnn_elu_fwd_f64(int64_t n, double alpha, const double *x, double *y)
    cnn_status cnn_gelu_fwd_f32(int64_t n, cnn_gelu_approx a, const float *x, float *y)
    cnn_status cnn_gelu_fwd_f64(int64_t n, cnn_gelu_approx a, const double *x, double *y)
    size_t cnn_activation_stream_min_bytes()

cdef extern from "internal/cpu.h" nogil:
    int64_t cnn_cache_bytes(int level)

cdef extern from "activation/vmath_eval.h" nogil:
    cnn_status cnn_vmath_eval_f32(int fn, int isa, int64_t n, const float *x, float *y)
    cnn_status cnn_vmath_eval_f64(int fn, int isa, int64_t n, const double *x, double *y)

# Op codes for unary(); cnnops.functional._activation mirrors them.
RELU = 0
RELU6 = 1
LEAKY_RELU = 2
SIGMOID = 3
TANH = 4
HARDSIGMOID = 5
HARDSWISH = 6
SILU = 7
MISH = 8
SOFTPLUS = 9
ELU = 10
GELU = 11
GELU_TANH = 12
_NOPS = 13
_OP_NAMES = ("relu", "relu6", "leaky_relu", "sigmoid", "tanh", "hardsigmoid", "hardswish",
             "silu", "mish", "softplus", "elu", "gelu", "gelu")

VMATH_FUNCTIONS = ("exp", "log", "expm1", "log1p", "tanh", "erf")

cdef int _FLAGS_IN = cnp.NPY_ARRAY_C_CONTIGUOUS | cnp.NPY_ARRAY_ALIGNED
cdef int _FLAGS_OUT = _FLAGS_IN | cnp.NPY_ARRAY_WRITEABLE


cdef inline int _typenum(cnp.ndarray a, int flags, str what) except -1:
    """dtype number (NPY_FLOAT or NPY_DOUBLE) of a kernel-ready array."""
    cdef int t = cnp.PyArray_TYPE(a)
    if (t != cnp.NPY_FLOAT and t != cnp.NPY_DOUBLE) or not cnp.PyArray_ISNOTSWAPPED(a):
        raise TypeError(f"{what}: expected a native float32 or float64 array, got {a.dtype}")
    if (cnp.PyArray_FLAGS(a) & flags) != flags:
        raise ValueError(f"{what}: array must be C-contiguous, aligned"
                         + (" and writeable" if flags == _FLAGS_OUT else ""))
    return t


cdef inline int _pair(cnp.ndarray x, cnp.ndarray y, str what) except -1:
    cdef int t = _typenum(x, _FLAGS_IN, what)
    if _typenum(y, _FLAGS_OUT, what) != t:
        raise TypeError(f"{what}: input and output dtypes differ ({x.dtype} vs {y.dtype})")
    if cnp.PyArray_SIZE(x) != cnp.PyArray_SIZE(y):
        raise ValueError(f"{what}: input and output sizes differ")
    return t


def unary(int op, cnp.ndarray x not None, cnp.ndarray y not None,
          double p0=0.0, double p1=0.0) -> None:
    """y = op(x) elementwise over C-contiguous arrays of equal size and dtype.

    ``p0``/``p1``: negative_slope (LEAKY_RELU), alpha (ELU), beta and
    threshold (SOFTPLUS); rounded to the array dtype as PyTorch does.
    ``y`` may be ``x`` itself (in place).
    """
    if op < 0 or op >= _NOPS:
        raise ValueError(f"unary: unknown op code {op}")
    if not cnp.PyArray_ISALIGNED(x):
        x = x.copy()  # misaligned views (e.g. from a byte buffer): kernels need aligned T*
    cdef int t = _pair(x, y, _OP_NAMES[op])
    cdef int64_t n = cnp.PyArray_SIZE(x)
    cdef void *px = cnp.PyArray_DATA(x)
    cdef void *py = cnp.PyArray_DATA(y)
    cdef cnn_status st = CNN_OK
    if n == 0:
        return
    with nogil:
        if t == cnp.NPY_FLOAT:
            st = _unary_f32(op, n, <const float *>px, <float *>py, <float>p0, <float>p1)
        else:
            st = _unary_f64(op, n, <const double *>px, <double *>py, p0, p1)
    _check(st, _OP_NAMES[op])


cdef cnn_status _unary_f32(int op, int64_t n, const float *x, float *y, float p0, float p1) noexcept nogil:
    if op == 0:
        return cnn_relu_fwd_f32(n, x, y)
    elif op == 1:
        return cnn_relu6_fwd_f32(n, x, y)
    elif op == 2:
        return cnn_leaky_relu_fwd_f32(n, p0, x, y)
    elif op == 3:
        return cnn_sigmoid_fwd_f32(n, x, y)
    elif op == 4:
        return cnn_tanh_fwd_f32(n, x, y)
    elif op == 5:
        return cnn_hardsigmoid_fwd_f32(n, x, y)
    elif op == 6:
        return cnn_hardswish_fwd_f32(n, x, y)
    elif op == 7:
        return cnn_silu_fwd_f32(n, x, y)
    elif op == 8:
        return cnn_mish_fwd_f32(n, x, y)
    elif op == 9:
        return cnn_softplus_fwd_f32(n, p0, p1, x, y)
    elif op == 10:
        return cnn_elu_fwd_f32(n, p0, x, y)
    elif op == 11:
        return cnn_gelu_fwd_f32(n, CNN_GELU_NONE, x, y)
    return cnn_gelu_fwd_f32(n, CNN_GELU_TANH, x, y)


cdef cnn_status _unary_f64(int op, int64_t n, const double *x, double *y, double p0, double p1) noexcept nogil:
    if op == 0:
        return cnn_relu_fwd_f64(n, x, y)
    elif op == 1:
        return cnn_relu6_fwd_f64(n, x, y)
    elif op == 2:
        return cnn_leaky_relu_fwd_f64(n, p0, x, y)
    elif op == 3:
        return cnn_sigmoid_fwd_f64(n, x, y)
    elif op == 4:
        return cnn_tanh_fwd_f64(n, x, y)
    elif op == 5:
        return cnn_hardsigmoid_fwd_f64(n, x, y)
    elif op == 6:
        return cnn_hardswish_fwd_f64(n, x, y)
    elif op == 7:
        return cnn_silu_fwd_f64(n, x, y)
    elif op == 8:
        return cnn_mish_fwd_f64(n, x, y)
    elif op == 9:
        return cnn_softplus_fwd_f64(n, p0, p1, x, y)
    elif op == 10:
        return cnn_elu_fwd_f64(n, p0, x, y)
    elif op == 11:
        return cnn_gelu_fwd_f64(n, CNN_GELU_NONE, x, y)
    return cnn_gelu_fwd_f64(n, CNN_GELU_TANH, x, y)


def _stream_min_bytes() -> int:
    """Smallest output (bytes) written with streaming stores (test hook)."""
    return cnn_activation_stream_min_bytes()


def _llc_bytes() -> int:
    """Last-level cache bytes the kernels assume, 0 if unknown (test hook)."""
    return cnn_cache_bytes(0)


def relu_fwd(cnp.ndarray x not None, cnp.ndarray y not None) -> None:
    """y = relu(x) (kept for callers of the foundation's bridge)."""
    unary(RELU, x, y)


def prelu_fwd(cnp.ndarray x not None, cnp.ndarray w not None, cnp.ndarray y not None,
              int64_t outer, int64_t channels, int64_t inner) -> None:
    """PReLU over x viewed as (outer, channels, inner); w has 1 or `channels` slopes."""
    if not cnp.PyArray_ISALIGNED(x):
        x = x.copy()
    if not cnp.PyArray_ISALIGNED(w):
        w = w.copy()
    cdef int t = _pair(x, y, "prelu")
    if _typenum(w, _FLAGS_IN, "prelu") != t:
        raise TypeError("prelu: weight and input dtypes differ")
    cdef int64_t nw = cnp.PyArray_SIZE(w)
    if outer < 0 or channels < 0 or inner < 0:
        raise ValueError("prelu: negative size")
    if outer * channels * inner != cnp.PyArray_SIZE(x):
        raise ValueError("prelu: (outer, channels, inner) does not match the input size")
    cdef void *px = cnp.PyArray_DATA(x)
    cdef void *pw = cnp.PyArray_DATA(w)
    cdef void *py = cnp.PyArray_DATA(y)
    cdef cnn_status st
    with nogil:
        if t == cnp.NPY_FLOAT:
            st = cnn_prelu_fwd_f32(outer, channels, inner, nw, <const float *>px,
                                   <const float *>pw, <float *>py)
        else:
            st = cnn_prelu_fwd_f64(outer, channels, inner, nw, <const double *>px,
                                   <const double *>pw, <double *>py)
    _check(st, "prelu")


def rrelu_fwd(cnp.ndarray x not None, cnp.ndarray noise not None, cnp.ndarray y not None) -> None:
    """Training-mode RReLU: y = x <= 0 ? x * noise : x (noise: drawn slopes)."""
    if not cnp.PyArray_ISALIGNED(x):
        x = x.copy()
    cdef int t = _pair(x, y, "rrelu")
    if _typenum(noise, _FLAGS_IN, "rrelu") != t or cnp.PyArray_SIZE(noise) != cnp.PyArray_SIZE(x):
        raise ValueError("rrelu: noise must match the input's size and dtype")
    cdef int64_t n = cnp.PyArray_SIZE(x)
    cdef void *px = cnp.PyArray_DATA(x)
    cdef void *pn = cnp.PyArray_DATA(noise)
    cdef void *py = cnp.PyArray_DATA(y)
    cdef cnn_status st
    with nogil:
        if t == cnp.NPY_FLOAT:
            st = cnn_rrelu_fwd_f32(n, <const float *>px, <const float *>pn, <float *>py)
        else:
            st = cnn_rrelu_fwd_f64(n, <const double *>px, <const double *>pn, <double *>py)
    _check(st, "rrelu")


def vmath_eval(str fn, int isa, cnp.ndarray x not None, cnp.ndarray y not None) -> None:
    """Test hook: y = fn(x) through vmath.h's raw `isa` form (0 scalar,
    1 AVX2, 2 AVX-512); fn in VMATH_FUNCTIONS.  RuntimeError if the CPU
    cannot run that form."""
    cdef int f = VMATH_FUNCTIONS.index(fn)
    if not cnp.PyArray_ISALIGNED(x):
        x = x.copy()
    cdef int t = _pair(x, y, "vmath_eval")
    cdef int64_t n = cnp.PyArray_SIZE(x)
    cdef void *px = cnp.PyArray_DATA(x)
    cdef void *py = cnp.PyArray_DATA(y)
    cdef cnn_status st
    with nogil:
        if t == cnp.NPY_FLOAT:
            st = cnn_vmath_eval_f32(f, isa, n, <const float *>px, <float *>py)
        else:
            st = cnn_vmath_eval_f64(f, isa, n, <const double *>px, <double *>py)
    _check(st, "vmath_eval")
