"""Pointwise activations against PyTorch: values, edge values, layouts, every
ISA path, thread invariance, in-place semantics, errors, modules and repr.

ReLU's basic tests live in test_foundation.py; here ReLU runs with the rest.
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np
import pytest
from harness import (
    TOL,
    assert_bitwise_equal,
    assert_close,
    assert_repr_equal,
    assert_same_error,
    assert_thread_invariant,
    check_op,
    to_torch,
)

import cnnops
import cnnops.functional as F
import cnnops.nn as nn
from cnnops import _activation

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz"))
from opspec import torch_gelu  # noqa: E402

DTYPES = [np.float32, np.float64]


def tf(name):
    """torch.nn.functional.<name> (resolved lazily: torch may be absent); GELU
    through opspec.torch_gelu (PyTorch's float32 GELU differs by CPU at +inf
    and -0)."""
    def call(*a, **k):
        import torch
        if name == "gelu":
            return torch_gelu(torch, *a, **k)
        fn = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}.get(name) or getattr(torch.nn.functional, name)
        return fn(*a, **k)
    return call


# (id, cnnops function, torch function, kwargs); every op of the family.
OPS = [
    ("relu", F.relu, tf("relu"), {}),
    ("relu6", F.relu6, tf("relu6"), {}),
    ("leaky_relu", F.leaky_relu, tf("leaky_relu"), {}),
    ("leaky_relu[0.2]", F.leaky_relu, tf("leaky_relu"), {"negative_slope": 0.2}),
    ("leaky_relu[-1.5]", F.leaky_relu, tf("leaky_relu"), {"negative_slope": -1.5}),
    ("rrelu[eval]", F.rrelu, tf("rrelu"), {"lower": 0.1, "upper": 0.3}),
    ("sigmoid", F.sigmoid, tf("sigmoid"), {}),
    ("tanh", F.tanh, tf("tanh"), {}),
    ("hardsigmoid", F.hardsigmoid, tf("hardsigmoid"), {}),
    ("hardswish", F.hardswish, tf("hardswish"), {}),
    ("silu", F.silu, tf("silu"), {}),
    ("mish", F.mish, tf("mish"), {}),
    ("softplus", F.softplus, tf("softplus"), {}),
    ("softplus[2,5]", F.softplus, tf("softplus"), {"beta": 2.0, "threshold": 5.0}),
    ("softplus[-0.5,1]", F.softplus, tf("softplus"), {"beta": -0.5, "threshold": 1.0}),
    # beta not a power of two: the dividing kernel (powers of two multiply by 1/beta)
    ("softplus[0.3,7]", F.softplus, tf("softplus"), {"beta": 0.3, "threshold": 7.0}),
    ("elu", F.elu, tf("elu"), {}),
    ("elu[0.3]", F.elu, tf("elu"), {"alpha": 0.3}),
    ("gelu", F.gelu, tf("gelu"), {}),
    ("gelu[tanh]", F.gelu, tf("gelu"), {"approximate": "tanh"}),
]
OP_IDS = [o[0] for o in OPS]
INPLACE_OPS = [o for o in OPS if o[0].split("[")[0] in
               ("relu", "relu6", "leaky_relu", "rrelu", "hardsigmoid", "hardswish", "silu", "mish", "elu")]


def data(rng, shape, dtype, scale=4.0):
    return (rng.standard_normal(shape) * scale).astype(dtype)


# ---------------------------------------------------------------- values
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_values_all_isas(torch, isa, op, dtype, rng):
    """Sizes around every SIMD tile boundary (1..70) plus a big multi-thread
    one, on every ISA path, against a float64 PyTorch reference."""
    _, fn, tfn, kw = op
    x = data(rng, 70 + 4099, dtype)
    ref = tfn(to_torch(x, np.float64), **kw).numpy()
    for n in list(range(0, 71)) + [4099 + 70]:
        out = fn(x[:n], **kw)
        assert out.dtype == dtype and out.shape == (n,)
        assert_close(out, ref[:n], dtype, msg=f"n={n}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_layouts_and_shapes(torch, op, dtype, rng):
    _, fn, tfn, kw = op
    for shape in [(), (1,), (3, 5), (2, 3, 4, 5), (0,), (2, 0, 3)]:
        check_op(fn, tfn, [data(rng, shape, dtype)], kw)


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_wide_range_accuracy(torch, isa, op):
    """Dense sweep over [-120, 120] and tiny magnitudes: within the issue's
    tolerance of PyTorch in float64 (float32 results vs a float64 reference)."""
    _, fn, tfn, kw = op
    x = np.concatenate([np.linspace(-120, 120, 40001), np.geomspace(1e-30, 10, 2000),
                        -np.geomspace(1e-30, 10, 2000)])
    ref = tfn(to_torch(x), **kw).numpy()
    assert_close(fn(x, **kw), ref, np.float64)
    x32 = x.astype(np.float32)
    ref32 = tfn(to_torch(x32, np.float64), **kw).numpy()
    assert_close(fn(x32, **kw), ref32, np.float32)


SPECIAL = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-40, -1e-40, 5e-324, -5e-324, 1e-300, -1e-300,
           3.0, -3.0, 6.0, -6.0, 2.9999999, -2.9999999, 20.0, -20.0, 20.000001, 19.99999,
           88.72, 88.73, -87.3, -103.9, -104.5, 709.7, 709.8, -745.0, 1e30, -1e30, 3e38, -3e38,
           1e300, -1e300, 0.5, -0.5, 1.0, -1.0]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_special_values(torch, isa, op, dtype):
    """NaN, +-inf, +-0, denormals, overflow edges: same values as PyTorch in
    the same dtype (NaN where NaN), within tolerance of its float64 values,
    repeated so both the vector body and the masked tail see them."""
    _, fn, tfn, kw = op
    with np.errstate(over="ignore"):
        x = np.array(SPECIAL * 3, dtype)
    out = fn(x, **kw)
    same = tfn(to_torch(x), **kw).numpy()
    np.testing.assert_array_equal(np.isnan(out), np.isnan(same), err_msg="NaN positions")
    ref = tfn(to_torch(x, np.float64), **kw).numpy()
    # where the result overflows this dtype (or PyTorch's intermediate does):
    # the same +-inf as PyTorch
    big = ~np.isnan(same) & ~(np.abs(ref) < np.finfo(dtype).max)
    np.testing.assert_array_equal(out[big], same[big])
    # elsewhere within tolerance of the exact value (where PyTorch's float32
    # intermediate overflows but the result does not, either answer passes)
    keep = ~np.isnan(same) & ~big & (np.isfinite(same) | np.isfinite(out))
    assert_close(out[keep], ref[keep], dtype)


@pytest.mark.parametrize("op", [o for o in OPS if o[0] not in ("softplus[-0.5,1]", "leaky_relu[-1.5]")],
                         ids=lambda o: o[0])
@pytest.mark.parametrize("dtype", DTYPES)
def test_signed_zero(torch, isa, op, dtype):
    """-0 maps to what PyTorch gives (sign included)."""
    _, fn, tfn, kw = op
    x = np.array([-0.0, 0.0] * 20, dtype)
    out = fn(x, **kw)
    ref = tfn(to_torch(x), **kw).numpy()
    np.testing.assert_array_equal(np.signbit(out), np.signbit(ref))
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize("op", ["relu", "relu6", "leaky_relu", "hardsigmoid", "hardswish"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_piecewise_ops_bitwise_equal_pytorch(torch, isa, op, dtype, rng):
    """The piecewise-linear ops compute exactly PyTorch's expression."""
    x = data(rng, 5000, dtype)
    x[::7] = 3.0
    x[1::7] = -3.0
    x[2::11] = 6.0
    np.testing.assert_array_equal(getattr(F, op)(x), getattr(torch.nn.functional, op)(to_torch(x)).numpy())


