"""Normalization family against PyTorch: batch/instance/group/layer norm, LRN, normalize.

Every op is compared with torch on float64 copies of the inputs (float32
results within 1e-5 relative / 1e-6 absolute, float64 within 1e-10 / 1e-11),
on every SIMD path, in every mode; the running statistics are followed over
several steps; errors must have torch's class and (where the spec quotes one)
its exact message; results are bitwise identical for 1..4 threads.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import nn
from harness import (assert_bitwise_equal, assert_close, assert_repr_equal, assert_same_error,
                     assert_thread_invariant, check_op, layouts, to_numpy, to_torch)

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

TOLS = {np.float32: dict(rtol=1e-5, atol=1e-6), np.float64: dict(rtol=1e-10, atol=1e-11)}
DTYPES = [np.float32, np.float64]


def tol(dtype):
    return TOLS[np.dtype(dtype).type]


def T(a, dtype=np.float64):
    return None if a is None else to_torch(np.asarray(a), dtype)


def randn(rng, shape, dtype, scale=1.0, offset=0.0):
    return (rng.standard_normal(shape) * scale + offset).astype(dtype)


# =========================================================================================
# batch_norm
# =========================================================================================
BN_SHAPES = [(2, 3), (7, 5), (100, 3), (70, 40), (4, 3, 5), (2, 3, 4, 5), (3, 2, 17, 19), (5, 2, 1), (6, 3, 3),
             (2, 3, 2, 3, 2), (1, 4, 4, 4), (2, 1, 40000)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", BN_SHAPES)
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_values_and_running_stats(torch, dtype, shape, training, rng):
    c = shape[1]
    x = randn(rng, shape, dtype, 2.0, 0.5)
    w, b = randn(rng, c, dtype), randn(rng, c, dtype)
    rm0, rv0 = randn(rng, c, dtype), (rng.random(c) + 0.5).astype(dtype)
    for wi, bi in [(w, b), (None, None), (w, None), (None, b)]:
        for name, xv in layouts(x):
            rm, rv = rm0.copy(), rv0.copy()
            trm, trv = T(rm0), T(rv0)
            y = F.batch_norm(xv, rm, rv, wi, bi, training, 0.3, 1e-4)
            ref = torch.nn.functional.batch_norm(T(x), trm, trv, T(wi), T(bi), training, 0.3, 1e-4)
            assert y.dtype == dtype and y.shape == shape
            assert_close(y, to_numpy(ref), dtype, msg=name, **tol(dtype))
            assert_close(rm, to_numpy(trm), dtype, msg="running_mean", **tol(dtype))
            assert_close(rv, to_numpy(trv), dtype, msg="running_var", **tol(dtype))


def test_batch_norm_every_isa(torch, isa, rng):
    for shape in [(4, 3, 5), (3, 2, 17, 19), (6, 3), (2, 1, 20000), (3, 70, 9, 9)]:
        for dtype in DTYPES:
            x = randn(rng, shape, dtype, 3.0, 1.0)
            c = shape[1]
            w, b = randn(rng, c, dtype), randn(rng, c, dtype)
            for training in (True, False):
                rm, rv = np.zeros(c, dtype), np.ones(c, dtype)
                trm, trv = T(rm), T(rv)
                y = F.batch_norm(x, rm, rv, w, b, training)
                ref = torch.nn.functional.batch_norm(T(x), trm, trv, T(w), T(b), training)
                assert_close(y, to_numpy(ref), dtype, **tol(dtype))
                assert_close(rv, to_numpy(trv), dtype, **tol(dtype))


def test_batch_norm_running_trajectory_module(torch, rng):
    for momentum in (0.1, 0.5, None, 0.0):
        m = nn.BatchNorm2d(3, momentum=momentum, dtype=np.float64)
        t = torch.nn.BatchNorm2d(3, momentum=momentum).double()
        for step in range(5):
            x = randn(rng, (4, 3, 5, 6), np.float64, 1 + step, step - 2.0)
            y = m(x)
            yt = t(T(x))
            assert_close(y, to_numpy(yt), np.float64)
            assert_close(m.running_mean, to_numpy(t.running_mean), np.float64)
            assert_close(m.running_var, to_numpy(t.running_var), np.float64)
            assert int(m.num_batches_tracked) == int(t.num_batches_tracked) == step + 1
        m.eval()
        t.eval()
        x = randn(rng, (2, 3, 5, 6), np.float64)
        assert_close(m(x), to_numpy(t(T(x))), np.float64)
        assert int(m.num_batches_tracked) == 5


def test_batch_norm_module_float32_trajectory(torch, rng):
    m = nn.BatchNorm1d(4)
    t = torch.nn.BatchNorm1d(4)
    for step in range(4):
        x = randn(rng, (8, 4, 3), np.float32, 2.0, 1.0)
        assert_close(m(x), to_numpy(t(torch.from_numpy(x))).astype(np.float64), np.float32,
                     rtol=1e-5, atol=1e-5)
        assert_close(m.running_var, to_numpy(t.running_var), np.float32, rtol=1e-5, atol=1e-6)
    assert m.running_mean.dtype == np.float32 and m.num_batches_tracked.dtype == np.int64


def test_batch_norm_one_value_per_channel(torch):
    x = np.ones((1, 2), np.float32)
    for cnn, ref in [
        (lambda: F.batch_norm(x, None, None, training=True),
         lambda: torch.nn.functional.batch_norm(torch.ones(1, 2), None, None, training=True)),
        (lambda: nn.BatchNorm1d(2)(x), lambda: torch.nn.BatchNorm1d(2)(torch.ones(1, 2))),
        (lambda: nn.BatchNorm2d(2)(np.ones((1, 2, 1, 1))),
         lambda: torch.nn.BatchNorm2d(2)(torch.ones(1, 2, 1, 1))),
        (lambda: nn.BatchNorm1d(2, track_running_stats=False).eval()(x),
         lambda: torch.nn.BatchNorm1d(2, track_running_stats=False).eval()(torch.ones(1, 2))),
    ]:
        assert_same_error(cnn, ref, same_message=True)
    # eval with running statistics: fine
    y = nn.BatchNorm1d(2).eval()(x)
    assert y.shape == (1, 2)


def test_batch_norm_track_running_stats_false_uses_batch_stats(torch, rng):
    x = randn(rng, (5, 3, 4), np.float32)
    m = nn.BatchNorm1d(3, track_running_stats=False).eval()
    t = torch.nn.BatchNorm1d(3, track_running_stats=False).eval()
    assert m.running_mean is None and m.num_batches_tracked is None
    assert_close(m(x), to_numpy(t.double()(T(x))), np.float32, rtol=1e-5, atol=1e-6)
    assert list(m.state_dict()) == list(t.state_dict()) == ["weight", "bias"]


def test_batch_norm_large_offset_and_constant(torch, rng):
    x = randn(rng, (16, 3, 33, 33), np.float32, 1.0, 1e4)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    y = F.batch_norm(x, rm, rv, training=True)
    ref = torch.nn.functional.batch_norm(T(x), None, None, training=True)
    assert np.max(np.abs(y - to_numpy(ref))) < 1e-5
    # group/instance/layer norm too
    assert np.max(np.abs(F.group_norm(x, 3) - to_numpy(torch.nn.functional.group_norm(T(x), 3)))) < 1e-5
    assert np.max(np.abs(F.instance_norm(x) - to_numpy(torch.nn.functional.instance_norm(T(x))))) < 1e-5
    assert np.max(np.abs(F.layer_norm(x, (33, 33))
                         - to_numpy(torch.nn.functional.layer_norm(T(x), (33, 33))))) < 1e-5
    c = np.full((4, 3, 5, 5), 7.25, np.float32)
    for y in (F.batch_norm(c, None, None, training=True), F.group_norm(c, 3), F.instance_norm(c),
              F.layer_norm(c, (5, 5))):
        assert not np.isnan(y).any()
        assert np.max(np.abs(y)) <= 1e-4


def test_batch_norm_nan_and_negative_var(torch):
    x = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
    x[1, 0, 2] = np.nan
    y = F.batch_norm(x, None, None, training=True)
    assert np.isnan(y[:, 0]).all() and not np.isnan(y[:, 1]).any()
    y = F.batch_norm(x[:, 1:], np.zeros(1, np.float32), -np.ones(1, np.float32))
    assert np.isnan(y).all()


def test_batch_norm_empty(torch):
    for shape in [(0, 3), (0, 3, 4), (4, 3, 0)]:
        rm, rv = np.full(3, 0.5, np.float32), np.full(3, 2.0, np.float32)
        y = F.batch_norm(np.zeros(shape, np.float32), rm, rv, training=True)
        assert y.shape == shape
        np.testing.assert_array_equal(rm, 0.5)
        np.testing.assert_array_equal(rv, 2.0)
    m = nn.BatchNorm1d(3)
    m(np.zeros((0, 3), np.float32))
    assert int(m.num_batches_tracked) == 1
    np.testing.assert_array_equal(m.running_var, 1.0)


def test_batch_norm_running_stats_noncontiguous_updated_in_place(torch, rng):
    x = randn(rng, (6, 3, 4), np.float64)
    base = np.zeros((3, 2))
    rm = base[:, 0]
    rv = np.ones(6)[::2]
    trm, trv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    F.batch_norm(x, rm, rv, training=True)
    torch.nn.functional.batch_norm(T(x), trm, trv, training=True)
    assert_close(base[:, 0], to_numpy(trm), np.float64)
    assert_close(rv, to_numpy(trv), np.float64)


def _pairs(torch):
    """(cnnops call, torch call) pairs that must fail the same way."""
    tf = torch.nn.functional
    z, o, r = torch.zeros, torch.ones, torch.randn
    x23 = np.ones((2, 3), np.float32)
    return [
        (lambda: F.batch_norm(x23, np.zeros(2, np.float32), np.ones(3, np.float32)),
         lambda: tf.batch_norm(r(2, 3), z(2), o(3))),
        (lambda: F.batch_norm(x23, np.zeros(3, np.float32), np.ones(2, np.float32)),
         lambda: tf.batch_norm(r(2, 3), z(3), o(2))),
        (lambda: F.batch_norm(x23, None, None, np.ones(2, np.float32), training=True),
         lambda: tf.batch_norm(r(2, 3), None, None, o(2), training=True)),
        (lambda: F.batch_norm(x23, None, None, None, np.ones(4, np.float32), training=True),
         lambda: tf.batch_norm(r(2, 3), None, None, None, o(4), training=True)),
        (lambda: F.batch_norm(x23, None, None), lambda: tf.batch_norm(r(2, 3), None, None)),
        (lambda: F.batch_norm(x23, np.zeros(3, np.float32), None),
         lambda: tf.batch_norm(r(2, 3), z(3), None)),
        (lambda: F.batch_norm(x23, np.zeros(3, np.float32), None, training=True),
         lambda: tf.batch_norm(r(2, 3), z(3), None, training=True)),
        (lambda: F.batch_norm(x23, None, np.ones(3, np.float32), training=True),
         lambda: tf.batch_norm(r(2, 3), None, o(3), training=True)),
        (lambda: F.batch_norm(x23, None, None, training=True, eps=0.0),
         lambda: tf.batch_norm(r(2, 3), None, None, training=True, eps=0.0)),
        (lambda: F.batch_norm(x23, np.zeros(3, np.float32), np.ones(3, np.float32), eps=-1.0),
         lambda: tf.batch_norm(r(2, 3), z(3), o(3), eps=-1.0)),
        (lambda: F.batch_norm(x23, None, None, training=True, momentum=None),
         lambda: tf.batch_norm(r(2, 3), None, None, training=True, momentum=None)),
        (lambda: F.batch_norm(np.ones(2, np.float32), None, None),
         lambda: tf.batch_norm(r(2), None, None)),
        (lambda: F.batch_norm(np.ones(2, np.float32), None, None, training=True),
         lambda: tf.batch_norm(r(2), None, None, training=True)),
        (lambda: F.batch_norm(np.ones(2, np.float32), np.zeros(3, np.float32), np.ones(3, np.float32)),
         lambda: tf.batch_norm(r(2), z(3), o(3))),
        (lambda: F.batch_norm(np.float32(1.0), None, None, training=True),
         lambda: tf.batch_norm(r(()), None, None, training=True)),
        (lambda: F.batch_norm(x23, np.zeros((3, 1), np.float32), np.ones(3, np.float32)),
         lambda: tf.batch_norm(r(2, 3), z(3, 1), o(3))),
        (lambda: nn.BatchNorm1d(3)(np.ones(4, np.float32)), lambda: torch.nn.BatchNorm1d(3)(r(4))),
        (lambda: nn.BatchNorm2d(3)(np.ones((2, 3, 4), np.float32)),
         lambda: torch.nn.BatchNorm2d(3)(r(2, 3, 4))),
        (lambda: nn.BatchNorm1d(3)(np.ones((2, 4), np.float32)),
         lambda: torch.nn.BatchNorm1d(3)(r(2, 4))),
        # instance norm
        (lambda: F.instance_norm(np.ones((3, 2, 1), np.float32)),
         lambda: tf.instance_norm(r(3, 2, 1))),
        (lambda: F.instance_norm(np.ones((3, 2), np.float32)), lambda: tf.instance_norm(r(3, 2))),
        (lambda: F.instance_norm(np.ones((2, 3, 4), np.float32), use_input_stats=False),
         lambda: tf.instance_norm(r(2, 3, 4), use_input_stats=False)),
        (lambda: F.instance_norm(np.ones((2, 3, 4), np.float32), np.zeros(3, np.float32), None),
         lambda: tf.instance_norm(r(2, 3, 4), z(3), None)),
        (lambda: F.instance_norm(np.ones((2, 3, 4), np.float32), np.zeros(2, np.float32),
                                 np.ones(2, np.float32)),
         lambda: tf.instance_norm(r(2, 3, 4), z(2), o(2))),
        (lambda: F.instance_norm(np.ones((2, 3, 4), np.float32), weight=np.ones(2, np.float32)),
         lambda: tf.instance_norm(r(2, 3, 4), weight=o(2))),
        (lambda: F.instance_norm(np.ones((2, 3, 4), np.float32), momentum=None),
         lambda: tf.instance_norm(r(2, 3, 4), momentum=None)),
        (lambda: nn.InstanceNorm1d(3)(np.ones((2, 3, 4, 5), np.float32)),
         lambda: torch.nn.InstanceNorm1d(3)(r(2, 3, 4, 5))),
        (lambda: nn.InstanceNorm2d(3)(np.ones((2, 3), np.float32)),
         lambda: torch.nn.InstanceNorm2d(3)(r(2, 3))),
        (lambda: nn.InstanceNorm1d(3, affine=True)(np.ones((2, 2, 4), np.float32)),
         lambda: torch.nn.InstanceNorm1d(3, affine=True)(r(2, 2, 4))),
        (lambda: nn.InstanceNorm1d(3, affine=True)(np.ones((2, 4), np.float32)),
         lambda: torch.nn.InstanceNorm1d(3, affine=True)(r(2, 4))),
        (lambda: nn.InstanceNorm1d(3)(np.ones((2, 3, 1), np.float32)),
         lambda: torch.nn.InstanceNorm1d(3)(r(2, 3, 1))),
        # group norm
        (lambda: F.group_norm(np.ones(2, np.float32), 1), lambda: tf.group_norm(r(2), 1)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 0), lambda: tf.group_norm(r(2, 4, 3), 0)),
        (lambda: F.group_norm(np.ones((1, 4, 1), np.float32), 4), lambda: tf.group_norm(r(1, 4, 1), 4)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), -2), lambda: tf.group_norm(r(2, 4, 3), -2)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 3), lambda: tf.group_norm(r(2, 4, 3), 3)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 8), lambda: tf.group_norm(r(2, 4, 3), 8)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 2.0),
         lambda: tf.group_norm(r(2, 4, 3), 2.0)),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 2, np.ones(3, np.float32)),
         lambda: tf.group_norm(r(2, 4, 3), 2, o(3))),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 2, np.ones((2, 2), np.float32)),
         lambda: tf.group_norm(r(2, 4, 3), 2, o(2, 2))),
        (lambda: F.group_norm(np.ones((2, 4, 3), np.float32), 2, None, np.ones(0, np.float32)),
         lambda: tf.group_norm(r(2, 4, 3), 2, None, o(0))),
        (lambda: nn.GroupNorm(3, 4), lambda: torch.nn.GroupNorm(3, 4)),
        (lambda: nn.GroupNorm(0, 4), lambda: torch.nn.GroupNorm(0, 4)),
        (lambda: nn.GroupNorm(2, 4)(np.ones((2, 6, 3), np.float32)),
         lambda: torch.nn.GroupNorm(2, 4)(r(2, 6, 3))),
        # layer norm
        (lambda: F.layer_norm(np.ones((2, 3, 4), np.float32), (3,)),
         lambda: tf.layer_norm(r(2, 3, 4), (3,))),
        (lambda: F.layer_norm(np.ones((3, 4), np.float32), (5, 3, 4)),
         lambda: tf.layer_norm(r(3, 4), (5, 3, 4))),
        (lambda: F.layer_norm(np.ones((2, 3, 4), np.float32), (4,), np.ones(3, np.float32)),
         lambda: tf.layer_norm(r(2, 3, 4), (4,), o(3))),
        (lambda: F.layer_norm(np.ones((2, 3, 4), np.float32), (4,), None, np.ones(3, np.float32)),
         lambda: tf.layer_norm(r(2, 3, 4), (4,), None, o(3))),
        (lambda: F.layer_norm(np.ones((2, 3, 4), np.float32), ()), lambda: tf.layer_norm(r(2, 3, 4), ())),
        (lambda: F.layer_norm(np.ones((2, 3, 4), np.float32), 4), lambda: tf.layer_norm(r(2, 3, 4), 4)),
        (lambda: F.layer_norm(np.ones((2, 3), np.float32), (3.0,)), lambda: tf.layer_norm(r(2, 3), (3.0,))),
        (lambda: F.layer_norm(np.float32(1.0), (1,)), lambda: tf.layer_norm(r(()), (1,))),
        (lambda: nn.LayerNorm(4)(np.ones((2, 3), np.float32)), lambda: torch.nn.LayerNorm(4)(r(2, 3))),
        # local response norm
        (lambda: F.local_response_norm(np.ones((2, 3), np.float32), 2),
         lambda: tf.local_response_norm(r(2, 3), 2)),
        (lambda: F.local_response_norm(np.ones((2, 3, 4), np.float32), 0),
         lambda: tf.local_response_norm(r(2, 3, 4), 0)),
        (lambda: F.local_response_norm(np.ones((2, 3, 4, 5), np.float32), 0),
         lambda: tf.local_response_norm(r(2, 3, 4, 5), 0)),
        (lambda: F.local_response_norm(np.ones((2, 3, 4, 5), np.float32), -2),
         lambda: tf.local_response_norm(r(2, 3, 4, 5), -2)),
        (lambda: F.local_response_norm(np.ones((2, 3, 4), np.float32), -1),
         lambda: tf.local_response_norm(r(2, 3, 4), -1)),
        (lambda: F.local_response_norm(np.ones((2, 8, 4), np.float32), -5),
         lambda: tf.local_response_norm(r(2, 8, 4), -5)),
        (lambda: F.local_response_norm(np.ones((2, 8, 4), np.float32), -8),
         lambda: tf.local_response_norm(r(2, 8, 4), -8)),
        (lambda: F.local_response_norm(np.ones((2, 3, 4), np.float32), 2.0),
         lambda: tf.local_response_norm(r(2, 3, 4), 2.0)),
        (lambda: nn.LocalResponseNorm(2)(np.ones(3, np.float32)),
         lambda: torch.nn.LocalResponseNorm(2)(r(3))),
        # normalize
        (lambda: F.normalize(np.ones(3, np.float32)), lambda: tf.normalize(r(3))),
        (lambda: F.normalize(np.ones((2, 3), np.float32), dim=-3), lambda: tf.normalize(r(2, 3), dim=-3)),
        (lambda: F.normalize(np.ones((2, 3), np.float32), dim=2), lambda: tf.normalize(r(2, 3), dim=2)),
        (lambda: F.normalize(np.ones((2, 3), np.float32), dim=1.0), lambda: tf.normalize(r(2, 3), dim=1.0)),
    ]


def test_errors_match_torch(torch):
    for i, (cnn, ref) in enumerate(_pairs(torch)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_same_error(cnn, ref, same_message=True)


def test_mixed_dtype_errors(torch):
    x32, x64 = np.ones((2, 3), np.float32), np.ones((2, 3))
    for call in [lambda: F.batch_norm(x64, None, None, np.ones(3, np.float32), training=True),
                 lambda: F.batch_norm(x32, np.zeros(3), np.ones(3), training=True),
                 lambda: F.batch_norm(x32, None, None, np.ones(3), training=True),
                 lambda: F.group_norm(x64, 3, np.ones(3, np.float32)),
                 lambda: F.layer_norm(x32, (3,), np.ones(3)),
                 lambda: F.instance_norm(np.ones((2, 3, 4)), weight=np.ones(3, np.float32)),
                 lambda: nn.BatchNorm1d(3)(x64),
                 lambda: nn.LayerNorm(3)(x64),
                 lambda: nn.GroupNorm(1, 3)(x64)]:
        with pytest.raises(RuntimeError, match="mixed dtype"):
            call()
    # float64 modules accept float64 input
    assert nn.BatchNorm1d(3, dtype=np.float64)(x64 + np.arange(3)).dtype == np.float64


def test_running_stats_must_be_writeable_arrays():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(TypeError):
        F.batch_norm(x, [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], training=True)
    ro = np.zeros(3, np.float32)
    ro.setflags(write=False)
    with pytest.raises(ValueError):
        F.batch_norm(x, ro, np.ones(3, np.float32), training=True)
    # lists are fine where nothing is written (evaluation)
    y = F.batch_norm(x, [0, 0, 0], [1, 1, 1], [2, 2, 2], [1, 1, 1])
    assert_close(y, np.full((2, 3), 2 / np.sqrt(1 + 1e-5) + 1), np.float32)


def test_norm_modules_repr_and_state_dict(torch):
    pairs = [
        (nn.BatchNorm2d(64), torch.nn.BatchNorm2d(64)),
        (nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False),
         torch.nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False)),
        (nn.BatchNorm1d(3, bias=False), torch.nn.BatchNorm1d(3, bias=False)),
        (nn.BatchNorm1d(3, track_running_stats=False), torch.nn.BatchNorm1d(3, track_running_stats=False)),
        (nn.BatchNorm3d(2), torch.nn.BatchNorm3d(2)),
        (nn.InstanceNorm1d(2), torch.nn.InstanceNorm1d(2)),
        (nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
         torch.nn.InstanceNorm2d(3, affine=True, track_running_stats=True)),
        (nn.InstanceNorm3d(3, momentum=0.2), torch.nn.InstanceNorm3d(3, momentum=0.2)),
        (nn.GroupNorm(2, 4), torch.nn.GroupNorm(2, 4)),
        (nn.GroupNorm(2, 4, eps=1e-3, affine=False), torch.nn.GroupNorm(2, 4, eps=1e-3, affine=False)),
        (nn.GroupNorm(1, 4, bias=False), torch.nn.GroupNorm(1, 4, bias=False)),
        (nn.LayerNorm(4), torch.nn.LayerNorm(4)),
        (nn.LayerNorm([4, 5], elementwise_affine=False), torch.nn.LayerNorm([4, 5], elementwise_affine=False)),
        (nn.LayerNorm((4,), bias=False, eps=1e-6), torch.nn.LayerNorm((4,), bias=False, eps=1e-6)),
        (nn.LocalResponseNorm(2), torch.nn.LocalResponseNorm(2)),
        (nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2), torch.nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2)),
    ]
    for m, t in pairs:
        assert_repr_equal(m, t)
        sd, tsd = m.state_dict(), t.state_dict()
        assert list(sd) == list(tsd)
        for k in sd:
            np.testing.assert_array_equal(sd[k], to_numpy(tsd[k]))
            assert sd[k].shape == tuple(tsd[k].shape)
    assert repr(nn.BatchNorm2d(64)) == ("BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, "
                                        "bias=True, track_running_stats=True)")
    seq = nn.Sequential(nn.BatchNorm1d(10))
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "0.running_mean", "0.running_var",
                                      "0.num_batches_tracked"]


def test_load_state_dict_from_torch_and_missing_key(torch, rng):
    t = torch.nn.BatchNorm2d(3)
    t.train()
    t(torch.randn(4, 3, 5, 5) * 2 + 1)
    m = nn.BatchNorm2d(3)
    m.load_state_dict({k: v.numpy() for k, v in t.state_dict().items()})
    assert int(m.num_batches_tracked) == 1
    assert_close(m.running_var, to_numpy(t.running_var), np.float32)
    x = randn(rng, (2, 3, 5, 5), np.float32)
    assert_close(m.eval()(x), to_numpy(t.eval()(torch.from_numpy(x))), np.float32, rtol=1e-5, atol=1e-6)
    sd = m.state_dict()
    del sd["num_batches_tracked"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "num_batches_tracked"'):
        nn.BatchNorm2d(3).load_state_dict(sd)


# =========================================================================================
# instance_norm
# =========================================================================================
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 3, 5), (1, 4, 6, 7), (3, 2, 17, 19), (2, 3, 2, 3, 2), (1, 1, 30000)])
def test_instance_norm_values(torch, dtype, shape, rng):
    c = shape[1]
    x = randn(rng, shape, dtype, 2.0, -1.0)
    w, b = randn(rng, c, dtype), randn(rng, c, dtype)
    for wi, bi in [(None, None), (w, b), (w, None)]:
        check_op(lambda xv: F.instance_norm(xv, None, None, wi, bi),
                 lambda xt: torch.nn.functional.instance_norm(xt, None, None, T(wi), T(bi)),
                 [x], **tol(dtype))
    for use_input_stats in (True, False):
        rm, rv = randn(rng, c, dtype), (rng.random(c) + 0.5).astype(dtype)
        trm, trv = T(rm), T(rv)
        y = F.instance_norm(x, rm, rv, w, b, use_input_stats, 0.2)
        ref = torch.nn.functional.instance_norm(T(x), trm, trv, T(w), T(b), use_input_stats, 0.2)
        assert_close(y, to_numpy(ref), dtype, **tol(dtype))
        assert_close(rm, to_numpy(trm), dtype, **tol(dtype))
        assert_close(rv, to_numpy(trv), dtype, **tol(dtype))


def test_instance_norm_every_isa(torch, isa, rng):
    for shape in [(2, 3, 5), (3, 2, 17, 19), (1, 2, 20000)]:
        x = randn(rng, shape, np.float32, 3.0, 2.0)
        check_op(F.instance_norm, torch.nn.functional.instance_norm, [x], all_layouts=False,
                 rtol=1e-5, atol=1e-6)


def test_instance_norm_modules(torch, rng):
    for cls, tcls, shape in [(nn.InstanceNorm1d, torch.nn.InstanceNorm1d, (4, 3, 6)),
                             (nn.InstanceNorm1d, torch.nn.InstanceNorm1d, (3, 6)),
                             (nn.InstanceNorm2d, torch.nn.InstanceNorm2d, (2, 3, 4, 5)),
                             (nn.InstanceNorm2d, torch.nn.InstanceNorm2d, (3, 4, 5))]:
        for kw in [{}, dict(affine=True), dict(track_running_stats=True),
                   dict(affine=True, track_running_stats=True, momentum=None)]:
            m, t = cls(3, dtype=np.float64, **kw), tcls(3, **kw).double()
            for step in range(3):
                x = randn(rng, shape, np.float64, 1 + step, step)
                assert_close(m(x), to_numpy(t(T(x))), np.float64, **tol(np.float64))
                if m.running_mean is not None:
                    assert_close(m.running_mean, to_numpy(t.running_mean), np.float64)
                    assert_close(m.running_var, to_numpy(t.running_var), np.float64)
                    assert int(m.num_batches_tracked) == 0
            m.eval()
            t.eval()
            x = randn(rng, shape, np.float64)
            assert_close(m(x), to_numpy(t(T(x))), np.float64, **tol(np.float64))


def test_instance_norm_channel_warning_and_empty(torch, rng):
    m = nn.InstanceNorm1d(3)
    with pytest.warns(UserWarning, match="input's size at dim=1 does not match num_features"):
        y = m(randn(rng, (2, 2, 4), np.float32))
    assert y.shape == (2, 2, 4)
    assert F.instance_norm(np.zeros((0, 3, 4), np.float32)).shape == (0, 3, 4)
    assert F.instance_norm(np.zeros((2, 3, 0), np.float32)).shape == (2, 3, 0)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    trm, trv = torch.zeros(3), torch.ones(3)
    F.instance_norm(np.zeros((0, 3, 4), np.float32), rm, rv)
    torch.nn.functional.instance_norm(torch.zeros(0, 3, 4), trm, trv)
    assert np.isnan(rm).all() and np.isnan(to_numpy(trm)).all()  # PyTorch's empty-batch quirk


# =========================================================================================
# group_norm
# =========================================================================================
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,groups", [((2, 6), 2), ((2, 6), 6), ((3, 4, 5), 2), ((2, 6, 7, 9), 3),
                                          ((2, 8, 17, 19), 8), ((1, 4, 3, 2, 2), 1), ((2, 4, 1), 4),
                                          ((1, 2, 30000), 1)])
def test_group_norm_values(torch, dtype, shape, groups, rng):
    c = shape[1]
    x = randn(rng, shape, dtype, 2.0, 3.0)
    w, b = randn(rng, c, dtype), randn(rng, c, dtype)
    for wi, bi in [(None, None), (w, b), (None, b), (w, None)]:
        check_op(lambda xv: F.group_norm(xv, groups, wi, bi, 1e-4),
                 lambda xt: torch.nn.functional.group_norm(xt, groups, T(wi), T(bi), 1e-4),
                 [x], **tol(dtype))


def test_group_norm_every_isa_and_module(torch, isa, rng):
    for shape, g in [((2, 6, 7, 9), 3), ((2, 64, 8, 8), 32), ((1, 4, 100, 100), 2)]:
        x = randn(rng, shape, np.float32, 2.0, 3.0)
        m, t = nn.GroupNorm(g, shape[1]), torch.nn.GroupNorm(g, shape[1]).double()
        m.weight[...] = rng.standard_normal(shape[1])
        t.weight.data = T(m.weight)
        assert_close(m(x), to_numpy(t(T(x))), np.float32, rtol=1e-5, atol=1e-6)
    # non-affine module works for any divisible channel count; empty batch/spatial
    assert nn.GroupNorm(2, 4, affine=False)(np.ones((2, 6, 3), np.float32)).shape == (2, 6, 3)
    assert F.group_norm(np.zeros((0, 4, 3), np.float32), 2).shape == (0, 4, 3)
    assert F.group_norm(np.zeros((2, 4, 0), np.float32), 2).shape == (2, 4, 0)
    # N=2, C=G without spatial dims passes the check and gives zeros
    np.testing.assert_array_equal(F.group_norm(np.ones((2, 4), np.float32), 4), 0)


# =========================================================================================
# layer_norm
# =========================================================================================
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,ns", [((2, 5, 10), (5, 10)), ((2, 5, 10), (10,)), ((7,), (7,)),
                                      ((3, 1), (1,)), ((4, 3, 33), (33,)), ((2, 40000), (40000,)),
                                      ((3, 2, 3, 4), (2, 3, 4))])
def test_layer_norm_values(torch, dtype, shape, ns, rng):
    x = randn(rng, shape, dtype, 2.0, 1.0)
    w, b = randn(rng, ns, dtype), randn(rng, ns, dtype)
    for wi, bi in [(None, None), (w, b), (w, None), (None, b)]:
        check_op(lambda xv: F.layer_norm(xv, ns, wi, bi),
                 lambda xt: torch.nn.functional.layer_norm(xt, ns, T(wi), T(bi)),
                 [x], **tol(dtype))


def test_layer_norm_every_isa_module_and_specials(torch, isa, rng):
    x = randn(rng, (4, 6, 768), np.float32)
    m = nn.LayerNorm(768)
    m.weight[...] = rng.standard_normal(768)
    t = torch.nn.LayerNorm(768).double()
    t.weight.data = T(m.weight)
    assert_close(m(x), to_numpy(t(T(x))), np.float32, rtol=1e-5, atol=1e-6)
    assert nn.LayerNorm(4).normalized_shape == (4,)
    y = F.layer_norm(np.array([[1.0, np.inf, 2.0], [1.0, 2.0, 3.0]]), (3,))
    assert np.isnan(y[0]).all() and not np.isnan(y[1]).any()
    np.testing.assert_array_equal(F.layer_norm(np.array([[5.0]]), (1,)), [[0.0]])
    assert F.layer_norm(np.zeros((2, 0)), (0,)).shape == (2, 0)
    assert F.layer_norm(np.zeros((0, 3)), (3,)).shape == (0, 3)
    assert np.isnan(F.layer_norm(np.ones((2, 3)), (3,), eps=-1.0)).all()


# =========================================================================================
# local_response_norm
# =========================================================================================
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 6, 8, 11, 30])
def test_lrn_sizes(torch, dtype, size, rng):
    for shape in [(2, 7, 5), (2, 9, 4, 5), (1, 5, 2, 3, 4), (2, 3, 600)]:
        x = randn(rng, shape, dtype, 3.0)
        check_op(lambda xv: F.local_response_norm(xv, size, 1e-2, 0.75, 1.0),
                 lambda xt: torch.nn.functional.local_response_norm(xt, size, 1e-2, 0.75, 1.0),
                 [x], all_layouts=size in (2, 5), **tol(dtype))


@pytest.mark.parametrize("beta", [0.75, 0.5, 1.0, 0.25, 0.0, 0.6, 2.0, -0.5])
@pytest.mark.parametrize("k", [1.0, 2.0, 0.0])
def test_lrn_params_every_isa(torch, isa, beta, k, rng):
    x = randn(rng, (2, 6, 37), np.float32, 2.0)
    for dtype in DTYPES:
        xd = x.astype(dtype)
        y = F.local_response_norm(xd, 3, alpha=0.5, beta=beta, k=k)
        ref = to_numpy(torch.nn.functional.local_response_norm(T(xd), 3, 0.5, beta, k))
        assert_close(y, ref, dtype, rtol=2e-5 if dtype == np.float32 else 1e-10, atol=1e-6 if dtype == np.float32 else 1e-11)


def test_lrn_spec_example_and_specials(torch):
    x = np.arange(1, 7, dtype=np.float64).reshape(1, 6, 1)
    y = F.local_response_norm(x, 2, 1.0, 1.0, 1.0)
    assert_close(y.ravel(), np.array([2 / 3, 4 / 7, 0.4, 8 / 27, 10 / 43, 12 / 63]), np.float64)
    # NaN / inf reach exactly the channels whose window holds them
    for bad in (np.nan, np.inf, -np.inf):
        x = np.ones((1, 12, 3), np.float32)
        x[0, 5, 1] = bad
        for size in (1, 2, 3, 4):
            y = F.local_response_norm(x, size)
            ref = to_numpy(torch.nn.functional.local_response_norm(torch.from_numpy(x), size))
            np.testing.assert_array_equal(np.isnan(y), np.isnan(ref))
            assert_close(y, ref, np.float32, rtol=1e-5, atol=1e-6)
    # a running sum that shrinks far below what went through it stays accurate
    x = np.full((1, 40, 2), 1e-3, np.float64)
    x[0, 3] = 1e6
    x[0, 20] = -3e5
    ref = to_numpy(torch.nn.functional.local_response_norm(T(x), 5, 1.0, 0.75, 0.0))
    assert_close(F.local_response_norm(x, 5, 1.0, 0.75, 0.0), ref, np.float64)
    x32 = x.astype(np.float32)
    assert_close(F.local_response_norm(x32, 5, 1.0, 0.75, 0.0), ref, np.float32, rtol=1e-5, atol=0)
    # zeros after large values (post-ReLU data): exact zero windows
    x = np.zeros((1, 30, 3), np.float32)
    x[0, ::7] = 1e4
    ref = to_numpy(torch.nn.functional.local_response_norm(torch.from_numpy(x).double(), 3, 1.0, 0.5, 0.0))
    with np.errstate(invalid="ignore"):
        y = F.local_response_norm(x, 3, 1.0, 0.5, 0.0)
    np.testing.assert_array_equal(np.isnan(y), np.isnan(ref))
    # empty input: the same object back; int input computed in float32
    e = np.zeros((0, 3, 4), np.float32)
    assert F.local_response_norm(e, 2) is e
    yi = F.local_response_norm(np.arange(24).reshape(2, 3, 4), 2)
    assert yi.dtype == np.float32
    assert_close(yi, to_numpy(torch.nn.functional.local_response_norm(
        torch.arange(24.0).reshape(2, 3, 4).double(), 2)), np.float32, rtol=1e-5, atol=1e-6)


def test_lrn_module(torch, rng):
    x = randn(rng, (2, 5, 6, 6), np.float32)
    m, t = nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2), torch.nn.LocalResponseNorm(3, 1e-3, 0.5, 2)
    assert_close(m(x), to_numpy(t(T(x))), np.float32, rtol=1e-5, atol=1e-6)


# =========================================================================================
# normalize
# =========================================================================================
PS = [2.0, 1.0, np.inf, -np.inf, 0.0, 0.5, 3.0, -1.0]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", PS)
def test_normalize_values(torch, dtype, p, rng):
    x = randn(rng, (5, 37, 3), dtype)
    x[0, 3, 1] = 0
    for dim in (0, 1, 2, -1, (0, 2), (1, 2)):
        check_op(lambda xv: F.normalize(xv, p, dim),
                 lambda xt: torch.nn.functional.normalize(xt, p, dim),
                 [x], all_layouts=dim == 1, rtol=tol(dtype)["rtol"], atol=0)


def test_normalize_every_isa(torch, isa, rng):
    for dtype in DTYPES:
        for shape, dim in [((300, 256), 1), ((4, 700, 3), 1), ((2, 3, 1000), 2), ((1000, 3), 0)]:
            x = randn(rng, shape, dtype)
            for p in (2.0, 1.0, np.inf, 0.5):
                check_op(lambda xv: F.normalize(xv, p, dim),
                         lambda xt: torch.nn.functional.normalize(xt, p, dim),
                         [x], all_layouts=False, rtol=tol(dtype)["rtol"], atol=0)


def test_normalize_specials(torch):
    tf = torch.nn.functional
    np.testing.assert_array_equal(F.normalize(np.zeros((2, 3), np.float32)), 0)
    y = F.normalize(np.array([[np.inf, 4.0]]))
    assert np.isnan(y[0, 0]) and y[0, 1] == 0
    for p in PS:
        x = np.array([[np.nan, 1.0, 2.0], [0.0, 0.0, 0.0], [0.0, 1.0, 2.0]])
        with np.errstate(all="ignore"):
            y = F.normalize(x, p)
        ref = to_numpy(tf.normalize(torch.from_numpy(x), p))
        assert_close(y, ref, np.float64, msg=f"p={p}")
    assert F.normalize(np.float32(-3.0), dim=0) == -1.0
    assert F.normalize(np.zeros((2, 0)), dim=1).shape == (2, 0)
    assert np.isnan(F.normalize(np.zeros((1, 2)), eps=-1.0)).all()
    assert_close(F.normalize(np.array([[1e-30, 1e-30]], np.float32), p=3.0),
                 to_numpy(tf.normalize(torch.tensor([[1e-30, 1e-30]]), p=3.0)), np.float32)
    out = np.empty((2, 3), np.float32)
    x = np.array([[3, 4, 0], [1, 1, 1]], np.float32)
    assert F.normalize(x, out=out) is out
    assert_close(out, to_numpy(tf.normalize(torch.from_numpy(x))), np.float32)


# =========================================================================================
# threads, ISA agreement, hypothesis
# =========================================================================================
def test_thread_invariance(rng):
    x = randn(rng, (4, 3, 70, 70), np.float32, 2.0, 1e3)
    xs = randn(rng, (3000, 40), np.float32)
    xc = randn(rng, (3, 2, 60000), np.float32)
    rm = np.zeros(3, np.float32)
    cases = [
        lambda: F.batch_norm(x, None, None, training=True),
        lambda: F.batch_norm(xs, None, None, training=True),
        lambda: F.batch_norm(xc, None, None, training=True),
        lambda: (F.batch_norm(x, rm.copy(), np.ones(3, np.float32), training=True),),
        lambda: F.batch_norm(x, rm, np.ones(3, np.float32)),
        lambda: F.group_norm(x, 3),
        lambda: F.group_norm(xc, 1),
        lambda: F.instance_norm(x),
        lambda: F.layer_norm(x, (70, 70)),
        lambda: F.layer_norm(xc, (2, 60000)),
        lambda: F.local_response_norm(x, 5),
        lambda: F.local_response_norm(xs.reshape(3000, 40, 1) * 1e3, 4, 1.0, 0.6, 0.0),
        lambda: F.normalize(xs),
        lambda: F.normalize(x, p=3.0, dim=1),
        lambda: F.normalize(xs, p=np.inf, dim=0),
    ]
    for fn in cases:
        assert_thread_invariant(fn)


def test_isa_paths_agree_closely(rng):
    from cnnops import _runtime
    from conftest import available_isas

    x = randn(rng, (4, 8, 30, 30), np.float32, 2.0, 50.0)
    fns = [lambda: F.batch_norm(x, None, None, training=True), lambda: F.group_norm(x, 4),
           lambda: F.layer_norm(x, (30,)), lambda: F.local_response_norm(x, 5),
           lambda: F.normalize(x, dim=1)]
    initial = _runtime.get_isa()
    try:
        for fn in fns:
            outs = []
            for isa in available_isas():
                _runtime.set_isa(isa)
                outs.append(fn())
            for o in outs[1:]:
                assert_close(o, outs[0], np.float32, rtol=1e-5, atol=1e-5)
    finally:
        _runtime.set_isa(initial)


if given is not None:
    @settings(max_examples=40, deadline=None)
    @given(st.integers(1, 4), st.integers(1, 9), st.integers(1, 12), st.integers(1, 12),
           st.sampled_from([0.75, 0.5, 1.3]), st.integers(0, 2**31 - 1))
    def test_lrn_hypothesis(n, c, s, size, beta, seed):
        import torch

        x = np.random.default_rng(seed).standard_normal((n, c, s))
        y = F.local_response_norm(x, size, 0.3, beta, 1.5)
        ref = torch.nn.functional.local_response_norm(torch.from_numpy(x), size, 0.3, beta, 1.5).numpy()
        assert_close(y, ref, np.float64, rtol=1e-10, atol=1e-12)

    @settings(max_examples=40, deadline=None)
    @given(st.integers(2, 5), st.integers(1, 6), st.integers(1, 40), st.integers(0, 2**31 - 1))
    def test_batch_group_norm_hypothesis(n, g, s, seed):
        import torch

        rng = np.random.default_rng(seed)
        c = g * int(rng.integers(1, 4))
        x = rng.standard_normal((n, c, s)) * rng.uniform(0.1, 10) + rng.uniform(-100, 100)
        tx = torch.from_numpy(x)
        assert_close(F.batch_norm(x, None, None, training=True),
                     torch.nn.functional.batch_norm(tx, None, None, training=True).numpy(),
                     np.float64, rtol=1e-9, atol=1e-10)
        assert_close(F.group_norm(x, g), torch.nn.functional.group_norm(tx, g).numpy(),
                     np.float64, rtol=1e-9, atol=1e-10)


# =========================================================================================
# seeds' examples (the Chinese tutorial's calls)
# =========================================================================================
def test_seed_examples(torch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    y = F.batch_norm(x, rm, rv, training=True)
    trm, trv = torch.zeros(3), torch.ones(3)
    assert_close(y, to_numpy(torch.nn.functional.batch_norm(torch.from_numpy(x), trm, trv, training=True)),
                 np.float32, rtol=1e-5, atol=1e-5)
    assert_close(rv, to_numpy(trv), np.float32, rtol=1e-5, atol=1e-6)
    x = rng.standard_normal((2, 6)).astype(np.float32)
    assert_close(F.group_norm(x, 2), to_numpy(torch.nn.functional.group_norm(torch.from_numpy(x), 2)),
                 np.float32, rtol=1e-5, atol=1e-5)
    x = rng.standard_normal((2, 3, 5, 5)).astype(np.float32)
    assert_close(F.instance_norm(x, None, None, None, None, use_input_stats=True),
                 to_numpy(torch.nn.functional.instance_norm(torch.from_numpy(x))), np.float32,
                 rtol=1e-5, atol=1e-5)
    x = rng.standard_normal((2, 5, 10)).astype(np.float32)
    assert_close(F.layer_norm(x, (5, 10)),
                 to_numpy(torch.nn.functional.layer_norm(torch.from_numpy(x), (5, 10))), np.float32,
                 rtol=1e-5, atol=1e-5)
    x = rng.standard_normal((1, 5, 10, 10)).astype(np.float32)
    assert_close(F.local_response_norm(x, size=5),
                 to_numpy(torch.nn.functional.local_response_norm(torch.from_numpy(x), size=5)),
                 np.float32, rtol=1e-5, atol=1e-6)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    y = F.normalize(x, p=2.0, dim=1)
    assert_close(np.linalg.norm(y, axis=1), np.ones(4), np.float32, rtol=1e-6, atol=1e-6)


def test_large_outputs_streaming_stores(torch, isa, rng):
    """Outputs of 16 MB and more are written with non-temporal stores (odd sizes: unaligned heads)."""
    tf = torch.nn.functional
    x = randn(rng, (3, 5, 280001), np.float32, 2.0, 1.0)  # 16.8 MB
    tx = T(x)
    w, b = randn(rng, 5, np.float32), randn(rng, 5, np.float32)
    assert_close(F.batch_norm(x, None, None, w, b, training=True),
                 to_numpy(tf.batch_norm(tx, None, None, T(w), T(b), training=True)), np.float32,
                 rtol=1e-5, atol=1e-6)
    assert_close(F.group_norm(x, 5, w, b), to_numpy(tf.group_norm(tx, 5, T(w), T(b))), np.float32,
                 rtol=1e-5, atol=1e-6)
    xl = randn(rng, (2101, 1001), np.float64)  # 16.8 MB
    wl = randn(rng, 1001, np.float64)
    assert_close(F.layer_norm(xl, (1001,), wl, wl), to_numpy(tf.layer_norm(T(xl), (1001,), T(wl), T(wl))),
                 np.float64, rtol=1e-10, atol=1e-11)
