"""Threads and memory: every op under concurrency, thread counts and long loops.

* 8 Python threads call different ops at once on shared read-only inputs;
  every result must be bitwise equal to the single-threaded reference (the
  kernels release the GIL, so the calls really overlap).
* Every op gives bitwise-identical results with 1, 2, 3 and 4 OpenMP threads
  (inputs large enough for the kernels to split the work).
* Memory: no growth of tracemalloc-tracked memory or of RSS over many calls of
  each op, on success and on error paths, and reference counts of the inputs
  (and of the result) are unchanged.  CI runs ``CNNOPS_MEMORY_CALLS`` calls per
  op (default 400); the long version is
  ``CNNOPS_MEMORY_CALLS=100000 python -m pytest tests/test_threads_memory.py -k memory``.

Ops come from tests/fuzz/opspec.py; ops not present in cnnops.functional are
skipped.
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import tracemalloc
import warnings
import weakref

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz"))
import opspec  # noqa: E402
from opspec import OPS, Call  # noqa: E402

import cnnops  # noqa: E402
from harness import assert_bitwise_equal  # noqa: E402

MEMORY_CALLS = int(os.environ.get("CNNOPS_MEMORY_CALLS", "400"))


def _ids(ops):
    return [op.id for op in ops]


def _need(op):
    if not op.present:
        pytest.skip(f"cnnops.functional.{op.fn} not implemented yet")


def _readonly(op, call: Call) -> Call:
    """Freeze the shared inputs (buffers the op updates in place stay per call)."""
    for i, a in enumerate(call.args):
        if isinstance(a, np.ndarray) and i not in op.mutated:
            a.setflags(write=False)
    for k, v in call.kwargs.items():
        if isinstance(v, np.ndarray) and k not in op.mutated:
            v.setflags(write=False)
    return call


def _fresh(op, call: Call) -> Call:
    """A call sharing every input but with private copies of mutated buffers."""
    c = Call(list(call.args), dict(call.kwargs))
    for k in op.mutated:
        if isinstance(k, str) and isinstance(c.kwargs.get(k), np.ndarray):
            c.kwargs[k] = c.kwargs[k].copy()
        elif isinstance(k, int) and isinstance(c.args[k], np.ndarray):
            c.args[k] = c.args[k].copy()
    return c


def _result(op, call: Call):
    c = _fresh(op, call)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = op.cnn(c)
    outs = list(out) if isinstance(out, tuple) else [out]
    for k in op.mutated:
        v = c.kwargs.get(k) if isinstance(k, str) else c.args[k]
        if isinstance(v, np.ndarray):
            outs.append(v)
    return outs


def _same(a_list, b_list, msg):
    assert len(a_list) == len(b_list), msg
    for a, b in zip(a_list, b_list):
        assert_bitwise_equal(np.asarray(a), np.asarray(b), msg)


# -- 8 Python threads ---------------------------------------------------------------
def test_eight_python_threads_different_ops_shared_inputs():
    ops = opspec.available()
    if not ops:
        pytest.skip("no op present")
    rng = np.random.default_rng(7)
    work = []
    for op in ops:
        call = _readonly(op, op.make(rng, np.float32 if len(work) % 2 else np.float64, opspec.scaled_shape(op, 2 ** 15)))
        with cnnops.num_threads(1):
            ref = _result(op, call)
        work.append((op, call, ref))
    errors: list[str] = []
    barrier = threading.Barrier(8)
    iters = max(8, 200 // max(len(work), 1) * 4)

    def worker(t: int) -> None:
        try:
            barrier.wait()
            for i in range(iters):
                op, call, ref = work[(t * 7 + i) % len(work)]
                _same(_result(op, call), ref, f"thread {t} op {op.id} iteration {i}")
        except BaseException as e:  # noqa: BLE001
            errors.append(f"thread {t}: {type(e).__name__}: {e}")

    with cnnops.num_threads(2):
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=300)
    assert not any(th.is_alive() for th in threads), "a worker thread hung"
    assert not errors, "\n".join(errors[:10])
    # the shared inputs were not written
    for op, call, _ in work:
        for i, a in enumerate(call.args):
            if isinstance(a, np.ndarray) and i not in op.mutated:
                assert not a.flags.writeable


def test_threads_changing_thread_count_concurrently():
    """set_num_threads from one thread while others compute: results unchanged."""
    ops = opspec.available()
    if not ops:
        pytest.skip("no op present")
    rng = np.random.default_rng(8)
    work = []
    for op in ops[: 12] + ops[12::3]:
        call = _readonly(op, op.make(rng, np.float32, opspec.scaled_shape(op, 2 ** 16)))
        with cnnops.num_threads(1):
            work.append((op, call, _result(op, call)))
    stop = threading.Event()
    errors: list[str] = []
    old = cnnops.get_num_threads()

    def flipper():
        n = 0
        while not stop.is_set():
            cnnops.set_num_threads(1 + n % 4)
            n += 1

    def worker(t):
        try:
            for i in range(3 * len(work)):
                op, call, ref = work[(t + i) % len(work)]
                _same(_result(op, call), ref, f"op {op.id}")
        except BaseException as e:  # noqa: BLE001
            errors.append(f"{type(e).__name__}: {e}")

    f = threading.Thread(target=flipper)
    ws = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    f.start()
    for w in ws:
        w.start()
    for w in ws:
        w.join(timeout=300)
    stop.set()
    f.join()
    cnnops.set_num_threads(old)
    assert not errors, "\n".join(errors[:10])


# -- OpenMP thread counts ---------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_bitwise_identical_for_1_2_3_4_threads(op, dtype):
    _need(op)
    rng = np.random.default_rng(11)
    call = op.make(rng, dtype, opspec.scaled_shape(op, 2 ** 17))
    if call is None:
        pytest.skip("not applicable")
    results = []
    for n in (1, 2, 3, 4):
        with cnnops.num_threads(n):
            results.append(_result(op, call))
    for n, res in zip((2, 3, 4), results[1:]):
        _same(results[0], res, f"{op.id} {np.dtype(dtype).name}: threads={n} vs 1")


# -- memory -------------------------------------------------------------------------------
def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _bad_calls(op, call: Call) -> list[Call]:
    """Calls that must fail (cleanly) for this op."""
    bad = []
    x = call.args[0]
    c = Call(list(call.args), dict(call.kwargs))
    c.args[0] = x.astype(np.complex64)
    bad.append(c)
    c = Call(list(call.args), dict(call.kwargs))
    c.args[0] = np.array(["a"] * max(x.size, 1)).reshape(x.shape if x.size else (1,))
    bad.append(c)
    if op.max_ndim < 8:
        c = Call(list(call.args), dict(call.kwargs))
        c.args[0] = np.zeros((1,) * (op.max_ndim + 1), x.dtype)
        bad.append(c)
    for k, v in list(call.kwargs.items()) + list(enumerate(call.args))[1:]:
        if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.ndim == 1:
            c = Call(list(call.args), dict(call.kwargs))
            bad_v = np.zeros(v.shape[0] + 3, v.dtype)
            if isinstance(k, str):
                c.kwargs[k] = bad_v
            else:
                c.args[k] = bad_v
            bad.append(c)
            break
    return bad


def _loop(fn, n: int):
    for _ in range(n):
        fn()


def _measure(fn, n: int) -> tuple[int, int]:
    """(tracemalloc growth, RSS growth) in bytes over n calls after a warm-up."""
    _loop(fn, max(n // 10, 50))
    gc.collect()
    tracemalloc.start()
    try:
        _loop(fn, max(n // 20, 20))
        gc.collect()
        t0, _ = tracemalloc.get_traced_memory()
        r0 = _rss()
        _loop(fn, n)
        gc.collect()
        t1, _ = tracemalloc.get_traced_memory()
        r1 = _rss()
    finally:
        tracemalloc.stop()
    return t1 - t0, r1 - r0


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_memory_no_growth_success_and_error_paths(op):
    _need(op)
    rng = np.random.default_rng(3)
    call = _readonly(op, op.make(rng, np.float32, tuple(min(s, 3) for s in op.shape)))
    bad = _bad_calls(op, call)

    def ok():
        _result(op, call)

    def err():
        for b in bad:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    op.cnn(b)
            except Exception:  # noqa: BLE001
                pass
            else:
                raise AssertionError(f"{op.id}: bad call accepted")

    n = MEMORY_CALLS
    for name, fn, calls in (("success", ok, n), ("error", err, max(n // len(bad), 1))):
        traced, rss = _measure(fn, calls)
        # a leak of one small object per call shows up as >= calls * 16 bytes
        assert traced < 64 * 1024, f"{op.id} {name} path: tracemalloc grew {traced} B over {calls} calls"
        assert rss < 8 * 2 ** 20, f"{op.id} {name} path: RSS grew {rss / 2 ** 20:.1f} MiB over {calls} calls"


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_refcounts_unchanged(op):
    _need(op)
    rng = np.random.default_rng(4)
    call = op.make(rng, np.float32, op.shape)
    objs = [a for a in call.args if isinstance(a, np.ndarray)] + \
           [v for v in call.kwargs.values() if isinstance(v, np.ndarray)]
    calls = [call] + _bad_calls(op, call)
    for c in calls:
        objs_c = objs + [a for a in c.args if isinstance(a, np.ndarray)]
        before = [sys.getrefcount(o) for o in objs_c]
        for _ in range(50):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    out = op.cnn(c)
            except Exception:  # noqa: BLE001
                out = None
            refs = []
            if out is not None:
                refs = [weakref.ref(o) for o in (out if isinstance(out, tuple) else (out,))
                        if not any(o is a for a in objs_c)]
            out = None
            # nothing else holds the result: it dies with our last reference
            assert all(r() is None for r in refs), f"{op.id}: result kept alive by a leaked reference"
        gc.collect()
        after = [sys.getrefcount(o) for o in objs_c]
        assert before == after, f"{op.id}: input reference counts changed {before} -> {after}"
    # the same, for the exception object of an error path: it must not keep the inputs alive
    bad = calls[1]
    x = bad.args[0]
    r0 = sys.getrefcount(x)
    try:
        op.cnn(bad)
    except Exception as e:  # noqa: BLE001
        del e
    gc.collect()
    r1 = sys.getrefcount(x)
    assert r1 == r0, f"{op.id}: error path changed the input's refcount {r0} -> {r1}"