def test_softplus_threshold_is_strict(torch):
    for dt in DTYPES:
        x = np.array([20.0, np.nextafter(dt(20), dt(21)), 10.0, 10.5], dt)
        out = F.softplus(x)
        assert out[1] == x[1] and (out[0] != x[0] or dt == np.float32)  # 20 + 2e-9 rounds to 20 in f32
        np.testing.assert_array_equal(out, torch.nn.functional.softplus(to_torch(x)).numpy())
        out = F.softplus(x, beta=2.0, threshold=20.0)
        assert (out[2] != x[2] or dt == np.float32) and out[3] == x[3]


def test_softplus_stable_where_pytorch_overflows(torch):
    """With a raised threshold PyTorch's float32 log1p(exp(x)) overflows to
    inf; cnnops evaluates it stably and matches the float64 value."""
    x = np.array([95.0, 200.0, -200.0], np.float32)
    out = F.softplus(x, threshold=1000.0)
    np.testing.assert_allclose(out, [95.0, 200.0, 0.0], rtol=1e-6)
    assert np.all(np.isfinite(out))
    np.testing.assert_array_equal(F.softplus(np.array([1.0]), beta=0), [np.inf])  # beta=0 -> inf


def test_sigmoid_silu_tiny_results_keep_precision(torch):
    x = np.array([-80.0, -100.0, -700.0])
    np.testing.assert_allclose(F.sigmoid(x), np.exp(x) / (1 + np.exp(x)), rtol=1e-14)
    np.testing.assert_allclose(F.silu(x), x * np.exp(x) / (1 + np.exp(x)), rtol=1e-14)


