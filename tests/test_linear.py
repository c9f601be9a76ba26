"""Linear and Flatten against PyTorch: values, shapes, layouts, errors, init,
modules, reprs, ISAs and thread invariance."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import nn
from harness import (assert_bitwise_equal, assert_close, assert_repr_equal, assert_same_error,
                     assert_thread_invariant, check_op, to_torch)

DTYPES = [np.float32, np.float64]


def _lin_tol(dtype, k):
    # float32 results vs a float64 reference: a k-term sum in float32
    return dict(rtol=1e-6 * max(1, k) ** 0.5 * 4, atol=1e-6 * max(1, k) ** 0.5) \
        if dtype == np.float32 else dict(rtol=1e-12, atol=1e-13)


# -- values ------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("xshape,out", [((4, 5), 3), ((1, 7), 9), ((16, 33), 65), ((2, 3, 17), 31),
                                        ((5,), 4), ((3, 0, 6), 2), ((0, 5), 3), ((2, 2, 2, 8), 1),
                                        ((20, 130), 64), ((3, 1000), 10)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_vs_torch(torch, isa, dtype, xshape, out, bias, rng):
    x = rng.standard_normal(xshape).astype(dtype)
    w = rng.standard_normal((out, xshape[-1])).astype(dtype)
    args = [x, w] + ([rng.standard_normal(out).astype(dtype)] if bias else [])
    y = check_op(F.linear, torch.nn.functional.linear, args, **_lin_tol(dtype, xshape[-1]))
    assert y.shape == xshape[:-1] + (out,)


@pytest.mark.parametrize("dtype", DTYPES)
def test_weight_and_bias_layouts(torch, dtype, rng):
    """Transposed / strided / negative-stride weights are used in place."""
    x = rng.standard_normal((9, 21)).astype(dtype)
    w0 = rng.standard_normal((13, 21)).astype(dtype)
    b0 = rng.standard_normal(13).astype(dtype)
    ref = x.astype(np.float64) @ w0.T.astype(np.float64) + b0
    big = np.zeros((26, 63), dtype)
    big[::2, ::3] = w0
    for w in (w0, np.asfortranarray(w0), big[::2, ::3], np.ascontiguousarray(w0[::-1])[::-1]):
        for b in (b0, np.ascontiguousarray(np.repeat(b0, 2)[::2])[::1], b0.astype(b0.dtype.newbyteorder(">"))):
            assert_close(F.linear(x, w, b), ref, dtype, **_lin_tol(dtype, 21))


@pytest.mark.parametrize("m", [1, 2, 3, 5, 15, 16, 17, 64, 257])
def test_float64_exact_vs_numpy(m, rng):
    """float64 to 1e-12 relative of NumPy's x @ W.T + b."""
    x = rng.standard_normal((m, 300))
    w = rng.standard_normal((70, 300))
    b = rng.standard_normal(70)
    np.testing.assert_allclose(F.linear(x, w, b), x @ w.T + b, rtol=1e-12, atol=1e-12)


def test_bias_broadcast(torch, rng):
    x = rng.standard_normal((5, 2, 3))
    w = rng.standard_normal((4, 3))
    for b in (np.float64(0.5), np.ones((2, 4)), np.ones((1, 4)), rng.standard_normal((5, 1, 4))):
        check_op(F.linear, torch.nn.functional.linear, [x, w, np.asarray(b)], all_layouts=False)
    x2 = rng.standard_normal((2, 3))
    for b in (np.ones((2, 4)), np.ones((1, 1)), np.asarray(2.0)):
        check_op(F.linear, torch.nn.functional.linear, [x2, w, b], all_layouts=False)


def test_one_d_input_with_two_d_bias(torch, rng):
    """A 1-D input takes a (1, out) bias -- unless out_features == 1, where
    PyTorch rejects (1, 1) -- and nothing else 2-D."""
    for k in (1, 5):
        for n in (1, 2, 3):
            x = rng.standard_normal(k)
            w = rng.standard_normal((n, k))
            for bshape in ((1, n), (1, 1), (2, n), (n, 1)):
                b = rng.standard_normal(bshape)
                args = [to_torch(a) for a in (x, w, b)]
                accepted = bshape == (1, n) and n > 1
                if accepted:
                    check_op(F.linear, torch.nn.functional.linear, [x, w, b], all_layouts=False)
                else:
                    assert_same_error(lambda: F.linear(x, w, b),
                                      lambda: torch.nn.functional.linear(*args), same_message=True)


