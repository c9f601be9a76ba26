"""cnnops.nn.utils.freeze: packed inference Linear against PyTorch -- values on
every ISA and layout, bitwise invariance (threads, ISAs, batch position),
read-only weights, staleness guards, copies, errors."""
from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import _linear, _runtime, nn
from cnnops.nn.utils import freeze, unfreeze
from conftest import available_isas
from harness import (assert_bitwise_equal, assert_close, assert_same_error,
                     assert_thread_invariant, check_op, layouts, to_torch)

DTYPES = [np.float32, np.float64]


def _tol(dtype, k):
    return dict(rtol=4e-6 * max(1, k) ** 0.5, atol=1e-6 * max(1, k) ** 0.5) \
        if dtype == np.float32 else dict(rtol=1e-12, atol=1e-13)


def _frozen(rng, fin, fout, dtype, bias=True):
    m = nn.Linear(fin, fout, bias=bias, dtype=dtype)
    m.weight[...] = rng.standard_normal((fout, fin))
    return freeze(m)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch,fin,fout", [(1, 1, 1), (2, 7, 15), (5, 64, 16), (16, 33, 17),
                                            (17, 257, 100), (6, 5, 64), (7, 16, 65), (33, 130, 130),
                                            (0, 5, 3), (3, 0, 4), (1, 1024, 1024)])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.filterwarnings("ignore:Initializing zero-element")
def test_frozen_linear_vs_torch(torch, isa, rng, dtype, batch, fin, fout, bias):
    m = _frozen(rng, fin, fout, dtype, bias)
    assert m.frozen
    x = rng.standard_normal((batch, fin)).astype(dtype)
    args = [x, np.asarray(m.weight)] + ([np.asarray(m.bias)] if bias else [])
    check_op(lambda xv, *_: m(xv), torch.nn.functional.linear, args, **_tol(dtype, fin))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("xshape", [(5,), (2, 3, 17), (4, 1, 2, 17), (0, 17), (3, 0, 17)])
def test_frozen_any_leading_dims(torch, rng, dtype, xshape):
    m = _frozen(rng, xshape[-1], 9, dtype)
    x = rng.standard_normal(xshape).astype(dtype)
    ref = torch.nn.functional.linear(to_torch(x, np.float64), to_torch(m.weight, np.float64),
                                     to_torch(m.bias, np.float64)).numpy()
    for name, xv in layouts(x):
        y = m(xv)
        assert y.shape == xshape[:-1] + (9,) and y.dtype == dtype, name
        assert_close(y, ref, dtype, msg=name, **_tol(dtype, xshape[-1]))


@pytest.mark.filterwarnings("ignore:Initializing zero-element")
def test_frozen_zero_in_features_any_leading_dims(torch, rng):
    m = _frozen(rng, 0, 5, np.float32)
    for xshape in ((2, 3, 0), (0,), (4, 0)):
        x = np.zeros(xshape, np.float32)
        ref = torch.nn.functional.linear(to_torch(x), to_torch(m.weight), to_torch(m.bias)).numpy()
        np.testing.assert_array_equal(m(x), ref)