def test_gelu_tails_relative_accuracy():
    """gelu(x) = x/2 erfc(-x/sqrt 2): accurate in relative terms far into the
    negative tail (no 1 + erf cancellation)."""
    x = np.array([-5.0, -10.0, -20.0, -30.0])
    ref = np.array([0.5 * v * math.erfc(-v / math.sqrt(2)) for v in x])
    np.testing.assert_allclose(F.gelu(x), ref, rtol=1e-12)
    np.testing.assert_allclose(F.gelu(x[:2].astype(np.float32)), ref[:2], rtol=1e-6)


# ---------------------------------------------------------------- dtypes, threads
@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_integer_bool_and_half_become_float32(torch, op):
    _, fn, tfn, kw = op
    for x in (np.arange(-5, 5), np.array([True, False]), np.arange(-4, 4, dtype=np.int8),
              np.linspace(-3, 3, 9).astype(np.float16)):
        out = fn(x, **kw)
        assert out.dtype == np.float32
        assert_close(out, tfn(to_torch(x, np.float64), **kw).numpy(), np.float32)


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_bad_dtypes_raise_typeerror(op):
    _, fn, _, kw = op
    for bad in (np.array([1 + 2j]), np.array(["a"]), np.array([object()], dtype=object)):
        with pytest.raises(TypeError):
            fn(bad, **kw)


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_bitwise_identical_across_threads(op, rng):
    _, fn, _, kw = op
    x = data(rng, 300_001, np.float32)
    assert_thread_invariant(lambda: fn(x, **kw))
    x64 = data(rng, 100_003, np.float64)
    assert_thread_invariant(lambda: fn(x64, **kw), threads=(1, 3))


def test_prelu_and_rrelu_thread_invariant(rng):
    x = data(rng, (4, 7, 33, 35), np.float32)
    w = rng.uniform(0, 0.5, 7).astype(np.float32)
    assert_thread_invariant(lambda: F.prelu(x, w))
    x2 = data(rng, (400, 7, 3, 5), np.float32)
    assert_thread_invariant(lambda: F.prelu(x2, w))

    def rr():
        return F.rrelu(x, training=True, generator=np.random.default_rng(5))
    assert_thread_invariant(rr)