def test_in_features_zero_gives_bias(torch):
    x = np.ones((2, 0), np.float32)
    w = np.ones((4, 0), np.float32)
    b = np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(F.linear(x, w, b), np.tile(b, (2, 1)))
    np.testing.assert_array_equal(F.linear(x, w), np.zeros((2, 4), np.float32))
    assert F.linear(np.ones((0, 3)), np.ones((4, 3))).shape == (0, 4)
    assert F.linear(np.ones((2, 3)), np.ones((0, 3))).shape == (2, 0)


def test_one_d_weight(torch, rng):
    x = rng.standard_normal((5, 2, 3))
    w = rng.standard_normal(3)
    check_op(F.linear, torch.nn.functional.linear, [x, w], all_layouts=False)
    assert F.linear(np.ones(3), np.ones(3)).shape == ()


@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_inf_propagate(isa, dtype):
    for m in (1, 4, 40):
        x = np.ones((m, 20), dtype)
        w = np.ones((33, 20), dtype)
        x[0, 3] = np.nan
        w[5, 4] = np.inf
        w[7, 1] = -np.inf
        w[9, 2] = np.inf
        w[9, 6] = -np.inf  # inf - inf = nan
        y = F.linear(x, w, np.zeros(33, dtype))
        ref = np.einsum("ik,jk->ij", x.astype(np.float64), w.astype(np.float64))
        np.testing.assert_array_equal(np.isnan(y), np.isnan(ref))
        np.testing.assert_array_equal(y[np.isinf(ref)], ref[np.isinf(ref)])


def test_int_input_becomes_float32():
    y = F.linear(np.array([[1, 2, 3]]), np.ones((2, 3), np.float32))
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, [[6, 6]])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("m", [1, 7, 16, 100, 300])
def test_linear_thread_invariance(isa, dtype, m, rng):
    k, n = (300, 500) if isa != "scalar" else (64, 100)
    x = rng.standard_normal((m, k)).astype(dtype)
    w = rng.standard_normal((n, k)).astype(dtype)
    b = rng.standard_normal(n).astype(dtype)
    assert_thread_invariant(lambda: F.linear(x, w, b))


# -- errors ------------------------------------------------------------------------
def test_errors_match_torch(torch):
    T = torch
    D = torch.float64
    cases = [
        (lambda: F.linear(np.zeros((4, 5, 3)), np.zeros((6, 2))),
         lambda: T.nn.functional.linear(T.zeros(4, 5, 3), T.zeros(6, 2))),
        (lambda: F.linear(np.zeros(5), np.zeros((2, 3))),
         lambda: T.nn.functional.linear(T.zeros(5), T.zeros(2, 3))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros((4, 3), np.float32)),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=T.float64), T.zeros(4, 3))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros((4, 3), np.float32), np.zeros(4, np.float32)),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=T.float64), T.zeros(4, 3), T.zeros(4))),
        (lambda: F.linear(np.zeros((2, 3), np.float32), np.zeros((4, 3), np.float32), np.zeros(4)),
         lambda: T.nn.functional.linear(T.zeros(2, 3), T.zeros(4, 3), T.zeros(4, dtype=T.float64))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros((4, 3, 2))),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=D), T.zeros(4, 3, 2, dtype=D))),
        (lambda: F.linear(np.float64(1), np.zeros((4, 3))),
         lambda: T.nn.functional.linear(T.tensor(1.0, dtype=D), T.zeros(4, 3, dtype=D))),
        (lambda: F.linear(np.zeros(3), np.float64(1)),
         lambda: T.nn.functional.linear(T.zeros(3, dtype=D), T.tensor(1.0, dtype=D))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros((4, 3)), np.zeros(5)),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=D), T.zeros(4, 3, dtype=D), T.zeros(5, dtype=D))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros((4, 3)), np.zeros((2, 1, 4))),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=D), T.zeros(4, 3, dtype=D),
                                        T.zeros(2, 1, 4, dtype=D))),
        (lambda: F.linear(np.zeros((5, 2, 3)), np.zeros((4, 3)), np.zeros((3, 2, 4))),
         lambda: T.nn.functional.linear(T.zeros(5, 2, 3, dtype=D), T.zeros(4, 3, dtype=D),
                                        T.zeros(3, 2, 4, dtype=D))),
        (lambda: F.linear(np.zeros((5, 2, 3)), np.zeros((4, 3)), np.zeros((7, 1, 1, 4))),
         lambda: T.nn.functional.linear(T.zeros(5, 2, 3, dtype=D), T.zeros(4, 3, dtype=D),
                                        T.zeros(7, 1, 1, 4, dtype=D))),
        (lambda: F.linear(np.zeros(3), np.zeros((4, 3)), np.zeros((2, 4))),
         lambda: T.nn.functional.linear(T.zeros(3, dtype=D), T.zeros(4, 3, dtype=D), T.zeros(2, 4, dtype=D))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros(4)),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=D), T.zeros(4, dtype=D))),
        (lambda: F.linear(np.zeros((2, 3)), np.zeros(3), np.zeros(())),
         lambda: T.nn.functional.linear(T.zeros(2, 3, dtype=D), T.zeros(3, dtype=D), T.zeros((), dtype=D))),
    ]
    for cnn_call, torch_call in cases:
        assert_same_error(cnn_call, torch_call, same_message=True)