def test_seed_example_frozen():
    m = nn.Linear(3, 4)
    m.weight[...] = np.arange(1, 5, dtype=np.float32)[:, None]
    m.bias[...] = 0.5
    freeze(m)
    np.testing.assert_array_equal(m(np.array([[1, 2, 3]], np.float32)), [[6.5, 12.5, 18.5, 24.5]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_frozen_bitwise_threads_isas_and_batch_position(rng, dtype):
    m = _frozen(rng, 1100, 700, dtype)  # 1100 features: three k blocks
    x = rng.standard_normal((40, 1100)).astype(dtype)
    assert_thread_invariant(lambda: m(x))
    ref = m(x)
    for name in available_isas():
        with _runtime.isa(name):
            assert_bitwise_equal(m(x), ref, msg=f"isa {name}")
    # each row is one FMA chain whatever batch it is computed in
    for i in (0, 7, 39):
        assert_bitwise_equal(m(x[i]), ref[i], msg=f"row {i} alone")
        assert_bitwise_equal(m(x[i:i + 3])[0], ref[i], msg=f"row {i} in a batch of 3")


@pytest.mark.parametrize("dtype", DTYPES)
def test_frozen_nan_inf_propagate(torch, rng, dtype):
    m = _frozen(rng, 20, 18, dtype)
    x = rng.standard_normal((4, 20)).astype(dtype)
    x[0, 3] = np.nan
    x[1, 0] = np.inf
    x[2, 5] = -np.inf
    ref = torch.nn.functional.linear(to_torch(x), to_torch(m.weight), to_torch(m.bias)).numpy()
    assert_close(m(x), ref, dtype, **_tol(dtype, 20))


def test_frozen_matches_unfrozen_to_rounding(rng):
    m = nn.Linear(512, 300)
    x = rng.standard_normal((16, 512)).astype(np.float32)
    before = m(x)
    freeze(m)
    assert_close(m(x), before, np.float32, rtol=1e-5, atol=1e-5)
    unfreeze(m)
    assert not m.frozen and m.weight.flags.writeable
    assert_bitwise_equal(m(x), before, msg="after unfreeze")


def test_frozen_weight_is_read_only_and_bias_writable(rng):
    m = _frozen(rng, 8, 5, np.float32)
    w0 = np.array(m.weight)
    with pytest.raises(ValueError, match="read-only"):
        m.weight[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        m.weight += 1
    with pytest.raises(ValueError):  # neither it nor a view can be made writable again
        m.weight.flags.writeable = True
    with pytest.raises(ValueError):
        m.weight[:2].flags.writeable = True
    np.testing.assert_array_equal(m.weight, w0)
    m.bias[...] = 3.0  # the bias is read at every call
    x = rng.standard_normal((2, 8)).astype(np.float32)
    assert_close(m(x), x.astype(np.float64) @ w0.T.astype(np.float64) + 3.0, np.float32)


def test_freeze_copies_the_weight_so_old_views_cannot_reach_the_pack(rng):
    m = nn.Linear(8, 5)
    old = m.weight
    view = m.weight[:]
    freeze(m)
    assert m.weight is not old
    view[...] = 0.0  # writes the pre-freeze array only
    x = rng.standard_normal((2, 8)).astype(np.float32)
    w = np.asarray(m.weight, np.float64)
    assert np.abs(w).sum() > 0
    assert_close(m(x), x.astype(np.float64) @ w.T + np.asarray(m.bias, np.float64), np.float32)


def test_new_weight_unfreezes_the_layer(rng):
    m = _frozen(rng, 8, 5, np.float32)
    new = nn.Parameter(rng.standard_normal((5, 8)).astype(np.float32))
    m.weight = new
    assert not m.frozen
    x = rng.standard_normal((3, 8)).astype(np.float32)
    assert_bitwise_equal(m(x), F.linear(x, new, m.bias))
    assert m.__dict__["_packed"] is None  # the stale pack was dropped


def test_load_state_dict_refuses_frozen_weights(rng):
    m = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    sd = m.state_dict()
    freeze(m)
    with pytest.raises(RuntimeError, match=r"0\.weight.*read-only.*unfreeze"):
        m.load_state_dict(sd)
    unfreeze(m)
    m.load_state_dict(sd)


def test_copies_and_pickles_are_unfrozen(rng):
    m = freeze(nn.Sequential(nn.Linear(6, 4), nn.ReLU()))
    x = rng.standard_normal((2, 6)).astype(np.float32)
    for c in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert not c[0].frozen and c[0].weight.flags.writeable
        assert_close(c(x), m(x), np.float32)
        c[0].weight[...] = 0  # independent of the original
    assert np.abs(m[0].weight).sum() > 0


def test_freeze_walks_containers_and_is_idempotent(rng):
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Sequential(nn.Linear(128, 64), nn.ReLU()))
    assert freeze(model) is model
    lins = [m for m in model.modules() if isinstance(m, nn.Linear)]
    assert len(lins) == 2 and all(m.frozen for m in lins)
    packs = [m._packed for m in lins]
    freeze(model)
    assert [m._packed for m in lins] == packs  # not re-packed
    assert repr(model[0]) == "Linear(in_features=64, out_features=128, bias=True)"
    assert len(list(model.parameters())) == 4


def test_freeze_errors_and_unfrozen_fallbacks(torch, rng):
    with pytest.raises(TypeError, match="Module"):
        freeze(np.zeros(3))
    with pytest.raises(TypeError, match="Module"):
        unfreeze("model")
    m = _frozen(rng, 5, 3, np.float32)
    tm = torch.nn.Linear(5, 3)
    # the same errors as an unfrozen layer (and as PyTorch)
    assert_same_error(lambda: m(np.zeros((2, 4), np.float32)), lambda: tm(torch.zeros(2, 4)),
                      match="2x4 and 5x3")
    assert_same_error(lambda: m(np.zeros((2, 5), np.float64)),
                      lambda: tm(torch.zeros(2, 5, dtype=torch.float64)))
    assert_same_error(lambda: m(np.zeros((), np.float32)), lambda: tm(torch.zeros(())))
    # int input: converted to float32 as F.linear does
    assert_close(m(np.ones((1, 5), np.int64)), m(np.ones((1, 5), np.float32)), np.float32)


def test_c_pack_refuses_wrong_shapes():
    w = np.ones((4, 3), np.float32)
    size = _linear.linear_packed_size(3, 4, False)
    assert size == 16 + 3 * 16
    with pytest.raises(Exception):
        _linear.linear_pack(w, np.empty(size - 1, np.float32))
    p = np.empty(size, np.float32)
    _linear.linear_pack(w, p)
    y = np.empty((1, 5), np.float32)
    with pytest.raises(Exception):  # a pack of (4, 3) used as (5, 3)
        _linear.linear_fwd_packed(np.ones((1, 3), np.float32), p, 5, None, y)
    with pytest.raises(OverflowError):
        _linear.linear_packed_size(2 ** 62, 2 ** 40, True)