# Outputs over a quarter of the last-level cache (4 MiB if unknown) are
# written with streaming stores after a masked head up to the first aligned
# vector (csrc/activation/vunary.h): the values must be the ones the ordinary
# path gives piece by piece, for every output alignment, in place too, on
# every ISA.
STREAM_BYTES = _activation._stream_min_bytes()
STREAM_ELEMS = {dt: -(-STREAM_BYTES // np.dtype(dt).itemsize) for dt in (np.float32, np.float64)}


def _sysfs_llc_bytes() -> int:
    """The highest-level data/unified cache of cpu0 read from sysfs here, 0 if absent."""
    import glob
    best = (0, 0)
    for d in glob.glob("/sys/devices/system/cpu/cpu0/cache/index*"):
        try:
            kind = open(f"{d}/type").read().strip()
            level = int(open(f"{d}/level").read())
            size = open(f"{d}/size").read().strip()
        except OSError:
            continue
        if kind == "Instruction":
            continue
        mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(size[-1], 1)
        best = max(best, (level, int(size.rstrip("KMG")) * mult))
    return best[1]


def test_stream_threshold_follows_the_last_level_cache():
    llc = _sysfs_llc_bytes()
    assert _activation._llc_bytes() == llc
    assert STREAM_BYTES == (llc // 4 + 1 if llc > 0 else 4 << 20)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_just_below_and_at_the_stream_threshold(isa, dtype, rng):
    # the last ordinary-store size and the first streamed one agree with numpy
    for n in (STREAM_ELEMS[dtype] - 1, STREAM_ELEMS[dtype]):
        x = data(rng, n, dtype)
        assert_bitwise_equal(F.relu(x), np.where(x < 0, np.zeros((), dtype), x))


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
def test_streaming_stores_match_small_calls(isa, op, rng):
    _, fn, _, kw = op
    for dtype in DTYPES:
        n = STREAM_ELEMS[dtype] + 37
        buf = data(rng, n + 16, dtype)
        for off in (0, 1, 5):  # output alignment follows the input's (fresh outputs are aligned)
            x = buf[off:off + n]
            pieces = np.concatenate([fn(x[i:i + 100_003], **kw) for i in range(0, n, 100_003)])
            assert_bitwise_equal(fn(x, **kw), pieces)
            if op in INPLACE_OPS:
                y = np.zeros(n + 16, dtype)
                y[off:off + n] = x
                fn(y[off:off + n], inplace=True, **kw)
                assert_bitwise_equal(y[off:off + n], pieces)
                assert not y[:off].any() and not y[off + n:].any()  # neighbours untouched


def test_prelu_streaming_matches_small_calls(isa, rng):
    w = rng.uniform(-0.5, 0.5, 3).astype(np.float32)
    # segments, long rows, table path; the leading dim makes each output streamed
    for tail in [(3, 700, 301), (3, 301), (3, 11)]:
        lead = -(-STREAM_ELEMS[np.float32] // math.prod(tail)) + 1
        x = data(rng, (lead,) + tail, np.float32)
        shape = x.shape
        pieces = np.concatenate([F.prelu(x[i:i + 1], w) for i in range(shape[0])])
        assert_bitwise_equal(F.prelu(x, w), pieces)

# ---------------------------------------------------------------- in place
@pytest.mark.parametrize("op", INPLACE_OPS, ids=[o[0] for o in INPLACE_OPS])
@pytest.mark.parametrize("dtype", DTYPES)
def test_inplace_writes_and_returns_same_object(torch, op, dtype, rng):
    _, fn, tfn, kw = op
    x = data(rng, (3, 40), dtype)
    expect = fn(x, **kw)
    y = fn(x, **kw, inplace=True)
    assert y is x
    np.testing.assert_array_equal(x, expect)
    # non-contiguous view writes through to its base
    base = data(rng, (6, 40), dtype)
    view = base[::2, ::3]
    expect = fn(view.copy(), **kw)
    untouched = base[1::2].copy()
    assert fn(view, **kw, inplace=True) is view
    np.testing.assert_array_equal(base[::2, ::3], expect)
    np.testing.assert_array_equal(base[1::2], untouched)
    # 0-d and empty
    z = np.array(-2.0, dtype)
    assert fn(z, **kw, inplace=True) is z
    e = np.empty((0, 3), dtype)
    assert fn(e, **kw, inplace=True) is e


@pytest.mark.parametrize("op", INPLACE_OPS, ids=[o[0] for o in INPLACE_OPS])
def test_inplace_errors(torch, op):
    _, fn, tfn, kw = op
    ro = np.zeros(3)
    ro.setflags(write=False)
    with pytest.raises(ValueError):
        fn(ro, **kw, inplace=True)
    with pytest.raises(TypeError):
        fn([-1.0, 2.0], **kw, inplace=True)
    with pytest.raises(RuntimeError):
        fn(np.array([-1, 2]), **kw, inplace=True)
    x = np.broadcast_to(np.zeros(1), (3,))
    with pytest.raises((RuntimeError, ValueError)):
        fn(x, **kw, inplace=True)


def test_inplace_underscore_variants(rng):
    x = data(rng, 10, np.float64)
    for fn_, fn, kw in ((F.relu_, F.relu, {}), (F.leaky_relu_, F.leaky_relu, {"negative_slope": 0.3}),
                        (F.elu_, F.elu, {"alpha": 0.7}), (F.rrelu_, F.rrelu, {})):
        a = x.copy()
        assert fn_(a, **kw) is a
        np.testing.assert_array_equal(a, fn(x, **kw))


# ---------------------------------------------------------------- errors
def test_parameter_type_errors(torch):
    x = np.ones(3)
    t = to_torch(x)
    tfn = torch.nn.functional
    for cn, tc in [
        (lambda: F.leaky_relu(x, "a"), lambda: tfn.leaky_relu(t, "a")),
        (lambda: F.leaky_relu(x, None), lambda: tfn.leaky_relu(t, None)),
        (lambda: F.elu(x, "a"), lambda: tfn.elu(t, "a")),
        (lambda: F.softplus(x, "a"), lambda: tfn.softplus(t, "a")),
        (lambda: F.softplus(x, 1, "a"), lambda: tfn.softplus(t, 1, "a")),
        (lambda: F.rrelu(x, "a"), lambda: tfn.rrelu(t, "a")),
        (lambda: F.gelu(x, approximate=1), lambda: tfn.gelu(t, approximate=1)),
        (lambda: F.gelu(x, approximate="foo"), lambda: tfn.gelu(t, approximate="foo")),
        (lambda: F.rrelu(x, 0.5, 0.1), lambda: tfn.rrelu(t, 0.5, 0.1)),
        (lambda: F.rrelu(x, 0.5, 0.1, training=True), lambda: tfn.rrelu(t, 0.5, 0.1, training=True)),
    ]:
        assert_same_error(cn, tc, same_message=True)
    with pytest.raises(TypeError):
        F.softplus(x, inplace=True)
    with pytest.raises(TypeError):
        F.rrelu(x, training=True, generator=42)
    # bools and NumPy scalars are numbers, as in PyTorch
    np.testing.assert_array_equal(F.leaky_relu(-x, True), -x)
    np.testing.assert_array_equal(F.elu(x, np.float32(2)), x)


def test_prelu_errors(torch):
    tfn = torch.nn.functional
    cases = [
        (np.ones((2, 3)), np.ones((3, 1))),   # weight ndim 2
        (np.ones((2, 3)), np.ones(2)),        # mismatch
        (np.array(1.0), np.ones(2)),          # 0-d input, several weights
        (np.ones(3), np.ones(3)),             # 1-D input: one channel
        (np.ones((2, 3)), np.ones(0)),        # no weights
    ]
    for x, w in cases:
        assert_same_error(lambda: F.prelu(x, w), lambda: tfn.prelu(to_torch(x), to_torch(w)),
                          same_message=True)
    assert_same_error(lambda: F.prelu(np.ones((2, 3)), np.ones(3, np.float32)),
                      lambda: tfn.prelu(to_torch(np.ones((2, 3))), to_torch(np.ones(3, np.float32))),
                      same_message=True)
    assert_same_error(lambda: nn.PReLU(0)(np.ones((2, 3), np.float32)),
                      lambda: torch.nn.PReLU(0)(torch.ones(2, 3)), same_message=True)
    assert_same_error(lambda: nn.PReLU(-1), lambda: torch.nn.PReLU(-1), same_message=True)
    assert_same_error(lambda: nn.PReLU(2.5), lambda: torch.nn.PReLU(2.5), same_message=True)
    with pytest.raises(RuntimeError):  # f64 input, f32 weight: no promotion (as PyTorch)
        nn.PReLU()(np.ones(3))


def test_module_errors_at_call_time(torch):
    m = nn.RReLU(0.5, 0.1)   # builds, as in PyTorch
    assert_same_error(lambda: m(np.ones(3)), lambda: torch.nn.RReLU(0.5, 0.1)(torch.ones(3)),
                      same_message=True)
    m.eval()
    with pytest.raises(RuntimeError):
        m(np.ones(3))
    g = nn.GELU("foo")
    assert_same_error(lambda: g(np.ones(3)), lambda: torch.nn.GELU("foo")(torch.ones(3)),
                      same_message=True)


def test_bridge_rejects_bad_arrays():
    from cnnops import _activation as C
    x = np.ones(4, np.float32)
    with pytest.raises(TypeError):
        C.unary(C.RELU, x, np.ones(4))                      # dtype mismatch
    with pytest.raises(ValueError):
        C.unary(C.RELU, x, np.ones(5, np.float32))          # size mismatch
    with pytest.raises(ValueError):
        C.unary(C.RELU, np.ones(8, np.float32)[::2], x)     # not contiguous
    ro = np.ones(4, np.float32)
    ro.setflags(write=False)
    with pytest.raises(ValueError):
        C.unary(C.RELU, x, ro)                              # output read-only
    with pytest.raises(TypeError):
        C.unary(C.RELU, np.ones(4, np.int32), np.ones(4, np.int32))
    with pytest.raises(ValueError):
        C.unary(99, x, x.copy())
    with pytest.raises(TypeError):
        C.unary(C.RELU, [1.0], x)
    with pytest.raises(ValueError):
        C.prelu_fwd(x, np.ones(1, np.float32), x.copy(), 2, 3, 1)
    with pytest.raises(RuntimeError):                       # C core: weight count
        C.prelu_fwd(np.ones(6, np.float32), np.ones(2, np.float32), np.ones(6, np.float32), 2, 3, 1)
    # a misaligned (but contiguous) input is copied, not read misaligned
    buf = np.zeros(4 * 9 + 1, np.uint8)
    mis = buf[1:].view(np.float32)
    assert not mis.flags.aligned
    out = np.empty(9, np.float32)
    C.unary(C.SIGMOID, mis, out)
    np.testing.assert_array_equal(out, 0.5)


# ---------------------------------------------------------------- PReLU
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (2, 3, 7), (2, 3, 4, 5), (2, 3, 40), (3, 300), (1, 3, 1, 1),
                                   (700, 3), (2, 3, 33, 31), (4,), (), (0, 3), (2, 0)])
@pytest.mark.parametrize("per_channel", [False, True])
def test_prelu_values(torch, isa, dtype, shape, per_channel, rng):
    x = data(rng, shape, dtype)
    c = shape[1] if len(shape) >= 2 else 1
    w = rng.uniform(-0.5, 0.5, c if per_channel else 1).astype(dtype)
    check_op(F.prelu, torch.nn.functional.prelu, [x, w], exact_dtype_reference=True)


def test_prelu_scalar_weight_and_special_values(torch):
    x = np.array([[-0.0, np.nan, -np.inf, np.inf, -2.0]], np.float32).reshape(1, 5)
    for w in (np.float32(0.25), np.array(0.25, np.float32), np.array([0.25], np.float32)):
        ref = torch.nn.functional.prelu(to_torch(x), to_torch(np.asarray(w))).numpy()
        out = F.prelu(x, w)
        np.testing.assert_array_equal(out, ref)
        np.testing.assert_array_equal(np.signbit(out), np.signbit(ref))
    np.testing.assert_array_equal(F.prelu(np.array(-4.0), np.array([0.5])), np.array(-2.0))


def test_prelu_module(torch, rng):
    m, tm = nn.PReLU(3, init=0.1), torch.nn.PReLU(3, init=0.1)
    assert_repr_equal(m, tm)
    assert isinstance(m.weight, nn.Parameter) and m.weight.dtype == np.float32
    np.testing.assert_array_equal(m.weight, np.full(3, 0.1, np.float32))
    assert list(m.state_dict()) == ["weight"] and [p is m.weight for p in m.parameters()] == [True]
    assert m.num_parameters == 3 and m.init == 0.1
    x = data(rng, (2, 3, 4), np.float32)
    m.weight[...] = [0.1, -0.2, 0.3]
    with torch.no_grad():
        tm.weight.copy_(torch.tensor([0.1, -0.2, 0.3]))
    np.testing.assert_array_equal(m(x), tm(to_torch(x)).detach().numpy())
    assert_repr_equal(nn.PReLU(), torch.nn.PReLU())
    assert nn.PReLU(dtype=np.float64)(np.array([-1.0])).dtype == np.float64


# ---------------------------------------------------------------- RReLU
@pytest.mark.parametrize("dtype", DTYPES)
def test_rrelu_training_band_and_distribution(dtype, rng):
    lo, hi = 0.1, 0.3
    x = -np.abs(data(rng, 200_000, dtype)) - dtype(0.5)
    x[::5] *= -1  # some positives
    y = F.rrelu(x, lo, hi, training=True, generator=np.random.default_rng(1))
    pos = x > 0
    np.testing.assert_array_equal(y[pos], x[pos])
    slope = (y[~pos] / x[~pos]).astype(np.float64)
    eps = 4 * np.finfo(dtype).eps
    assert slope.min() >= lo * (1 - eps) and slope.max() <= hi * (1 + eps)
    assert abs(slope.mean() - (lo + hi) / 2) < 2e-3
    assert abs(slope.std() - (hi - lo) / math.sqrt(12)) < 2e-3
    hist = np.histogram(slope, bins=10, range=(lo, hi))[0] / slope.size
    np.testing.assert_allclose(hist, 0.1, atol=0.01)  # uniform


def test_rrelu_reproducible_and_module_modes(torch):
    x = -np.ones(1000, np.float32)
    cnnops.manual_seed(3)
    a = F.rrelu(x, training=True)
    cnnops.manual_seed(3)
    b = F.rrelu(x, training=True)
    np.testing.assert_array_equal(a, b)
    assert len(np.unique(a)) > 100
    c = F.rrelu(x, training=True, generator=np.random.default_rng(9))
    d = F.rrelu(x, training=True, generator=np.random.default_rng(9))
    np.testing.assert_array_equal(c, d)
    m = nn.RReLU()
    assert m.training and len(np.unique(m(x))) > 100
    m.eval()
    np.testing.assert_allclose(m(x), -(1 / 8 + 1 / 3) / 2, rtol=1e-7)
    t = torch.nn.RReLU().eval()
    np.testing.assert_array_equal(m(x), t(to_torch(x)).numpy())
    # lower == upper: every slope is that value
    np.testing.assert_array_equal(F.rrelu(x, 0.2, 0.2, training=True), np.float32(-0.2))
    # NaN and +-0 pass as in PyTorch's training kernel (x > 0 or NaN -> x)
    s = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf])
    out = F.rrelu(s, training=True)
    assert np.isnan(out[0]) and out[1] == 0 and out[3] == np.inf and out[4] == -np.inf


