"""Pooling family against PyTorch: max/avg pool 1d/2d, max unpool 1d/2d, adaptive pools.

Values, indices AND errors (exception type and message) are compared with
torch 2.13 over exhaustive sweeps of small cases, random wide cases (which
reach the SIMD column kernels) on every ISA path, NaN/-inf/ties, unbatched
and empty inputs, memory layouts, thread counts and the module reprs.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import nn
from harness import (assert_close, assert_repr_equal, assert_same_error, assert_thread_invariant,
                     check_op, require_torch)

torch = require_torch()  # a skip, or a failure under CNNOPS_REQUIRE_TORCH=1
TF = torch.nn.functional


# -- helpers ------------------------------------------------------------------------------
def _norm_msg(s: str) -> str:
    return s.split("\nException raised from")[0].split(" (Triggered internally")[0].strip()


def _run(fn):
    try:
        return ("ok", fn())
    except Exception as e:  # noqa: BLE001
        return ("err", type(e), _norm_msg(str(e)))


def _np(r):
    if isinstance(r, tuple):
        return tuple(_np(v) for v in r)
    return r.detach().numpy() if isinstance(r, torch.Tensor) else np.asarray(r)


def _compare(ours, ref, ctx, *, rtol=None, atol=None, exact=False):
    """Both raised the same error (type and message), or gave the same values/indices."""
    assert ours[0] == ref[0], f"{ctx}: cnnops {ours[0]} {ours[1:]} vs torch {ref[0]} {ref[1:]}"
    if ours[0] == "err":
        assert ours[1] is ref[1], f"{ctx}: {ours[1].__name__} vs torch {ref[1].__name__}: {ref[2]}"
        assert ours[2] == ref[2], f"{ctx}: message {ours[2]!r} != torch {ref[2]!r}"
        return
    a, b = ours[1], _np(ref[1])
    if isinstance(b, tuple):
        assert isinstance(a, tuple) and len(a) == len(b), ctx
        _compare(("ok", a[0]), ("ok", b[0]), ctx, rtol=rtol, atol=atol, exact=exact)
        assert a[1].dtype == np.int64, ctx
        np.testing.assert_array_equal(a[1], b[1], err_msg=f"{ctx}: indices")
        return
    assert a.shape == b.shape, f"{ctx}: shape {a.shape} vs {b.shape}"
    if exact:
        np.testing.assert_array_equal(a, b, err_msg=ctx)
    else:
        assert_close(a, b, rtol=rtol, atol=atol, msg=ctx)


def _tie_data(rng, shape, dtype=np.float64, specials=True):
    """Small integers (many ties) with some NaN and -inf sprinkled in."""
    x = rng.integers(-3, 4, size=shape).astype(dtype)
    if specials and x.size:
        flat = x.reshape(-1)
        flat[rng.random(flat.size) < 0.04] = -np.inf
        flat[rng.random(flat.size) < 0.03] = np.nan
    return x


def _param_combos():
    """(size, k, s, p, d, ceil) over the issue's ranges, plus one padding too large."""
    for L in range(1, 10):
        for k in range(1, 5):
            for s in range(1, 4):
                for p in range(0, k // 2 + 2):
                    for d in (1, 2):
                        for ceil in (False, True):
                            yield L, k, s, p, d, ceil


COMBOS = list(_param_combos())


# -- exhaustive 1-D sweeps (every combination) -----------------------------------------------
def test_max_pool1d_sweep_with_indices(rng):
    for L, k, s, p, d, ceil in COMBOS:
        x = _tie_data(rng, (2, L))
        ctx = f"max_pool1d(L={L}, k={k}, s={s}, p={p}, d={d}, ceil={ceil})"
        ours = _run(lambda: F.max_pool1d(x, k, s, p, d, ceil, return_indices=True))
        ref = _run(lambda: TF.max_pool1d(torch.from_numpy(x), k, s, p, d, ceil, return_indices=True))
        _compare(ours, ref, ctx, exact=True)


def test_max_pool1d_sweep_values_path(rng):
    # max_pool1d without indices has its own checks and messages in PyTorch
    for L, k, s, p, d, ceil in COMBOS:
        x = _tie_data(rng, (1, 2, L))
        ctx = f"max_pool1d(L={L}, k={k}, s={s}, p={p}, d={d}, ceil={ceil})"
        _compare(_run(lambda: F.max_pool1d(x, k, s, p, d, ceil)),
                 _run(lambda: TF.max_pool1d(torch.from_numpy(x), k, s, p, d, ceil)), ctx, exact=True)


def test_avg_pool1d_sweep(rng):
    for L, k, s, p, d, ceil in COMBOS:
        if d != 1:
            continue
        x = rng.standard_normal((2, 1, L))
        for cip in (True, False):
            ctx = f"avg_pool1d(L={L}, k={k}, s={s}, p={p}, ceil={ceil}, cip={cip})"
            _compare(_run(lambda: F.avg_pool1d(x, k, s, p, ceil, cip)),
                     _run(lambda: TF.avg_pool1d(torch.from_numpy(x), k, s, p, ceil, cip)), ctx)


# -- 2-D sweeps: every H-combination, each paired with a sampled W-combination -----------
def test_max_pool2d_sweep(rng):
    order = rng.permutation(len(COMBOS))
    for n, (H, kh, sh, ph, dh, ceil) in enumerate(COMBOS):
        W, kw, sw, pw, dw, _ = COMBOS[order[n]]
        x = _tie_data(rng, (1, 2, H, W))
        args = ((kh, kw), (sh, sw), (ph, pw), (dh, dw), ceil)
        ctx = f"max_pool2d({x.shape}, {args})"
        tx = torch.from_numpy(x)
        _compare(_run(lambda: F.max_pool2d(x, *args, return_indices=True)),
                 _run(lambda: TF.max_pool2d(tx, *args, return_indices=True)), ctx, exact=True)
        if n % 3 == 0:
            _compare(_run(lambda: F.max_pool2d(x, *args)), _run(lambda: TF.max_pool2d(tx, *args)),
                     ctx, exact=True)


def test_avg_pool2d_sweep(rng):
    order = rng.permutation(len(COMBOS))
    n = 0
    for H, kh, sh, ph, _, ceil in COMBOS:
        W, kw, sw, pw, _, _ = COMBOS[order[n % len(COMBOS)]]
        n += 1
        x = rng.standard_normal((2, 1, H, W))
        cip = bool(n % 2)
        div = (None, 3, -2)[n % 3]
        args = ((kh, kw), (sh, sw), (ph, pw), ceil, cip, div)
        ctx = f"avg_pool2d({x.shape}, {args})"
        _compare(_run(lambda: F.avg_pool2d(x, *args)),
                 _run(lambda: TF.avg_pool2d(torch.from_numpy(x), *args)), ctx)


# -- wide inputs: the SIMD column kernels, every ISA, both dtypes ---------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_wide_random_cases_every_isa(isa, dtype):
    rng = np.random.default_rng(7)
    for case in range(70):
        k = (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
        s = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        p = (int(rng.integers(0, k[0] // 2 + 1)), int(rng.integers(0, k[1] // 2 + 1)))
        d = (int(rng.integers(1, 3)), int(rng.integers(1, 4)))
        ceil = bool(rng.integers(2))
        shape = (int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 12)),
                 int(rng.integers(16, 120)))
        x = _tie_data(rng, shape, dtype, specials=case % 2 == 0)
        tx = torch.from_numpy(x)
        ctx = f"[{isa} {np.dtype(dtype)}] {shape} k={k} s={s} p={p} d={d} ceil={ceil}"
        ref = _run(lambda: TF.max_pool2d(tx, k, s, p, d, ceil, return_indices=True))
        _compare(_run(lambda: F.max_pool2d(x, k, s, p, d, ceil, return_indices=True)), ref, ctx,
                 exact=True)
        _compare(_run(lambda: F.max_pool2d(x, k, s, p, d, ceil)),
                 ("ok", ref[1][0]) if ref[0] == "ok" else ref, ctx, exact=True)
        xa = rng.standard_normal(shape).astype(dtype)
        for cip, div in ((True, None), (False, None), (True, 5)):
            _compare(_run(lambda: F.avg_pool2d(xa, k, s, p, ceil, cip, div)),
                     _run(lambda: TF.avg_pool2d(torch.from_numpy(xa), k, s, p, ceil, cip, div)),
                     f"avg {ctx} cip={cip} div={div}", rtol=1e-5 if dtype == np.float32 else None,
                     atol=1e-6 if dtype == np.float32 else None)


def test_wide_avg_bitwise_float32(isa):
    # same summation order as PyTorch's kernel: identical float32 results
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 13, 75)).astype(np.float32)
    for k, s, p in ((2, 2, 0), (3, 1, 1), (3, 2, 1), (4, 3, 2)):
        ref = TF.avg_pool2d(torch.from_numpy(x), k, s, p).numpy()
        np.testing.assert_array_equal(F.avg_pool2d(x, k, s, p), ref)


# -- NaN, -inf, ties ------------------------------------------------------------------------
def test_nan_inf_and_ties(isa):
    x = np.array([[[[3, np.nan], [np.nan, 1]]]])
    y, i = F.max_pool2d(x, 2, return_indices=True)
    assert np.isnan(y[0, 0, 0, 0]) and i[0, 0, 0, 0] == 2  # the last NaN wins
    x = np.full((1, 1, 2, 40), -np.inf, np.float32)
    y, i = F.max_pool2d(x, 2, return_indices=True)
    assert np.all(y == -np.inf)
    np.testing.assert_array_equal(i[0, 0, 0], np.arange(0, 40, 2))  # first in-bounds element
    x = np.ones((1, 1, 4, 40), np.float32)
    y, i = F.max_pool2d(x, 3, 1, 1, return_indices=True)
    ref = TF.max_pool2d(torch.from_numpy(x), 3, 1, 1, return_indices=True)
    np.testing.assert_array_equal(i, ref[1].numpy())  # ties: first index
    for v in ([1.0, np.nan], [3.0, np.inf], [-np.inf, 2.0]):
        a = np.array([[v * 20]])
        np.testing.assert_array_equal(F.avg_pool1d(a, 2), TF.avg_pool1d(torch.tensor(a), 2).numpy())


def test_window_entirely_in_padding_gap():
    # dilation jumps over the whole input: -inf with PyTorch's (out-of-plane) index
    x = np.arange(1.0, 4.0).reshape(1, 1, 1, 3)
    ref = TF.max_pool2d(torch.from_numpy(x), 2, 1, 1, 2, return_indices=True)
    _compare(("ok", F.max_pool2d(x, 2, 1, 1, 2, return_indices=True)), ("ok", ref), "gap", exact=True)


def test_spec_examples():
    a = np.arange(1.0, 6.0).reshape(1, 1, 5)
    assert_close(F.avg_pool1d(a, 4, 3, 2, ceil_mode=True), [[[0.75, 3.5, 5 / 3]]])
    assert_close(F.avg_pool1d(a, 4, 3, 2, ceil_mode=True, count_include_pad=False), [[[1.5, 3.5, 5.0]]])
    b = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    assert_close(F.avg_pool2d(b, 2, 2, ceil_mode=True), [[[[3, 4.5], [7.5, 9]]]])
    for n, k, s, p, out in ((5, 2, 2, 0, 3), (5, 2, 3, 1, 2), (3, 2, 2, 1, 2), (4, 3, 2, 1, 3)):
        assert F.max_pool1d(np.zeros((1, n)), k, s, p, ceil_mode=True).shape[-1] == out


def test_seed_examples():
    assert nn.MaxPool2d((2, 2), stride=(2, 2))(np.zeros((1, 3, 512, 512), np.float32)).shape == (1, 3, 256, 256)
    ones = np.ones((1, 1, 4, 4), np.float32)
    np.testing.assert_array_equal(nn.AvgPool2d((2, 2), stride=(2, 2))(ones), np.ones((1, 1, 2, 2)))
    assert_close(nn.AvgPool2d((2, 2), stride=(2, 2), divisor_override=3)(ones), np.full((1, 1, 2, 2), 4 / 3))
    x = np.random.default_rng(1).integers(0, 5, (1, 1, 4, 4)).astype(np.float32)
    y, i = nn.MaxPool2d((2, 2), stride=(2, 2), return_indices=True)(x)
    r = np.random.default_rng(2).standard_normal(y.shape).astype(np.float32)
    u = nn.MaxUnpool2d((2, 2), stride=(2, 2))(r, i)
    ref = TF.max_unpool2d(torch.from_numpy(r), torch.from_numpy(i), 2, 2).numpy()
    np.testing.assert_array_equal(u, ref)


# -- layouts, dtypes, unbatched, empty --------------------------------------------------
def test_layouts_and_dtypes(rng):
    x = rng.standard_normal((2, 3, 9, 20))
    for dt in (np.float32, np.float64):
        check_op(F.max_pool2d, TF.max_pool2d, [x.astype(dt)], dict(kernel_size=3, stride=2, padding=1))
        check_op(F.avg_pool2d, TF.avg_pool2d, [x.astype(dt)], dict(kernel_size=(2, 3), stride=1),
                 rtol=1e-5, atol=1e-6)
        check_op(F.adaptive_avg_pool2d, TF.adaptive_avg_pool2d, [x.astype(dt)], dict(output_size=(4, 7)),
                 rtol=1e-5, atol=1e-6)
        check_op(F.adaptive_max_pool2d, TF.adaptive_max_pool2d, [x.astype(dt)], dict(output_size=5))
    xi = rng.integers(-5, 5, (1, 2, 6, 6))
    y = F.max_pool2d(xi, 2)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, TF.max_pool2d(torch.from_numpy(xi.astype(np.float32)), 2).numpy())
    with pytest.raises(TypeError):
        F.max_pool2d(np.zeros((1, 2, 2), np.complex64), 2)