def test_bad_dtype():
    with pytest.raises(TypeError):
        F.linear(np.zeros((2, 3), np.complex64), np.zeros((4, 3)))


# -- Linear module -------------------------------------------------------------
def test_seed_example():
    m = nn.Linear(3, 4)
    m.weight[...] = np.array([[1.0] * 3, [2.0] * 3, [3.0] * 3, [4.0] * 3])
    m.bias[...] = 0.5
    y = m(np.array([[1.0, 2, 3]], np.float32))
    np.testing.assert_array_equal(y, [[6.5, 12.5, 18.5, 24.5]])
    assert y.dtype == np.float32


def test_sequential_repr(torch):
    cnn = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU())
    ref = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64),
                              torch.nn.ReLU())
    assert_repr_equal(cnn, ref)
    assert cnn(np.ones((2, 64), np.float32)).shape == (2, 64)
    for args in [(3, 4), (3, 4, False), (0, 2), (5, 0)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_repr_equal(nn.Linear(*args), torch.nn.Linear(*args))
    assert_repr_equal(nn.Flatten(), torch.nn.Flatten())
    assert_repr_equal(nn.Flatten(0, 2), torch.nn.Flatten(0, 2))


def test_cifar_flatten_into_linear():
    x = np.random.default_rng(0).standard_normal((8, 3, 256, 256)).astype(np.float32)
    model = nn.Sequential(nn.Flatten(), nn.Linear(196608, 10))
    y = model(x)
    assert y.shape == (8, 10) and y.dtype == np.float32
    lin = model[1] if hasattr(model, "__getitem__") else list(model.children())[1]
    ref = x.reshape(8, -1).astype(np.float64) @ lin.weight.T.astype(np.float64) + lin.bias
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-4)


def test_linear_module_vs_torch(torch, rng):
    m = nn.Linear(7, 5, dtype=np.float64)
    t = torch.nn.Linear(7, 5, dtype=torch.float64)
    with torch.no_grad():
        t.weight.copy_(torch.from_numpy(np.asarray(m.weight)))
        t.bias.copy_(torch.from_numpy(np.asarray(m.bias)))
    x = rng.standard_normal((3, 4, 7))
    np.testing.assert_allclose(m(x), t(torch.from_numpy(x)).detach().numpy(), rtol=1e-12, atol=1e-13)


def test_init_and_parameters():
    cnnops.manual_seed(0)
    m = nn.Linear(100, 50)
    assert m.weight.shape == (50, 100) and m.weight.dtype == np.float32
    assert m.bias.shape == (50,)
    bound = 1 / math.sqrt(100)
    assert np.abs(m.weight).max() <= bound and np.abs(m.weight).max() > 0.9 * bound
    assert np.abs(m.bias).max() <= bound
    assert abs(float(np.std(m.weight)) - bound / math.sqrt(3)) < 0.01  # U(-b, b)
    names = [n for n, _ in m.named_parameters()]
    assert names == ["weight", "bias"]
    assert list(m.state_dict()) == ["weight", "bias"]
    assert isinstance(m.weight, nn.Parameter)
    cnnops.manual_seed(0)
    m2 = nn.Linear(100, 50)
    assert_bitwise_equal(m.weight, m2.weight)
    assert_bitwise_equal(m.bias, m2.bias)
    nb = nn.Linear(3, 2, bias=False)
    assert nb.bias is None and [n for n, _ in nb.named_parameters()] == ["weight"]
    assert list(nb.state_dict()) == ["weight"]
    assert nn.Linear(3, 2, dtype=np.float64).weight.dtype == np.float64