def test_rrelu_training_inplace(rng):
    x = data(rng, (4, 50), np.float64)
    base = x.copy()
    y = F.rrelu(x, training=True, inplace=True, generator=np.random.default_rng(2))
    assert y is x
    np.testing.assert_array_equal(x, F.rrelu(base, training=True, generator=np.random.default_rng(2)))
    v = base.copy()[:, ::2]
    z = F.rrelu(v, training=True, inplace=True, generator=np.random.default_rng(2))
    assert z is v and np.all((v > 0) == (base[:, ::2] > 0))


# ---------------------------------------------------------------- modules
def _module_pairs(torch):
    tn = torch.nn
    return [
        (nn.ReLU(), tn.ReLU()), (nn.ReLU(True), tn.ReLU(True)),
        (nn.ReLU6(), tn.ReLU6()), (nn.ReLU6(inplace=True), tn.ReLU6(inplace=True)),
        (nn.LeakyReLU(), tn.LeakyReLU()), (nn.LeakyReLU(0.2, True), tn.LeakyReLU(0.2, True)),
        (nn.LeakyReLU(1), tn.LeakyReLU(1)),
        (nn.PReLU(), tn.PReLU()), (nn.PReLU(3), tn.PReLU(3)),
        (nn.RReLU(), tn.RReLU()), (nn.RReLU(0.1, 0.3, True), tn.RReLU(0.1, 0.3, True)),
        (nn.Sigmoid(), tn.Sigmoid()), (nn.Tanh(), tn.Tanh()),
        (nn.Hardsigmoid(), tn.Hardsigmoid()), (nn.Hardsigmoid(True), tn.Hardsigmoid(True)),
        (nn.Hardswish(), tn.Hardswish()), (nn.Hardswish(True), tn.Hardswish(True)),
        (nn.SiLU(), tn.SiLU()), (nn.SiLU(True), tn.SiLU(True)),
        (nn.Mish(), tn.Mish()), (nn.Mish(True), tn.Mish(True)),
        (nn.Softplus(), tn.Softplus()), (nn.Softplus(2, 10), tn.Softplus(2, 10)),
        (nn.Softplus(beta=0.5), tn.Softplus(beta=0.5)),
        (nn.ELU(), tn.ELU()), (nn.ELU(alpha=0.5, inplace=True), tn.ELU(alpha=0.5, inplace=True)),
        (nn.GELU(), tn.GELU()), (nn.GELU("tanh"), tn.GELU("tanh")),
    ]