def test_unbatched_and_empty(rng):
    x3 = rng.standard_normal((3, 7, 8))
    for fn, tfn, kw in ((F.max_pool2d, TF.max_pool2d, dict(kernel_size=2, return_indices=True)),
                        (F.avg_pool2d, TF.avg_pool2d, dict(kernel_size=3, padding=1)),
                        (F.adaptive_avg_pool2d, TF.adaptive_avg_pool2d, dict(output_size=(3, None))),
                        (F.adaptive_max_pool2d, TF.adaptive_max_pool2d, dict(output_size=4, return_indices=True))):
        _compare(("ok", fn(x3, **kw)), ("ok", tfn(torch.from_numpy(x3), **kw)), fn.__name__)
    x2 = rng.standard_normal((3, 11))
    for fn, tfn, kw in ((F.max_pool1d, TF.max_pool1d, dict(kernel_size=3, stride=2, return_indices=True)),
                        (F.max_pool1d, TF.max_pool1d, dict(kernel_size=3, stride=2)),
                        (F.avg_pool1d, TF.avg_pool1d, dict(kernel_size=2)),
                        (F.adaptive_avg_pool1d, TF.adaptive_avg_pool1d, dict(output_size=4)),
                        (F.adaptive_max_pool1d, TF.adaptive_max_pool1d, dict(output_size=4, return_indices=True))):
        _compare(("ok", fn(x2, **kw)), ("ok", tfn(torch.from_numpy(x2), **kw)), fn.__name__)
    # unbatched round trip
    y, i = F.max_pool2d(x3, 2, return_indices=True)
    ty, ti = TF.max_pool2d(torch.from_numpy(x3), 2, return_indices=True)
    _compare(("ok", F.max_unpool2d(y, i, 2, output_size=(7, 8))),
             ("ok", TF.max_unpool2d(ty, ti, 2, output_size=(7, 8))), "unpool unbatched", exact=True)
    y, i = F.max_pool1d(x2, 2, return_indices=True)
    ty, ti = TF.max_pool1d(torch.from_numpy(x2), 2, return_indices=True)
    _compare(("ok", F.max_unpool1d(y, i, 2, output_size=[11])),
             ("ok", TF.max_unpool1d(ty, ti, 2, output_size=[11])), "unpool1d unbatched", exact=True)
    # empty batch is allowed
    e = np.zeros((0, 2, 5, 5), np.float32)
    assert F.max_pool2d(e, 2).shape == (0, 2, 2, 2)
    assert F.max_pool2d(e, 2, return_indices=True)[1].shape == (0, 2, 2, 2)
    assert F.avg_pool2d(e, 2).shape == (0, 2, 2, 2)
    assert F.adaptive_avg_pool2d(e, 3).shape == (0, 2, 3, 3)
    assert F.max_unpool2d(e, np.zeros(e.shape, np.int64) - 5, 2).shape == (0, 2, 10, 10)
    assert F.adaptive_avg_pool2d(np.zeros((1, 2, 3, 3)), 0).shape == (1, 2, 0, 0)


