"""Softmax family (softmax, log_softmax, softmin; Softmax, LogSoftmax, Softmin)
against PyTorch: every dim of every rank, both kernels (last dim / inner
axis), every ISA path, special values, the implicit-dim rule, errors, thread
invariance."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import nn
from harness import (assert_bitwise_equal, assert_close, assert_repr_equal, assert_same_error,
                     assert_thread_invariant, check_op, float_arrays, shapes, to_torch)

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

OPS = ["softmax", "log_softmax", "softmin"]


def _cnn(op):
    return getattr(F, op)


def _ref(torch, op):
    return getattr(torch.nn.functional, op)


def _run_ref(torch, op, x, dim, dtype=np.float64):
    return _ref(torch, op)(to_torch(x, dtype), dim).numpy()


# -- values against PyTorch ------------------------------------------------------------------
SHAPES = [(), (1,), (5,), (0,), (3, 0, 2), (0, 4), (2, 3), (4, 17), (3, 5, 7), (2, 3, 4, 5),
          (2, 1, 33), (1, 1, 1, 1, 1, 7)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS)
def test_every_dim_every_rank(torch, isa, op, dtype, rng):
    for shape in SHAPES:
        nd = len(shape)
        for dim in range(-max(nd, 1), max(nd, 1)):
            x = (rng.standard_normal(shape) * 3).astype(dtype)
            out = check_op(_cnn(op), _ref(torch, op), [x], dict(dim=dim))
            assert out.shape == shape


# Lengths straddle the 8/16-lane vectors and the 4x unrolled max loop.
SIZES = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4099]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS)
def test_last_dim_sizes(torch, isa, op, dtype, rng):
    for n in SIZES:
        x = (rng.standard_normal((3, n)) * 4).astype(dtype)
        check_op(_cnn(op), _ref(torch, op), [x], dict(dim=-1), all_layouts=False)


# inner sizes straddle the vectors and the column blocks (block width is 16..512
# columns, smaller for long dims: (2, 3000, 40) runs in blocks of 16).
INNER = [(5, 2), (5, 7), (5, 8), (5, 9), (4, 16), (4, 17), (3, 33), (3, 100), (2, 600),
         (3000, 40), (1, 1000), (700, 3)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS)
def test_inner_axis_sizes(torch, isa, op, dtype, rng):
    for n, inner in INNER:
        x = (rng.standard_normal((2, n, inner)) * 4).astype(dtype)
        check_op(_cnn(op), _ref(torch, op), [x], dict(dim=1), all_layouts=False)


@pytest.mark.parametrize("op", OPS)
def test_long_slices_accuracy(torch, isa, op, rng):
    # 200k-element slices: float32 results stay within 1e-6 of float64 torch
    # (float64 accumulation of the sum).
    x = (rng.standard_normal((2, 200_000)) * 2).astype(np.float32)
    check_op(_cnn(op), _ref(torch, op), [x], dict(dim=1), all_layouts=False)
    check_op(_cnn(op), _ref(torch, op), [np.ascontiguousarray(x.T)], dict(dim=0),
             all_layouts=False)


@pytest.mark.parametrize("op", OPS)
def test_streamed_large_outputs(torch, isa, op, rng):
    # outputs of 8 MiB or more take the row kernel's non-temporal store path:
    # odd row lengths (rows start at every alignment), rows longer than its
    # scratch row (4096 f32 / 2048 f64), both dtypes
    for shape, dtype in [((1050, 2001), np.float32), ((450, 5001), np.float32),
                         ((260, 4099), np.float64)]:
        x = (rng.standard_normal(shape) * 3).astype(dtype)
        assert x.nbytes >= 8 << 20
        check_op(_cnn(op), _ref(torch, op), [x], dict(dim=1), all_layouts=False)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS)
def test_large_magnitudes(torch, isa, op, dtype, rng):
    # exp overflow/underflow only ever sees x - max <= 0; compare with torch
    # in the same dtype (x - max itself may overflow to -inf in float32).
    x = (rng.standard_normal((4, 40)) * 1e4).astype(dtype)
    x[0, :5] = [3e38, -3e38, 1e38, 0.0, -1e38]
    x[1] = 1e-40  # denormals
    check_op(_cnn(op), _ref(torch, op), [x], dict(dim=1), exact_dtype_reference=True,
             all_layouts=False)
    check_op(_cnn(op), _ref(torch, op), [np.ascontiguousarray(x.T)], dict(dim=0),
             exact_dtype_reference=True, all_layouts=False)


def test_result_properties(isa, rng):
    x = rng.standard_normal((7, 300, 9)).astype(np.float32) * 10
    for dim in range(3):
        y = F.softmax(x, dim)
        np.testing.assert_allclose(y.sum(axis=dim), 1.0, rtol=1e-5)
        assert (y >= 0).all() and (y <= 1).all()
        ly = F.log_softmax(x, dim)
        assert (ly <= 0).all()
        np.testing.assert_allclose(np.exp(ly.astype(np.float64)), y, rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(F.softmin(x, dim), F.softmax(-x, dim))


# -- special values ----------------------------------------------------------------------------
INF, NAN = np.inf, np.nan
SPECIAL_ROWS = [
    [1.0, -INF, 2.0], [-INF, -INF, -INF], [1.0, INF, 2.0], [INF, INF, 1.0], [1.0, NAN, 2.0],
    [-INF, INF, 0.0], [-INF, 3.0, -INF], [NAN, -INF, -INF], [INF, -INF, -INF], [0.0, -0.0, 0.0],
    [NAN, NAN, NAN], [5.0, 5.0, 5.0],
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS)
def test_special_values(torch, isa, op, dtype):
    for row in SPECIAL_ROWS:
        for n in (3, 40):  # tail only, and inside the vector body
            for pos in range(0, n - 2, 13):
                r = np.zeros(n, dtype)
                r[:] = -1.5
                r[pos:pos + 3] = row
                x = np.stack([r, np.linspace(-3, 3, n).astype(dtype)])
                ref = _run_ref(torch, op, x, 1, dtype)
                assert_close(_cnn(op)(x, 1), ref, dtype, msg=f"{op} row {row} n={n} pos={pos}")
                xt = np.ascontiguousarray(x.T)  # the same slices down the inner axis
                assert_close(_cnn(op)(xt, 0), ref.T, dtype, msg=f"{op} col {row} n={n}")


def test_nan_rows_are_whole(torch, isa):
    # one NaN or +inf anywhere makes exactly its own slice NaN
    x = np.random.default_rng(1).standard_normal((6, 50)).astype(np.float32)
    x[1, 17] = NAN
    x[3, 49] = INF
    x[4, :] = -INF
    for op in OPS:
        y = _cnn(op)(x, 1)
        bad = np.isnan(y).all(axis=1)
        want = [False, True, False, op != "softmin", True, False]
        assert list(bad) == want, op
        assert not np.isnan(y[~bad]).any()


def test_zero_d(torch, isa):
    for v in [3.0, -2.5, INF, -INF, NAN, 0.0]:
        for op in OPS:
            for dim in (0, -1):
                for dt in (np.float32, np.float64):
                    x = np.array(v, dt)
                    y = _cnn(op)(x, dim)
                    ref = _ref(torch, op)(torch.tensor(v, dtype=getattr(torch, dt.__name__)), dim)
                    assert y.shape == () and y.dtype == dt
                    assert_close(y, ref.numpy(), dt)


@pytest.mark.parametrize("shape,dim", [((0,), 0), ((3, 0), 1), ((3, 0), 0), ((0, 4), 1),
                                       ((2, 0, 3), 2), ((2, 0, 3), 0)])
def test_empty(torch, shape, dim):
    for op in OPS:
        x = np.zeros(shape, np.float32)
        y = _cnn(op)(x, dim)
        assert y.shape == _ref(torch, op)(torch.zeros(shape), dim).shape
        assert y.dtype == np.float32


# -- dtype policy and the dtype= argument ------------------------------------------------------
@pytest.mark.parametrize("op", OPS)
def test_dtype_argument(torch, op):
    xi = np.array([[1, 2, 3], [4, 5, 9]])
    y = _cnn(op)(xi, 1, dtype=np.float64)
    assert y.dtype == np.float64
    ref = _ref(torch, op)(torch.from_numpy(xi), 1, dtype=torch.float64).numpy()
    assert_close(y, ref, np.float64)
    x64 = np.array([1.0, 2.0, 3.0 + 1e-12])
    y = _cnn(op)(x64, 0, dtype=np.float32)  # cast first, then computed in float32
    assert y.dtype == np.float32
    ref = _ref(torch, op)(torch.from_numpy(x64), 0, dtype=torch.float32).numpy()
    assert_close(y, ref, np.float32)
    assert _cnn(op)([1.0, 2.0], 0, dtype="float64").dtype == np.float64
    for bad in (np.int64, np.complex64, np.float16, "banana"):
        with pytest.raises(TypeError):
            _cnn(op)(x64, 0, dtype=bad)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.bool_, np.float16])
def test_integer_bool_half_become_float32(torch, dtype):
    x = np.array([[0, 1, 1], [1, 0, 1]]).astype(dtype)
    for op in OPS:
        y = _cnn(op)(x, 1)
        assert y.dtype == np.float32
        assert_close(y, _run_ref(torch, op, x.astype(np.float64), 1), np.float32)


@pytest.mark.parametrize("order", [">f4", ">f8", "<f4"])
def test_byte_orders(torch, order):
    x = np.linspace(-2, 2, 12).reshape(3, 4).astype(order)
    for op in OPS:
        y = _cnn(op)(x, 1)
        assert y.dtype == np.dtype(order).newbyteorder("=")
        assert_close(y, _run_ref(torch, op, x.astype(np.float64), 1), y.dtype)


def test_dim_beyond_int64(torch):
    x = np.ones((2, 3), np.float32)
    for op in OPS:
        for d in (2 ** 63, 2 ** 64, -2 ** 63 - 1):
            assert_same_error(lambda: _cnn(op)(x, d), lambda: _ref(torch, op)(torch.ones(2, 3), d),
                              same_message=True)


def test_lists_and_scalars():
    np.testing.assert_allclose(F.softmax([1.0, 1.0], 0), [0.5, 0.5])
    assert F.softmax(3.0, 0).shape == ()
    assert F.log_softmax(np.float32(3.0), -1).dtype == np.float32


def test_bad_dtypes():
    for bad in (np.array([1 + 2j, 3j]), np.array(["a", "b"]), np.array([object(), 1], object)):
        for op in OPS:
            with pytest.raises(TypeError):
                _cnn(op)(bad, 0)


# -- implicit dim and errors -------------------------------------------------------------------
@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("ndim", [0, 1, 2, 3, 4])
def test_implicit_dim_rule_and_warning(torch, op, ndim, rng):
    x = rng.standard_normal((2, 3, 4, 5)[:ndim]).astype(np.float32)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y = _cnn(op)(x)
    assert len(w) == 1 and w[0].category is UserWarning
    assert str(w[0].message) == (f"Implicit dimension choice for {op} has been deprecated. "
                                 "Change the call to include dim=X as an argument.")
    assert w[0].filename == __file__  # points at the caller
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = _ref(torch, op)(to_torch(x, np.float64)).numpy()
    assert_close(y, ref, np.float32)
    expected_dim = 0 if ndim in (0, 1, 3) else 1
    np.testing.assert_array_equal(y, _cnn(op)(x, expected_dim))


@pytest.mark.parametrize("cls", ["Softmax", "LogSoftmax", "Softmin"])
def test_module_implicit_dim_warns_at_caller(cls, rng):
    x = rng.standard_normal((2, 3, 4)).astype(np.float32)
    m = getattr(nn, cls)()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y = m(x)
    assert len(w) == 1 and "Implicit dimension choice" in str(w[0].message)
    assert w[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an explicit dim never warns
        np.testing.assert_array_equal(y, getattr(nn, cls)(dim=0)(x))


@pytest.mark.parametrize("op", OPS)
def test_bad_dim(torch, op):
    for shape, dim in [((2, 3), 2), ((2, 3), -3), ((), 1), ((), -2), ((4,), 1), ((2, 3, 4), 7),
                       ((2, 3, 4), -4)]:
        x = np.zeros(shape, np.float32)
        assert_same_error(lambda: _cnn(op)(x, dim), lambda: _ref(torch, op)(torch.zeros(shape), dim),
                          same_message=True)
    x = np.zeros(3, np.float32)
    assert_same_error(lambda: _cnn(op)(x, 0.5), lambda: _ref(torch, op)(torch.zeros(3), 0.5),
                      same_message=True)
    with pytest.raises(TypeError):
        _cnn(op)(x, True)
    np.testing.assert_array_equal(_cnn(op)(x, np.int64(0)), _cnn(op)(x, 0))


# -- modules -----------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", ["Softmax", "LogSoftmax", "Softmin"])
def test_modules(torch, cls, rng):
    for kwargs in [{}, {"dim": 1}, {"dim": -1}, {"dim": 0}]:
        m = getattr(nn, cls)(**kwargs)
        assert_repr_equal(m, getattr(torch.nn, cls)(**kwargs))
        assert m.dim == kwargs.get("dim")
        assert list(m.state_dict()) == [] and list(m.parameters()) == []
    assert repr(getattr(nn, cls)(2)) == f"{cls}(dim=2)"
    x = rng.standard_normal((3, 4, 5)).astype(np.float64)
    m = getattr(nn, cls)(dim=-2)
    ref = getattr(torch.nn, cls)(dim=-2)(torch.from_numpy(x)).numpy()
    assert_close(m(x), ref, np.float64)
    seq = nn.Sequential(nn.Softmax(dim=1))
    assert repr(seq) == "Sequential(\n  (0): Softmax(dim=1)\n)"


def test_seed_example():
    # the seeds' softmax example: np.array([1, 2, 3, 4, 5]) -> printed values
    y = nn.Softmax(dim=0)(np.array([1, 2, 3, 4, 5]))
    assert y.dtype == np.float32  # integer input -> float32 (cnnops policy)
    np.testing.assert_allclose(y, [0.01165623, 0.03168492, 0.08612854, 0.23412166, 0.63640865],
                               rtol=1e-6)
    y64 = F.softmax(np.array([1, 2, 3, 4, 5]), 0, dtype=np.float64)
    np.testing.assert_allclose(y64, [0.01165623, 0.03168492, 0.08612854, 0.23412166, 0.63640865],
                               atol=5e-9)


# -- threads -----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,dim", [((300, 1000), 1), ((8, 500, 100), 1), ((4000, 50), 0),
                                       ((3, 1000, 300), 1), ((200_000,), 0), ((1050, 2001), 1)])
def test_thread_invariance(isa, shape, dim):
    x = np.random.default_rng(7).standard_normal(shape).astype(np.float32) * 5
    x64 = x.astype(np.float64)
    for op in OPS:
        assert_thread_invariant(lambda: _cnn(op)(x, dim))
    assert_thread_invariant(lambda: F.softmax(x64, dim))


def test_input_unchanged_and_fresh_output(rng):
    x = rng.standard_normal((4, 9)).astype(np.float32)
    before = x.copy()
    for op in OPS:
        y = _cnn(op)(x, 1)
        assert y is not x and not np.shares_memory(x, y)
        assert_bitwise_equal(x, before)


# -- random shapes (hypothesis) ----------------------------------------------------------------
if given is not None:
    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), dtype=st.sampled_from([np.float32, np.float64]),
           op=st.sampled_from(OPS))
    def test_hypothesis_vs_torch(data, dtype, op):
        from harness import require_torch
        torch = require_torch()
        x = data.draw(float_arrays(dtype, shapes(0, 4, 0, 20), lo=-50, hi=50))
        nd = x.ndim
        dim = data.draw(st.integers(-max(nd, 1), max(nd, 1) - 1))
        assert_close(_cnn(op)(x, dim), _run_ref(torch, op, x, dim), dtype)

    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), op=st.sampled_from(OPS))
    def test_hypothesis_special_values(data, op):
        from harness import require_torch
        torch = require_torch()
        x = data.draw(float_arrays(np.float32, shapes(1, 3, 1, 12), allow_special=True))
        dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
        ref = _run_ref(torch, op, x, dim, np.float32)
        y = _cnn(op)(x, dim)
        np.testing.assert_array_equal(np.isnan(y), np.isnan(ref))
        assert_close(y, ref, np.float32, rtol=1e-5, atol=1e-6)