def test_module_reprs(torch):
    for m, t in _module_pairs(torch):
        assert_repr_equal(m, t)
    seq = nn.Sequential(nn.Linear(4, 3), nn.Hardswish(), nn.GELU("tanh")) if hasattr(nn, "Linear") else None
    if seq is not None:
        assert repr(seq) == repr(torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Hardswish(),
                                                     torch.nn.GELU("tanh")))


def test_module_forward_matches_pytorch(torch, rng):
    x = data(rng, (2, 3, 5), np.float32)
    for m, t in _module_pairs(torch):
        if isinstance(m, nn.RReLU):
            m.eval()
            t.eval()
        if getattr(m, "inplace", False):
            a = x.copy()
            out = m(a)
            assert out is a
        else:
            out = m(x)
        # float64 reference: PyTorch's own float32 GELU is off by up to 1e-4 relative
        if isinstance(t, torch.nn.PReLU):
            t = t.double()
        assert_close(out, t(to_torch(x, np.float64)).detach().numpy(), np.float32, msg=repr(m))
    assert nn.ReLU().forward(np.array([-1.0])) == 0.0


def test_module_attributes_like_pytorch(torch):
    tn = torch.nn
    for m, t in _module_pairs(torch):
        for attr in ("inplace", "negative_slope", "lower", "upper", "beta", "threshold", "alpha",
                     "approximate", "num_parameters", "min_val", "max_val"):
            if hasattr(t, attr):
                assert getattr(m, attr) == getattr(t, attr), (repr(m), attr)
    assert list(nn.ReLU().state_dict()) == list(tn.ReLU().state_dict()) == []