# -- errors: bad arguments and inputs --------------------------------------------------------
BAD_CALLS = [
    ("max_pool2d", (np.zeros((1, 4, 4)), 0), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), -1), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(stride=0)),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(stride=-1)),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(stride=(2, 0))),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(dilation=0)),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(padding=-1)),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(padding=2)),
    ("max_pool2d", (np.zeros((1, 4, 4)), 3), dict(padding=2, dilation=3)),
    ("max_pool2d", (np.zeros((1, 4, 4)), (2, -2)), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), 5), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), (2, 2, 2)), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(stride=(1, 1, 1))),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(padding=(0, 0, 0))),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2), dict(dilation=(1, 1, 1))),
    ("max_pool2d", (np.zeros((4, 4)), 2), {}),
    ("max_pool2d", (np.zeros((1, 1, 1, 4, 4)), 2), {}),
    ("max_pool2d", (np.zeros((1, 0, 5, 5)), 2), {}),
    ("max_pool2d", (np.zeros((0, 4, 4)), 2), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), 2.0), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), True), {}),
    ("max_pool2d", (np.zeros((1, 4, 4)), (2, 2.5)), {}),
    ("avg_pool2d", (np.zeros((4, 4)), 2), {}),
    ("avg_pool2d", (np.zeros((1, 1, 1, 4, 4)), 2), {}),
    ("avg_pool2d", (np.zeros((1, 4, 4)), 0), {}),
    ("avg_pool2d", (np.zeros((1, 4, 4)), 2), dict(divisor_override=0)),
    ("avg_pool2d", (np.zeros((1, 4, 4)), 2), dict(padding=2)),
    ("avg_pool2d", (np.zeros((1, 4, 4)), 5), {}),
    ("avg_pool2d", (np.zeros((1, 4, 4)), (2, 2, 2)), {}),
    ("avg_pool2d", (np.zeros((1, 0, 4)), 2), {}),
    ("avg_pool1d", (np.zeros(4), 2), {}),
    ("avg_pool1d", (np.zeros((1, 1, 1, 4)), 2), {}),
    ("avg_pool1d", (np.zeros((1, 4)), (2, 2)), {}),
    ("avg_pool1d", (np.zeros((1, 4)), 5), {}),
    ("avg_pool1d", (np.zeros((0, 4)), 2), {}),
    ("max_pool1d", (np.zeros(4), 2), {}),
    ("max_pool1d", (np.zeros((1, 1, 1, 4)), 2), {}),
    ("max_pool1d", (np.zeros((1, 4)), (2, 2)), {}),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(stride=(1, 1))),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(padding=(1, 1))),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(dilation=(1, 1))),
    ("max_pool1d", (np.zeros((1, 4)), 0), {}),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(stride=-1)),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(padding=-1)),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(padding=2)),
    ("max_pool1d", (np.zeros((1, 4)), 2), dict(dilation=0)),
    ("max_pool1d", (np.zeros((1, 4)), 5), {}),
    ("max_pool1d", (np.zeros((1, 1, 0)), 2), {}),
    ("max_pool1d", (np.zeros((0, 4)), 2), {}),
    ("adaptive_avg_pool2d", (np.zeros((2, 4, 4)), -1), {}),
    ("adaptive_avg_pool2d", (np.zeros((2, 4, 4)), (2, 2, 2)), {}),
    ("adaptive_avg_pool2d", (np.zeros((3, 4)), 2), {}),
    ("adaptive_avg_pool2d", (np.zeros((1, 2, 0, 4)), 2), {}),
    ("adaptive_avg_pool2d", (np.zeros(4), 1), {}),
    ("adaptive_max_pool2d", (np.zeros((3, 4)), 2), {}),
    ("adaptive_max_pool2d", (np.zeros((1, 0, 4, 4)), 2), {}),
    ("adaptive_max_pool2d", (np.zeros((2, 4, 4)), -1), {}),
    ("adaptive_max_pool2d", (np.zeros((2, 4, 4)), (2, 2, 2)), {}),
    ("avg_pool2d", (np.zeros(()), 2), {}),
    ("avg_pool2d", (np.zeros(3), 2), {}),
    ("max_pool2d", (np.zeros(()), 2), {}),
    ("avg_pool1d", (np.zeros(()), 1), {}),
    ("adaptive_avg_pool2d", (np.zeros(()), 1), {}),
]


