"""Foundation: ReLU end to end, dtype/layout policy, Module system, runtime."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import pytest

import cnnops
import cnnops.functional as F
from cnnops import nn
from harness import (assert_bitwise_equal, assert_same_error, assert_thread_invariant,
                     check_op, float_arrays, layouts, shapes)

try:
    from hypothesis import given, settings
except ImportError:  # pragma: no cover
    given = None


# -- ReLU against PyTorch -------------------------------------------------------
SIZES = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4099, 200_003]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", SIZES)
def test_relu_sizes(torch, isa, dtype, n, rng):
    x = rng.standard_normal(n).astype(dtype)
    check_op(F.relu, torch.nn.functional.relu, [x], exact_dtype_reference=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (0,), (3, 0, 2), (2, 3), (2, 3, 4, 5), (1, 1, 1, 1, 1, 7)])
def test_relu_shapes(torch, isa, dtype, shape, rng):
    x = rng.standard_normal(shape).astype(dtype)
    out = check_op(F.relu, torch.nn.functional.relu, [x], exact_dtype_reference=True)
    assert out.shape == shape


def test_relu_special_values(torch, isa):
    x = np.array([np.nan, -np.inf, np.inf, -0.0, 0.0, -1e-45, 1e-45, -3.4e38, 3.4e38], np.float32)
    x = np.tile(x, 5)  # long enough for the vector body, not just the tail
    y = F.relu(x)
    ref = torch.nn.functional.relu(torch.from_numpy(x)).numpy()
    assert_bitwise_equal(y, ref, "relu special values")  # -0 stays -0, NaN stays NaN


def test_relu_seed_example():
    x = np.array([[1, -0.5], [-1, 3]]).reshape(-1, 1, 2, 2)
    y = nn.ReLU()(x)
    np.testing.assert_array_equal(y, [[[[1, 0], [0, 3]]]])
    assert y.dtype == np.float64


if given is not None:
    @settings(max_examples=60, deadline=None)
    @given(float_arrays(np.float32, shapes(0, 4), allow_special=True))
    def test_relu_hypothesis(x):
        y = F.relu(x)
        expected = np.where(x < 0, np.float32(0), x)
        assert_bitwise_equal(y, expected)


# -- input policy ----------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.bool_, np.float16])
def test_integer_and_bool_become_float32(dtype):
    x = np.array([[-2, 0], [1, 3]]).astype(dtype)
    y = F.relu(x)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, np.maximum(x.astype(np.float32), 0))


def test_lists_and_scalars():
    np.testing.assert_array_equal(F.relu([-1.0, 2.0]), [0.0, 2.0])
    assert F.relu(-3.0).shape == ()
    assert F.relu(np.float32(-3.0)).dtype == np.float32


@pytest.mark.parametrize("dtype", [">f4", ">f8"])
def test_big_endian(dtype):
    x = np.array([-1.5, 2.5], dtype=dtype)
    y = F.relu(x)
    assert y.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(y, [0, 2.5])


@pytest.mark.parametrize("bad", [np.array([1 + 2j]), np.array(["a"]), np.array([object()]),
                                 np.array([1.0], dtype=np.longdouble)])
def test_bad_dtypes_raise_typeerror(bad):
    with pytest.raises(TypeError, match="float32 and float64"):
        F.relu(bad)


def test_every_layout_gives_same_result(rng):
    x = rng.standard_normal((3, 4, 5)).astype(np.float32)
    for name, xv in layouts(x):
        np.testing.assert_array_equal(F.relu(xv), np.maximum(x, 0), err_msg=name)


# -- inplace ---------------------------------------------------------------------
def test_inplace_writes_and_returns_same_object(rng):
    x = rng.standard_normal((4, 5)).astype(np.float32)
    expected = np.maximum(x, 0)
    y = F.relu(x, inplace=True)
    assert y is x
    np.testing.assert_array_equal(x, expected)


def test_inplace_non_contiguous_view_writes_through(rng):
    base = rng.standard_normal((6, 8))
    view = base[::2, ::-2]
    expected = np.maximum(view, 0)
    out = nn.ReLU(inplace=True)(view)
    assert out is view
    np.testing.assert_array_equal(base[::2, ::-2], expected)


def test_inplace_read_only_is_clear_error():
    x = np.array([-1.0, 1.0])
    x.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        F.relu(x, inplace=True)


def test_inplace_integer_and_list_errors():
    with pytest.raises(RuntimeError, match="can't be cast"):
        F.relu(np.array([-1, 2]), inplace=True)
    with pytest.raises(TypeError, match="numpy.ndarray"):
        F.relu([-1.0, 2.0], inplace=True)


def test_inplace_overlapping_memory_error(torch):
    x = np.lib.stride_tricks.as_strided(np.array([-1.0, 2.0]), (3, 2), (0, 8))
    assert x.flags.writeable
    t = torch.tensor([-1.0, 2.0]).expand(3, 2)
    assert_same_error(lambda: F.relu(x, inplace=True), lambda: torch.relu_(t))


# -- threads ---------------------------------------------------------------------
def test_set_get_num_threads():
    old = cnnops.get_num_threads()
    cnnops.set_num_threads(1)
    assert cnnops.get_num_threads() == 1
    with cnnops.num_threads(3):
        assert cnnops.get_num_threads() == 3
    assert cnnops.get_num_threads() == 1
    cnnops.set_num_threads(old)
    with pytest.raises(ValueError):
        cnnops.set_num_threads(0)
    with pytest.raises(TypeError):
        cnnops.set_num_threads(2.0)


def test_setting_holds_in_other_python_threads():
    from cnnops import _core

    seen = []
    with cnnops.num_threads(1):
        t = threading.Thread(target=lambda: seen.append(_core._threads_for(10**9)))
        t.start()
        t.join()
    assert seen == [1]


def test_small_inputs_run_single_threaded():
    from cnnops import _core

    with cnnops.num_threads(4):
        assert _core._threads_for(100) == 1
        assert _core._threads_for(10**9) == min(4, _core._threads_for(10**9, 1))


def test_threadpoolctl_lists_and_limits_openmp():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from cnnops import _core

    if not _core._has_openmp():
        pytest.skip("built without OpenMP")
    info = threadpoolctl.threadpool_info()
    assert any(d["user_api"] == "openmp" for d in info), info
    with cnnops.num_threads(2):
        with threadpoolctl.threadpool_limits(limits=1, user_api="openmp"):
            assert _core._threads_for(10**9) == 1
        assert _core._threads_for(10**9) == 2


def test_relu_bitwise_identical_across_threads(rng):
    x = rng.standard_normal(1_000_003).astype(np.float32)
    assert_thread_invariant(lambda: F.relu(x))


# -- Module system -----------------------------------------------------------------
class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(np.ones((2, 3), np.float32))
        self.act = nn.ReLU()
        self.inner = nn.Sequential(nn.ReLU(), nn.ReLU(inplace=True))
        self.register_buffer("stat", np.zeros(3))

    def forward(self, x):
        return self.inner(self.act(x))


def test_module_registration_and_traversal():
    net = _Net()
    assert [n for n, _ in net.named_parameters()] == ["w"]
    assert [n for n, _ in net.named_buffers()] == ["stat"]
    assert [type(c).__name__ for c in net.children()] == ["ReLU", "Sequential"]
    assert [n for n, _ in net.named_modules()] == ["", "act", "inner", "inner.0", "inner.1"]
    assert list(net.state_dict()) == ["w", "stat"]
    assert isinstance(net.w, nn.Parameter) and net.w.grad is None
    np.testing.assert_array_equal(net(np.array([-1.0, 1.0])), [0.0, 1.0])


def test_train_eval_propagate():
    net = _Net()
    assert net.training and net.inner[0].training
    net.eval()
    assert not net.training and not net.inner[1].training
    net.train()
    assert net.inner[1].training
    with pytest.raises(ValueError):
        net.train("yes")


def test_forward_missing():
    with pytest.raises(NotImplementedError):
        nn.Module()(1)


def test_parameter_arithmetic_is_plain_array():
    p = nn.Parameter(np.ones(3, np.float32))
    assert type(p * 2) is np.ndarray
    q = p
    p += 1
    assert p is q and isinstance(p, nn.Parameter)


def test_load_state_dict_roundtrip_and_errors():
    a, b = _Net(), _Net()
    a.w[...] = 5
    b.load_state_dict(a.state_dict())
    np.testing.assert_array_equal(b.w, 5)
    with pytest.raises(RuntimeError, match="Missing key"):
        b.load_state_dict({"w": np.zeros((2, 3))})
    with pytest.raises(RuntimeError, match="size mismatch"):
        b.load_state_dict({"w": np.zeros((3, 3)), "stat": np.zeros(3)})


def test_sequential_api():
    s = nn.Sequential(nn.ReLU(), nn.ReLU(inplace=True))
    assert len(s) == 2 and isinstance(s[-1], nn.ReLU) and s[-1].inplace
    assert type(s[1:]) is nn.Sequential and len(s[1:]) == 1
    assert list(s[1:]._modules) == ["1"]
    s.append(nn.ReLU())
    assert list(s._modules) == ["0", "1", "2"]
    del s[0]
    assert list(s._modules) == ["0", "1"]
    with pytest.raises(IndexError):
        s[5]
    od = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.ReLU())]))
    assert list(od._modules) == ["a", "b"]
    assert [type(m) for m in od] == [nn.ReLU, nn.ReLU]


def test_reprs_match_torch(torch):
    tnn = torch.nn
    pairs = [
        (nn.ReLU(), tnn.ReLU()),
        (nn.ReLU(inplace=True), tnn.ReLU(inplace=True)),
        (nn.Sequential(nn.ReLU(), nn.Sequential(nn.ReLU(inplace=True))),
         tnn.Sequential(tnn.ReLU(), tnn.Sequential(tnn.ReLU(inplace=True)))),
        (nn.Sequential(OrderedDict([("act", nn.ReLU())])),
         tnn.Sequential(OrderedDict([("act", tnn.ReLU())]))),
        (nn.Sequential(), tnn.Sequential()),
        (nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.ReLU(inplace=True)]),
         tnn.ModuleList([tnn.ReLU(), tnn.ReLU(), tnn.ReLU(inplace=True)])),
    ]
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs)


def test_manual_seed_reproducible():
    g1 = cnnops.manual_seed(3).standard_normal(4)
    g2 = cnnops.manual_seed(3).standard_normal(4)
    np.testing.assert_array_equal(g1, g2)


def test_build_info_and_isa():
    from cnnops import _runtime

    info = cnnops.build_info()
    assert info["isa"] in ("scalar", "avx2", "avx512")
    llc = info["llc_bytes"]
    assert info["stream_min_bytes"] == (llc // 4 + 1 if llc > 0 else 4 << 20)
    with pytest.raises(ValueError):
        _runtime.set_isa("sse9")


# -- output buffer cache ----------------------------------------------------------
def test_buffer_cache_reuses_large_outputs_and_is_releasable():
    x = np.ones(1 << 20, np.float32)  # 4 MiB output
    cnnops.empty_cache()
    before = cnnops.cache_info()
    y = F.relu(x)
    del y
    assert cnnops.cache_info()["cached_blocks"] >= 1
    y2 = F.relu(-x)
    info = cnnops.cache_info()
    assert info["hits"] == before["hits"] + 1
    np.testing.assert_array_equal(y2, 0)  # a reused buffer is fully overwritten
    cnnops.empty_cache()
    assert cnnops.cache_info()["cached_bytes"] == 0


def test_buffer_cache_limit_and_small_outputs():
    old = cnnops.cache_info()["limit"]
    try:
        cnnops.set_cache_limit(0)
        F.relu(np.ones(1 << 20, np.float32))
        assert cnnops.cache_info()["cached_blocks"] == 0
        with pytest.raises(ValueError):
            cnnops.set_cache_limit(-1)
    finally:
        cnnops.set_cache_limit(old)
    before = cnnops.cache_info()
    F.relu(np.ones(10, np.float32))  # small outputs bypass the cache
    after = cnnops.cache_info()
    assert (after["hits"], after["misses"]) == (before["hits"], before["misses"])


def test_cached_outputs_survive_and_free_normally():
    outs = [F.relu(np.full(1 << 19, float(i), np.float64)) for i in range(6)]
    for i, o in enumerate(outs):
        assert o[0] == i and o[-1] == i
    del outs
    cnnops.empty_cache()


def test_inplace_on_empty_arrays():
    for shape in [(0,), (0, 3), (3, 0, 2)]:
        x = np.empty(shape, np.float32)
        assert F.relu(x, inplace=True) is x