def test_seed_examples():
    """The examples of the original (Chinese) documentation."""
    np.testing.assert_allclose(nn.LeakyReLU(0.1)(np.array([-1.0, 2.0, -3.0, 4.0, 0.0])),
                               [-0.1, 2.0, -0.3, 4.0, 0.0])
    np.testing.assert_allclose(nn.Sigmoid()(np.array([[1.0, 2.0], [3.0, 4.0]])),
                               1 / (1 + np.exp(-np.array([[1.0, 2.0], [3.0, 4.0]]))), rtol=1e-15)


def test_tolerances_are_the_issues():
    assert TOL[np.dtype(np.float32)] == dict(rtol=1e-6, atol=1e-7)
    assert TOL[np.dtype(np.float64)]["rtol"] <= 1e-12


def test_hypothesis_against_numpy_formulas():
    hyp = pytest.importorskip("hypothesis")
    from harness import float_arrays, shapes
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from([np.float32, np.float64]).flatmap(
        lambda dt: float_arrays(dt, shapes(max_dims=3, max_side=20), lo=-60, hi=60)))
    def run(x):
        x64 = x.astype(np.float64)
        sig = 1 / (1 + np.exp(-x64))
        tol = TOL[x.dtype]
        np.testing.assert_allclose(F.sigmoid(x), sig, **tol)
        np.testing.assert_allclose(F.silu(x), x64 * sig, **tol)
        np.testing.assert_allclose(F.tanh(x), np.tanh(x64), **tol)
        np.testing.assert_allclose(F.elu(x), np.where(x64 > 0, x64, np.expm1(x64)), **tol)
        np.testing.assert_allclose(F.softplus(x), np.where(x64 > 20, x64, np.logaddexp(0, x64)), **tol)
        np.testing.assert_allclose(F.mish(x), x64 * np.tanh(np.logaddexp(0, x64)), **tol)
        np.testing.assert_array_equal(F.relu6(x), np.clip(x, 0, 6))
    run()