def test_zero_sized_linear(torch):
    with pytest.warns(UserWarning, match="zero-element"):
        m = nn.Linear(0, 2)
    np.testing.assert_array_equal(m.bias, [0, 0])
    np.testing.assert_array_equal(m(np.ones((3, 0), np.float32)), np.zeros((3, 2)))
    assert_same_error(lambda: nn.Linear(2, -1), lambda: torch.nn.Linear(2, -1), same_message=True)
    assert_same_error(lambda: nn.Linear(-3, 2), lambda: torch.nn.Linear(-3, 2), same_message=True)
    assert_same_error(lambda: nn.Linear(2.0, 1), lambda: torch.nn.Linear(2.0, 1))


# -- Flatten -----------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 0, 3), (2, 3, 4, 5)])
def test_flatten_vs_torch(torch, shape):
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    nd = len(shape)
    for s in range(-max(nd, 1), max(nd, 1)):
        for e in range(-max(nd, 1), max(nd, 1)):
            tx = torch.from_numpy(x.copy())
            try:
                ref = torch.flatten(tx, s, e)
            except Exception:  # noqa: BLE001
                assert_same_error(lambda: cnnops.flatten(x, s, e), lambda: torch.flatten(tx, s, e),
                                  same_message=True)
                continue
            y = cnnops.flatten(x, s, e)
            np.testing.assert_array_equal(y, ref.numpy())
            assert y.shape == tuple(ref.shape)


def test_flatten_semantics(torch):
    x = np.zeros((2, 3, 4))
    assert cnnops.flatten(x, 1, 1) is x
    assert F.flatten(x, 1).base is x  # a view
    xt = np.zeros((4, 3, 2)).transpose(2, 1, 0)
    y = cnnops.flatten(xt)
    np.testing.assert_array_equal(y, xt.reshape(-1))
    assert cnnops.flatten(np.float32(3)).shape == (1,)
    assert_same_error(lambda: cnnops.flatten(x, 3), lambda: torch.flatten(torch.zeros(2, 3, 4), 3),
                      same_message=True)
    assert_same_error(lambda: cnnops.flatten(x, 2, 1),
                      lambda: torch.flatten(torch.zeros(2, 3, 4), 2, 1), same_message=True)
    assert_same_error(lambda: nn.Flatten()(np.zeros(3)), lambda: torch.nn.Flatten()(torch.zeros(3)),
                      same_message=True)
    assert_same_error(lambda: nn.Flatten()(np.zeros(())), lambda: torch.nn.Flatten()(torch.zeros(())),
                      same_message=True)
    assert nn.Flatten()(np.zeros((2, 0, 3))).shape == (2, 0)
    assert nn.Flatten(0, -1)(np.zeros((2, 3))).shape == (6,)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:
    @settings(max_examples=60, deadline=None)
    @given(m=st.integers(0, 40), k=st.integers(0, 70), n=st.integers(0, 40),
           xt=st.booleans(), wt=st.booleans(), bias=st.booleans(),
           f64=st.booleans(), seed=st.integers(0, 2**16))
    def test_linear_hypothesis(m, k, n, xt, wt, bias, f64, seed):
        dt = np.float64 if f64 else np.float32
        r = np.random.default_rng(seed)
        x = r.standard_normal((k, m) if xt else (m, k)).astype(dt)
        x = x.T if xt else x
        w = r.standard_normal((k, n) if wt else (n, k)).astype(dt)
        w = w.T if wt else w
        b = r.standard_normal(n).astype(dt) if bias else None
        y = F.linear(x, w, b)
        ref = x.astype(np.float64) @ w.T.astype(np.float64) + (0 if b is None else b)
        assert y.shape == (m, n) and y.dtype == dt
        assert_close(y, ref, dt, **_lin_tol(dt, k))
