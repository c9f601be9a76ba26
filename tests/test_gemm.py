"""cnnops' GEMM (csrc/gemm) through cnnops.functional.gemm and the bridge.

Every blocking edge (MR = 4/6/14, NR = 8/16/32, KC = 256/384, the dot path's
8-column blocks and k tails), every transpose / stride combination, strided
and negative-stride outputs, alpha/beta, special values, every ISA and
bitwise identity across thread counts.  References: NumPy in float64 and
PyTorch.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import _linear as _C
from harness import assert_bitwise_equal, assert_same_error, assert_thread_invariant

DTYPES = [np.float32, np.float64]


def _ref(a, b):
    return a.astype(np.float64) @ b.astype(np.float64)


def _check(out, a, b, alpha=1.0, beta=0.0, c0=None, msg=""):
    ref = alpha * _ref(a, b)
    if c0 is not None and beta != 0:
        ref = ref + beta * c0.astype(np.float64)
    k = a.shape[1]
    # error bound of a k-term sum, relative to sum |a||b|
    mag = np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)) * abs(alpha)
    if c0 is not None and beta != 0:
        mag = mag + abs(beta) * np.abs(c0.astype(np.float64))
    eps = np.finfo(out.dtype).eps
    tol = (2 * k + 4) * eps * mag + np.finfo(out.dtype).tiny
    err = np.abs(out.astype(np.float64) - ref)
    assert out.shape == ref.shape, msg
    assert np.all(err <= tol), f"{msg}: max err {err.max()} (tol {tol.max()})"


def _mat(rng, shape, dtype, trans=False):
    if trans:
        return rng.standard_normal(shape[::-1]).astype(dtype).T
    return rng.standard_normal(shape).astype(dtype)


# -- blocking edges --------------------------------------------------------------
EDGE = [1, 2, 5, 7, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65]


@pytest.mark.parametrize("dtype", DTYPES)
def test_edges_small(isa, dtype, rng):
    """m, n around every MR / NR of every ISA, k around the unroll and tails."""
    for m, n in itertools.product(EDGE, [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65]):
        k = (m * 7 + n * 3) % 37 + 1
        for ta, tb in [(False, False), (True, True)]:
            a = _mat(rng, (m, k), dtype, ta)
            b = _mat(rng, (k, n), dtype, tb)
            _check(F.gemm(a, b), a, b, msg=f"{isa} {m}x{n}x{k} ta={ta} tb={tb}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("k", [1, 2, 15, 16, 17, 255, 256, 257, 383, 384, 385, 769])
def test_k_blocking(isa, dtype, k, rng):
    """k around KC (256 / 384) and its multiples: C accumulates over K blocks."""
    for m, n in [(15, 33), (29, 17)]:
        a = _mat(rng, (m, k), dtype)
        b = _mat(rng, (k, n), dtype)
        _check(F.gemm(a, b), a, b, msg=f"{isa} k={k}")
        c0 = rng.standard_normal((m, n)).astype(dtype)
        c = c0.copy()
        F.gemm(a, b, c, alpha=0.5, beta=-2.0)
        _check(c, a, b, 0.5, -2.0, c0, msg=f"{isa} k={k} alpha/beta")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("m,n,k", [(127, 255, 257), (257, 127, 63), (1000, 65, 31), (63, 1023, 17)])
def test_large_edges(isa, dtype, m, n, k, rng):
    if isa == "scalar" and m * n * k > 5_000_000:
        m = min(m, 40)
    a = _mat(rng, (m, k), dtype)
    b = _mat(rng, (k, n), dtype, True)
    _check(F.gemm(a, b), a, b, msg=f"{isa} {m}x{n}x{k}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_square_1023(dtype, rng):
    n = 1023
    a = _mat(rng, (n, n), dtype)
    b = _mat(rng, (n, n), dtype)
    _check(F.gemm(a, b), a, b, msg="1023^3")
    if dtype == np.float64:
        np.testing.assert_allclose(F.gemm(a, b), a @ b, rtol=1e-12 * n ** 0.5, atol=1e-12 * n ** 0.5)


# -- small-M dot path (A rows and B columns contiguous along k) ------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_dot_path(isa, dtype, rng):
    for m in range(1, 19):
        for n in [1, 3, 8, 9, 63, 64, 65, 130]:
            for k in [1, 3, 4, 7, 8, 9, 15, 16, 17, 33, 100]:
                if (m * n * k) % 3:  # a third of the grid keeps it cheap
                    continue
                x = rng.standard_normal((m, k)).astype(dtype)
                w = rng.standard_normal((n, k)).astype(dtype)
                _check(F.gemm(x, w.T), x, w.T, msg=f"{isa} dot {m}x{n}x{k}")



@pytest.mark.parametrize("dtype", DTYPES)
def test_dot_path_weight_alignment(isa, dtype, rng):
    """The dot path peels a masked head up to the weight rows' first aligned
    vector: every element offset of the weight (head 0..15 elements), with k
    shorter than, equal to and longer than the head, tails included, and a
    row stride that breaks the shared alignment (k odd)."""
    item = np.dtype(dtype).itemsize
    for off in range(64 // item):
        for m, n, k in [(1, 9, 3), (3, 17, 16), (5, 8, 31), (16, 40, 64), (2, 33, 77), (4, 24, 200)]:
            buf = rng.standard_normal(n * k + 2 * 64 // item).astype(dtype)
            base = (-(buf.ctypes.data // item)) % (64 // item)  # first 64-byte aligned element
            w = buf[base + off: base + off + n * k].reshape(n, k)
            x = rng.standard_normal((m, k)).astype(dtype)
            _check(F.gemm(x, w.T), x, w.T, msg=f"{isa} off={off} {m}x{n}x{k}")
            bias = rng.standard_normal(n).astype(dtype)
            y = F.linear(x, w, bias)
            ref = x.astype(np.float64) @ w.T.astype(np.float64) + bias
            np.testing.assert_allclose(y, ref, rtol=(2 * k + 4) * np.finfo(dtype).eps * 4,
                                       atol=(2 * k + 4) * np.finfo(dtype).eps * 8)

# -- strides and transposes ---------------------------------------------------
def _layouts(a):
    """Same values, different strides: C, Fortran, strided, negative strides,
    a row-broadcast (stride 0) when there is one row."""
    yield "c", np.ascontiguousarray(a)
    yield "f", np.asfortranarray(a)
    big = np.zeros((a.shape[0] * 2, a.shape[1] * 3), a.dtype)
    big[::2, ::3] = a
    yield "strided", big[::2, ::3]
    yield "neg", np.ascontiguousarray(a[::-1, ::-1])[::-1, ::-1]
    yield "neg-f", np.asfortranarray(a[::-1, :])[::-1, :]


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_stride_combination(isa, dtype, rng):
    m, n, k = 19, 37, 23
    a0 = rng.standard_normal((m, k)).astype(dtype)
    b0 = rng.standard_normal((k, n)).astype(dtype)
    for (na, a), (nb, b) in itertools.product(list(_layouts(a0)), list(_layouts(b0))):
        _check(F.gemm(a, b), a0, b0, msg=f"{isa} a={na} b={nb}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_output_strides(isa, dtype, rng):
    m, n, k = 23, 41, 29
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    c0 = rng.standard_normal((m, n)).astype(dtype)
    for name, cv in _layouts(c0):
        c = cv.copy(order="K") if name in ("c", "f") else cv
        before = c.copy()
        out = F.gemm(a, b, c, alpha=2.0, beta=0.5)
        assert out is c
        _check(c, a, b, 2.0, 0.5, before, msg=f"{isa} c={name}")


def test_zero_stride_inputs(rng):
    """Broadcast (stride-0) inputs are fine: only C must be non-overlapping."""
    row = rng.standard_normal((1, 9))
    a = np.broadcast_to(row, (5, 9))
    b = rng.standard_normal((9, 4))
    _check(F.gemm(a, b), np.ascontiguousarray(a), b)


def test_against_torch(torch, isa, rng):
    for dtype, (m, n, k) in itertools.product(DTYPES, [(1, 1, 1), (7, 9, 300), (70, 33, 65)]):
        a = rng.standard_normal((m, k)).astype(dtype)
        b = rng.standard_normal((n, k)).astype(dtype).T
        ref = torch.mm(torch.from_numpy(a).double(), torch.from_numpy(np.ascontiguousarray(b)).double())
        np.testing.assert_allclose(F.gemm(a, b), ref.numpy(), rtol=1e-5 if dtype == np.float32 else 1e-12,
                                   atol=1e-5 if dtype == np.float32 else 1e-12)


# -- BLAS semantics and special values -------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_beta_zero_does_not_read_c(isa, dtype, rng):
    a = rng.standard_normal((20, 30)).astype(dtype)
    b = rng.standard_normal((30, 40)).astype(dtype)
    c = np.full((20, 40), np.nan, dtype)
    F.gemm(a, b, c, beta=0.0)
    assert np.isfinite(c).all()
    _check(c, a, b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_alpha_zero_and_k_zero(isa, dtype, rng):
    a = np.full((6, 5), np.nan, dtype)
    b = np.full((5, 7), np.inf, dtype)
    c0 = rng.standard_normal((6, 7)).astype(dtype)
    c = c0.copy()
    F.gemm(a, b, c, alpha=0.0, beta=3.0)  # A and B not read, as BLAS
    np.testing.assert_array_equal(c, c0 * dtype(3.0))
    c = c0.copy()
    F.gemm(np.zeros((6, 0), dtype), np.zeros((0, 7), dtype), c, beta=0.0)
    np.testing.assert_array_equal(c, np.zeros((6, 7), dtype))
    assert F.gemm(np.zeros((0, 3), dtype), np.zeros((3, 4), dtype)).shape == (0, 4)
    assert F.gemm(np.zeros((2, 3), dtype), np.zeros((3, 0), dtype)).shape == (2, 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("m,n,k", [(3, 5, 7), (16, 40, 33), (40, 70, 50)])
def test_nan_inf_propagate(isa, dtype, m, n, k, rng):
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    a[1, 2] = np.nan
    a[0, 3] = np.inf
    b[4, 2] = -np.inf
    b[5, 0] = 0.0
    a[2, 5] = np.inf  # inf * 0 = nan in row 2, column 0
    ref = np.einsum("ik,kj->ij", a.astype(np.float64), b.astype(np.float64))
    for bb in (b, np.asfortranarray(b)):
        out = F.gemm(a, bb)
        np.testing.assert_array_equal(np.isnan(out), np.isnan(ref))
        np.testing.assert_array_equal(np.isinf(out), np.isinf(ref))
        np.testing.assert_array_equal(np.sign(out[np.isinf(ref)]), np.sign(ref[np.isinf(ref)]))


# -- threads ---------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("m,n,k,tb", [(300, 200, 500, False), (200, 300, 900, True),
                                      (16, 1000, 300, True), (5, 2000, 70, True),
                                      (1000, 20, 100, False)])
def test_thread_invariance(isa, dtype, m, n, k, tb, rng):
    if isa == "scalar":
        m, n = min(m, 60), min(n, 300)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = _mat(rng, (k, n), dtype, tb)
    assert_thread_invariant(lambda: F.gemm(a, b))


# -- errors ------------------------------------------------------------------------
def test_errors(torch):
    a = np.ones((2, 3), np.float32)
    assert_same_error(lambda: F.gemm(a, np.ones((2, 4), np.float32)),
                      lambda: torch.mm(torch.ones(2, 3), torch.ones(2, 4)), same_message=True)
    assert_same_error(lambda: F.gemm(a, np.ones((3, 4))),
                      lambda: torch.mm(torch.ones(2, 3), torch.ones(3, 4, dtype=torch.float64)),
                      same_message=True)
    with pytest.raises(RuntimeError, match="2-D"):
        F.gemm(np.ones(3), np.ones((3, 2)))
    c = np.zeros((2, 4), np.float32)
    with pytest.raises(RuntimeError, match="shape"):
        F.gemm(a, np.ones((3, 5), np.float32), c)
    with pytest.raises(TypeError):
        F.gemm(a, np.ones((3, 4), np.float32), np.zeros((2, 4)))
    big = np.zeros((4, 4), np.float32)
    with pytest.raises(ValueError, match="overlap"):
        F.gemm(big[:2, :3], np.ones((3, 2), np.float32), big[:2, 1:3])
    ro = np.zeros((2, 4), np.float32)
    ro.setflags(write=False)
    with pytest.raises(ValueError):
        F.gemm(a, np.ones((3, 4), np.float32), ro)


def test_bridge_rejects_bad_c(rng):
    """The C core's own checks (second line of defence) via the bridge."""
    a = np.ones((3, 2))
    b = np.ones((2, 3))
    c = np.lib.stride_tricks.as_strided(np.zeros(3), (3, 3), (8, 0))  # overlapping C
    with pytest.raises(RuntimeError, match="invalid argument"):
        _C.gemm(a, b, c)
    buf = np.zeros((4, 4))
    with pytest.raises(RuntimeError, match="invalid argument"):  # C overlaps A
        _C.gemm(buf[:3, :2], b, buf[1:4, 1:4])