def test_relative_accuracy_of_tiny_results(isa):
    """Where results are far below atol the tolerance hides errors: check
    relative accuracy there directly (exp(z) < ulp(1) regime of softplus,
    the tails of sigmoid/silu/mish/elu)."""
    x = np.linspace(-45, -20, 20001)
    for fn, ref in ((F.softplus, np.log1p(np.exp(x))), (F.sigmoid, np.exp(x) / (1 + np.exp(x))),
                    (F.silu, x * np.exp(x) / (1 + np.exp(x))), (F.mish, x * np.tanh(np.log1p(np.exp(x)))),
                    (F.elu, np.expm1(x))):
        np.testing.assert_allclose(fn(x), ref, rtol=1e-13, atol=0, err_msg=fn.__name__)
        x32 = x.astype(np.float32)
        r32 = {F.softplus: np.log1p(np.exp(x32.astype(np.float64)))}.get(fn)
        if r32 is not None:
            np.testing.assert_allclose(fn(x32), r32, rtol=3e-7, atol=0)


def test_parameters_must_fit_the_dtype(torch):
    """float32 input with a finite parameter beyond float32's range, or an
    infinite/NaN RReLU bound: PyTorch's RuntimeError (float64 input is fine)."""
    x = np.linspace(-2, 2, 8, dtype=np.float32)
    tx = to_torch(x)
    tfn = torch.nn.functional
    for cn, tc in [
        (lambda: F.leaky_relu(x, 1e308), lambda: tfn.leaky_relu(tx, 1e308)),
        (lambda: F.leaky_relu(x, -3.5e38), lambda: tfn.leaky_relu(tx, -3.5e38)),
        (lambda: F.leaky_relu(x.copy(), 1e308, True), lambda: tfn.leaky_relu(tx.clone(), 1e308, True)),
        (lambda: F.elu(x, 1e308), lambda: tfn.elu(tx, 1e308)),
        (lambda: F.softplus(x, 1e308), lambda: tfn.softplus(tx, 1e308)),
        (lambda: F.softplus(x, 1, 1e308), lambda: tfn.softplus(tx, 1, 1e308)),
        (lambda: F.rrelu(x, 0.1, math.inf), lambda: tfn.rrelu(tx, 0.1, math.inf)),
        (lambda: F.rrelu(x, math.nan, 0.3), lambda: tfn.rrelu(tx, math.nan, 0.3)),
        (lambda: F.rrelu(x, -math.inf, 0.3, training=True), lambda: tfn.rrelu(tx, -math.inf, 0.3, training=True)),
        (lambda: F.rrelu(x, 1e308, 0.1), lambda: tfn.rrelu(tx, 1e308, 0.1)),
        (lambda: F.rrelu(x, -1e308, 0.1), lambda: tfn.rrelu(tx, -1e308, 0.1)),
        (lambda: F.rrelu(x, 0.1, 1e308, training=True), lambda: tfn.rrelu(tx, 0.1, 1e308, training=True)),
    ]:
        assert_same_error(cn, tc, same_message=True)
    # inf / NaN parameters and float64 inputs are accepted, as in PyTorch
    for kw in ({"negative_slope": math.inf}, {"negative_slope": math.nan}, {"negative_slope": 3.4028234663852886e38}):
        assert_close(F.leaky_relu(x, **kw), tfn.leaky_relu(tx, **kw).numpy(), np.float32)
    np.testing.assert_array_equal(F.leaky_relu(x.astype(np.float64), 1e308),
                                  tfn.leaky_relu(to_torch(x.astype(np.float64)), 1e308).numpy())
    assert_close(F.softplus(x, 1, math.inf), tfn.softplus(to_torch(x, np.float64), 1, math.inf).numpy(), np.float32)