@pytest.mark.parametrize("name,args,kw", BAD_CALLS, ids=[f"{c[0]}-{i}" for i, c in enumerate(BAD_CALLS)])
def test_bad_input_same_error_as_torch(name, args, kw):
    targs = tuple(torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args)
    # same exception class and the same message, whatever the class
    assert_same_error(lambda: getattr(F, name)(*args, **kw),
                      lambda: getattr(TF, name)(*targs, **kw), same_message=True)


def test_max_pool1d_with_indices_errors():
    for args, kw in (((np.zeros(4), 2), {}), ((np.zeros((1, 4)), (2, 2)), {}),
                     ((np.zeros((1, 4)), 2), dict(stride=(1, 1))), ((np.zeros((1, 4)), 0), {}),
                     ((np.zeros((1, 4)), 2), dict(dilation=0)), ((np.zeros((1, 4)), 5), {})):
        targs = (torch.from_numpy(args[0]),) + args[1:]
        assert_same_error(lambda: F.max_pool1d(*args, return_indices=True, **kw),
                          lambda: TF.max_pool1d(*targs, return_indices=True, **kw), same_message=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_adaptive_max_wide_bins_like_torch(dtype, rng):
    """Bins wide enough for the SSE2 two-pass search (max, then the first
    index equal to it): ties, signed zeros, all -inf bins, +inf, and bins
    with a NaN (the scalar rule: the last NaN) -- values and indices exact."""
    base = rng.integers(-2, 3, size=(2, 3, 20, 41)).astype(dtype)
    zeros = np.where(rng.random(base.shape) < 0.5, -0.0, 0.0).astype(dtype)
    cases = {"ties": base, "signed zeros": zeros,
             "all -inf": np.full(base.shape, -np.inf, dtype)}
    inf = base.copy()
    inf[0, 1, 3, 7] = np.inf
    cases["+inf"] = inf
    nan = base.copy()
    nan[1, 2, 0, 0] = nan[1, 2, 5, 9] = np.nan
    cases["nan"] = nan
    for name, x in cases.items():
        for osz in (1, 2, (3, 2), (4, 5)):
            ours = F.adaptive_max_pool2d(x, osz, return_indices=True)
            ref = TF.adaptive_max_pool2d(torch.from_numpy(x), osz, return_indices=True)
            np.testing.assert_array_equal(ours[1], ref[1].numpy(), err_msg=f"{name} {osz}")
            np.testing.assert_array_equal(np.signbit(ours[0]), np.signbit(ref[0].numpy()))
            np.testing.assert_array_equal(ours[0], ref[0].numpy(), err_msg=f"{name} {osz}")


def test_adaptive_1x1_uses_mean_like_torch():
    for shape in ((3, 4), (2, 3, 4, 4, 4), (3, 4, 0)):
        x = np.random.default_rng(0).standard_normal(shape)
        with np.errstate(all="ignore"):
            ours = F.adaptive_avg_pool2d(x, 1)
        ref = TF.adaptive_avg_pool2d(torch.from_numpy(x), 1).numpy()
        assert_close(ours, ref)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("w", [1, 7, 15, 16, 17, 112, 129, 300, 2049])
def test_adaptive_avg_wide_rows_every_isa_same_bits(dtype, w, rng):
    """Column sums in SIMD strips (8 vectors of sums in registers, a w % lanes
    tail) and, past 2048 columns, the per-row partial sums: values against
    PyTorch, NaN/Inf propagated, and the same bits on every SIMD path (each
    column sum runs over the rows in order whatever the vector width)."""
    from conftest import available_isas

    x = rng.standard_normal((2, 3, 9, w)).astype(dtype)
    x[0, 1, 4, w // 2] = np.nan
    x[1, 2, 0, 0] = np.inf
    tx = torch.from_numpy(x.astype(np.float64))
    for osz in (1, (2, 3), (4, min(w, 5)), (9, w) if w <= 300 else (3, 7)):
        ref = TF.adaptive_avg_pool2d(tx, osz).numpy()
        results = []
        for name in available_isas():
            with cnnops._runtime.isa(name):
                out = F.adaptive_avg_pool2d(x, osz)
            assert_close(out, ref, dtype, msg=f"{name} w={w} {osz}")
            results.append(out)
        for out in results[1:]:
            assert out.tobytes() == results[0].tobytes(), f"w={w} {osz}: ISAs differ"


# -- adaptive sweep -------------------------------------------------------------------------
def test_adaptive_sweep(rng):
    for h, w, oh, ow in itertools.product(range(1, 8), range(1, 8), range(1, 10), (1, 3, 8, None)):
        if (h * 7 + w + oh) % 3:
            continue
        x = _tie_data(rng, (1, 2, h, w))
        osz = (oh, ow)
        tx = torch.from_numpy(x)
        ctx = f"adaptive {x.shape} -> {osz}"
        _compare(_run(lambda: F.adaptive_max_pool2d(x, osz, return_indices=True)),
                 _run(lambda: TF.adaptive_max_pool2d(tx, osz, return_indices=True)), ctx, exact=True)
        xa = rng.standard_normal(x.shape)
        _compare(_run(lambda: F.adaptive_avg_pool2d(xa, osz)),
                 _run(lambda: TF.adaptive_avg_pool2d(torch.from_numpy(xa), osz)), ctx)


# -- max unpooling ----------------------------------------------------------------------------
def test_unpool_round_trip_and_interop(rng, isa):
    x = rng.standard_normal((2, 3, 10, 37)).astype(np.float32)
    for k, s, p in ((2, 2, 0), (3, 2, 1), (3, 3, 1)):
        y, i = F.max_pool2d(x, k, s, p, return_indices=True)
        ty, ti = TF.max_pool2d(torch.from_numpy(x), k, s, p, return_indices=True)
        np.testing.assert_array_equal(i, ti.numpy())
        for osz in (None, x.shape[-2:]):
            ref = _run(lambda: TF.max_unpool2d(ty, ti, k, s, p, output_size=osz))
            _compare(_run(lambda: F.max_unpool2d(y, i, k, s, p, output_size=osz)), ref,
                     f"unpool k={k} s={s} p={p} output_size={osz}", exact=True)
            if ref[0] == "err":
                continue
            ref = ref[1].numpy()
            np.testing.assert_array_equal(F.max_unpool2d(y, i, k, s, p, output_size=osz), ref)
            # PyTorch's indices accepted by ours, and ours by PyTorch's
            np.testing.assert_array_equal(F.max_unpool2d(ty.numpy(), ti.numpy(), k, s, p, output_size=osz), ref)
            np.testing.assert_array_equal(
                TF.max_unpool2d(torch.from_numpy(y), torch.from_numpy(i), k, s, p, output_size=osz).numpy(), ref)
    # modules, 4-element output_size
    u = nn.MaxUnpool2d(2)
    y, i = nn.MaxPool2d(2, return_indices=True)(x)
    np.testing.assert_array_equal(u(y, i, output_size=x.shape), u(y, i, output_size=x.shape[-2:]))
    x1 = rng.standard_normal((2, 3, 21))
    y, i = nn.MaxPool1d(3, 2, 1, return_indices=True)(x1)
    ty, ti = torch.nn.MaxPool1d(3, 2, 1, return_indices=True)(torch.from_numpy(x1))
    np.testing.assert_array_equal(nn.MaxUnpool1d(3, 2, 1)(y, i, output_size=[21]),
                                  torch.nn.MaxUnpool1d(3, 2, 1)(ty, ti, output_size=[21]).numpy())


def test_unpool_adversarial_indices():
    x = np.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    for bad in (-1, 16, 2**40, -(2**62), np.iinfo(np.int64).max, np.iinfo(np.int64).min):
        idx = np.array([[[[0, 1], [bad, 3]]]], np.int64)
        assert_same_error(lambda: F.max_unpool2d(x, idx, 2),
                          lambda: TF.max_unpool2d(torch.from_numpy(x), torch.from_numpy(idx), 2),
                          same_message=True)
    # 1-D reports the (L x 1) plane
    assert_same_error(lambda: F.max_unpool1d(np.ones((1, 1, 3)), np.array([[[0, 1, 6]]]), 2),
                      lambda: TF.max_unpool1d(torch.ones(1, 1, 3), torch.tensor([[[0, 1, 6]]]), 2),
                      same_message=True)
    # duplicates: deterministic, the last write (row-major input order) wins
    idx = np.array([[[[5, 5], [5, 0]]]], np.int64)
    out = F.max_unpool2d(x, idx, 2)
    assert out[0, 0].reshape(-1)[5] == 3.0 and out[0, 0].reshape(-1)[0] == 4.0
    ref = TF.max_unpool2d(torch.from_numpy(x), torch.from_numpy(idx), 2).numpy()
    assert ref[0, 0].reshape(-1)[5] in (1.0, 2.0, 3.0)
    # wrong dtype: rejected as PyTorch does (no silent conversion)
    for dt in (np.int32, np.int16, np.uint8, np.float32, np.float64, np.bool_):
        idx = np.zeros((1, 1, 2, 2), dt)
        assert_same_error(lambda: F.max_unpool2d(x, idx, 2),
                          lambda: TF.max_unpool2d(torch.from_numpy(x), torch.from_numpy(idx), 2),
                          same_message=True)
    # wrong shape / rank / empty non-batch dims
    for xs, ishape in (((1, 1, 2, 2), (1, 1, 2, 1)), ((2, 2), (2, 2)), ((1, 0, 2, 2), (1, 0, 2, 2)),
                       ((1, 1, 2, 2), (4,)), ((1, 1, 1, 2, 2), (1, 1, 1, 2, 2))):
        xx, ii = np.ones(xs), np.zeros(ishape, np.int64)
        assert_same_error(lambda: F.max_unpool2d(xx, ii, 2),
                          lambda: TF.max_unpool2d(torch.from_numpy(xx), torch.from_numpy(ii), 2),
                          same_message=True)
    # non-contiguous / byte-swapped indices are fine
    idx = np.array([[[[0, 1], [2, 3]]]], np.int64)
    np.testing.assert_array_equal(F.max_unpool2d(x, idx.astype(">i8"), 2),
                                  F.max_unpool2d(x, idx, 2))
    np.testing.assert_array_equal(F.max_unpool2d(x, np.asfortranarray(idx[..., ::1]), 2),
                                  F.max_unpool2d(x, idx, 2))


def test_unpool_output_size_errors():
    x = torch.ones(1, 1, 2, 2)
    i = torch.zeros(1, 1, 2, 2, dtype=torch.int64)
    for osz in ((6, 6), [6, 6], [1, 1, 6, 6], (4, 4, 4), [0, 5], [2, 2]):
        assert_same_error(lambda: F.max_unpool2d(x.numpy(), i.numpy(), 2, output_size=osz),
                          lambda: TF.max_unpool2d(x, i, 2, output_size=osz), same_message=True)
    assert_same_error(lambda: F.max_unpool2d(np.ones((1, 1, 1, 1)), np.zeros((1, 1, 1, 1), np.int64), 1, padding=1),
                      lambda: TF.max_unpool2d(torch.ones(1, 1, 1, 1), torch.zeros(1, 1, 1, 1, dtype=torch.int64), 1,
                                              padding=1), same_message=True)
    # a different width re-interprets the flat indices, as in PyTorch
    xs = torch.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    ii = torch.tensor([[[[0, 3], [8, 11]]]])
    np.testing.assert_array_equal(F.max_unpool2d(xs.numpy(), ii.numpy(), 2, output_size=(5, 5)),
                                  TF.max_unpool2d(xs, ii, 2, output_size=(5, 5)).numpy())


# -- threads ---------------------------------------------------------------------------------
def test_thread_invariance(rng):
    x = rng.standard_normal((3, 2, 67, 91)).astype(np.float32)
    x[0, 1, 5:9, 3:40] = np.nan
    big = rng.standard_normal((40, 16, 40, 40)).astype(np.float32)
    assert_thread_invariant(lambda: F.max_pool2d(x, 3, 2, 1, return_indices=True))
    assert_thread_invariant(lambda: F.max_pool2d(big, 2, return_indices=True))
    assert_thread_invariant(lambda: F.avg_pool2d(x, 3, 1, 1))
    assert_thread_invariant(lambda: F.avg_pool2d(big, 3, 2, 1, count_include_pad=False))
    y, i = F.max_pool2d(big, 2, return_indices=True)
    assert_thread_invariant(lambda: F.max_unpool2d(y, i, 2))
    assert_thread_invariant(lambda: F.adaptive_avg_pool2d(x, (7, 9)))
    assert_thread_invariant(lambda: F.adaptive_max_pool2d(x, (7, 9), return_indices=True))


def test_large_streamed_outputs_match_torch(rng):
    # > 16 MiB of output: planes are built in cache and streamed out
    x = rng.standard_normal((64, 64, 32, 32)).astype(np.float32)
    tx = torch.from_numpy(x)
    y, i = F.max_pool2d(x, 3, 1, 1, return_indices=True)
    ty, ti = TF.max_pool2d(tx, 3, 1, 1, return_indices=True)
    np.testing.assert_array_equal(y, ty.numpy())
    np.testing.assert_array_equal(i, ti.numpy())
    np.testing.assert_array_equal(F.avg_pool2d(x, 3, 1, 1), TF.avg_pool2d(tx, 3, 1, 1).numpy())
    y2, i2 = F.max_pool2d(x, 2, return_indices=True)
    big = rng.standard_normal(y2.shape).astype(np.float32)
    np.testing.assert_array_equal(F.max_unpool2d(big, i2, 2),
                                  TF.max_unpool2d(torch.from_numpy(big), torch.from_numpy(i2), 2).numpy())


# -- modules ---------------------------------------------------------------------------------
def test_module_reprs():
    cases = [
        ("MaxPool2d", (2,), {}), ("MaxPool2d", ([2, 3],), dict(padding=(1, 1), ceil_mode=True)),
        ("MaxPool2d", (3, 2, 1, 2, True, True), {}), ("MaxPool1d", (3,), dict(stride=2)),
        ("MaxPool1d", ((3,),), dict(return_indices=True)),
        ("AvgPool2d", (2,), {}), ("AvgPool2d", ((2, 3), 1, (1, 1), True, False, 3), {}),
        ("AvgPool1d", (3,), {}), ("AvgPool1d", ([3], 2, 1), {}),
        ("MaxUnpool2d", (2,), {}), ("MaxUnpool2d", ((2, 3), [1, 2], 1), {}),
        ("MaxUnpool1d", (2,), {}), ("MaxUnpool1d", (3, 2, 1), {}),
        ("AdaptiveAvgPool2d", ((2, None),), {}), ("AdaptiveAvgPool2d", (3,), {}),
        ("AdaptiveMaxPool2d", (3, True), {}), ("AdaptiveMaxPool2d", ((None, 4),), {}),
        ("AdaptiveAvgPool1d", (5,), {}), ("AdaptiveMaxPool1d", (5,), {}),
    ]
    for name, args, kw in cases:
        assert_repr_equal(getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw))
    seq = nn.Sequential(nn.MaxPool2d(2), nn.AvgPool2d(3, 1, 1))
    tseq = torch.nn.Sequential(torch.nn.MaxPool2d(2), torch.nn.AvgPool2d(3, 1, 1))
    assert_repr_equal(seq, tseq)


def test_modules_forward(rng):
    x = rng.standard_normal((2, 3, 12, 13)).astype(np.float32)
    tx = torch.from_numpy(x)
    for name, args, kw in (("MaxPool2d", (3, 2, 1), dict(ceil_mode=True)), ("AvgPool2d", (3, 2, 1), {}),
                           ("AdaptiveAvgPool2d", ((5, None),), {}), ("AdaptiveMaxPool2d", (4, True), {})):
        _compare(("ok", getattr(nn, name)(*args, **kw)(x)), ("ok", getattr(torch.nn, name)(*args, **kw)(tx)),
                 name, rtol=1e-5, atol=1e-6)
    x1 = x[:, :, 0]
    for name, args, kw in (("MaxPool1d", (3, 2, 1), dict(return_indices=True)), ("AvgPool1d", (3, 2, 1), {}),
                           ("AdaptiveAvgPool1d", (5,), {}), ("AdaptiveMaxPool1d", (5,), {})):
        _compare(("ok", getattr(nn, name)(*args, **kw)(x1)),
                 ("ok", getattr(torch.nn, name)(*args, **kw)(torch.from_numpy(np.ascontiguousarray(x1)))),
                 name, rtol=1e-5, atol=1e-6)


def test_c_output_shape_hook():
    from cnnops import _pooling
    for L, k, s, p, d, ceil in COMBOS[::7]:
        try:
            ref = TF.max_pool1d(torch.zeros(1, L), k, s, p, d, ceil).shape[-1]
        except RuntimeError:
            with pytest.raises(RuntimeError):
                _pooling.output_shape((1, L), (1, k), (1, s), (0, p), (1, d), ceil)
            continue
        assert _pooling.output_shape((1, L), (1, k), (1, s), (0, p), (1, d), ceil) == (1, ref)
