"""Interleaved timing of the peers of one workload, in one process.

For each workload every candidate (cnnops, cnnops without its output cache,
PyTorch, ONNX Runtime, NumPy, and the two copy baselines) is called once to
check it works (and that cnnops' result matches the reference), warmed up,
calibrated (``number`` calls per sample so a sample lasts at least
``min_sample`` seconds), then sampled in rounds: each round times every
candidate once, in a (seeded) random order drawn anew every round, so slow
drifts of a shared, noisy machine hit all peers alike and no peer always runs
right after the same other one (thread pools that keep spinning after a call).  The reported time is the median
of the per-call sample times.  Every call returns a fresh output that is
dropped inside the timed region (allocation, page faults and freeing are
part of the time, as they are for a user).
"""
from __future__ import annotations

import gc
import math
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from .workloads import Case, Workload


@dataclass
class Cand:
    name: str
    fn: Callable[[], Any]
    pre: Optional[Callable[[], None]] = None
    post: Optional[Callable[[], None]] = None


@dataclass
class Options:
    threads: int
    scale: float = 1.0
    repeats: int = 7
    min_sample: float = 0.005
    nocache: bool = True
    clock_ghz: Optional[float] = None
    fma_units: int = 2
    fma_bits: int = 512
    progress: bool = True
    seed: int = 0
    stat: str = "median"


@dataclass
class Env:
    F: Any                       # cnnops.functional
    torch: Any = None
    ort: bool = False
    numpy: bool = True
    pool: Optional[ThreadPoolExecutor] = None
    missing: dict[str, str] = field(default_factory=dict)
    restore: dict[str, int] = field(default_factory=dict)   # thread counts to put back at the end

    def close(self) -> None:
        """Shut the copy pool down and restore cnnops' and PyTorch's thread counts."""
        import cnnops

        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if "cnnops" in self.restore:
            cnnops.set_num_threads(self.restore["cnnops"])
        if "torch" in self.restore and self.torch is not None:
            self.torch.set_num_threads(self.restore["torch"])


class _Excluded(Exception):
    pass


def make_env(threads: int, peers: tuple[str, ...] = ("torch", "ort", "numpy")) -> Env:
    import cnnops

    env = Env(F=cnnops.functional)
    env.restore["cnnops"] = cnnops.get_num_threads()
    cnnops.set_num_threads(threads)
    if "torch" not in peers:
        env.missing["torch"] = "excluded by --peers"
    try:
        if "torch" not in peers:
            raise _Excluded
        import torch

        env.restore["torch"] = torch.get_num_threads()
        torch.set_num_threads(threads)
        env.torch = torch
    except _Excluded:
        pass
    except Exception as exc:  # noqa: BLE001 - any failure: no torch column
        env.missing["torch"] = f"{type(exc).__name__}: {exc}"
    try:
        if "ort" not in peers:
            env.missing["ort"] = "excluded by --peers"
            raise _Excluded
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401

        env.ort = True
    except _Excluded:
        pass
    except Exception as exc:  # noqa: BLE001
        env.missing["ort"] = f"{type(exc).__name__}: {exc}"
    env.numpy = "numpy" in peers
    env.pool = ThreadPoolExecutor(max_workers=threads)
    return env


# ----------------------------------------------------------------------------- timing

def measure(cands: list[Cand], repeats: int, min_sample: float, stat: str = "median") -> dict[str, float]:
    """Median (or ``stat="min"``: minimum) seconds per call of each candidate."""
    if not cands:
        return {}
    number: dict[str, int] = {}
    reps: dict[str, int] = {}
    for c in cands:                       # warm-up call and calibration
        if c.pre:
            c.pre()
        t0 = time.perf_counter()
        c.fn()
        t1 = time.perf_counter() - t0
        if c.post:
            c.post()
        number[c.name] = max(1, min(10000, math.ceil(min_sample / max(t1, 1e-7))))
        reps[c.name] = repeats if t1 < 0.5 else max(3, repeats // 2)
    samples: dict[str, list[float]] = {c.name: [] for c in cands}
    gc.collect()
    gc_was = gc.isenabled()
    gc.disable()
    try:
        order = list(cands)
        shuffle = random.Random(len(cands) * 7919 + repeats).shuffle
        for r in range(repeats):
            shuffle(order)                 # a new order every round: no peer always follows the same one
            for c in order:
                if r >= reps[c.name]:
                    continue
                n = number[c.name]
                fn = c.fn
                if c.pre:
                    c.pre()
                t0 = time.perf_counter()
                for _ in range(n):
                    fn()
                dt = time.perf_counter() - t0
                if c.post:
                    c.post()
                samples[c.name].append(dt / n)
    finally:
        if gc_was:
            gc.enable()
    last_samples.clear()
    last_samples.update(samples)
    pick = np.min if stat == "min" else np.median
    return {k: float(pick(v)) for k, v in samples.items() if v}


last_samples: dict[str, list[float]] = {}   # per-call sample times of the last measure() (for the JSON)


# ----------------------------------------------------------------------------- checking

def _to_numpy(out: Any) -> Any:
    if isinstance(out, (tuple, list)):
        out = out[0]
    if hasattr(out, "detach"):
        out = out.detach().numpy()
    return np.asarray(out)


def check(result: Any, ref: Any, dtype: np.dtype, atol_scale: float = 1.0) -> str:
    """'ok' or a short description of the mismatch (loose tolerances: gross errors only).

    Tuples (values, indices) are compared element by element.
    """
    if isinstance(result, (tuple, list)) and isinstance(ref, (tuple, list)) and len(result) == len(ref) > 1:
        for i, (r, f) in enumerate(zip(result, ref)):
            msg = check(r, f, dtype, atol_scale)
            if msg != "ok":
                return f"{msg} (output {i})"
        return "ok"
    a, b = _to_numpy(result), _to_numpy(ref)
    if a.shape != b.shape:
        return f"MISMATCH shape {a.shape} vs {b.shape}"
    if a.size == 0:
        return "ok"
    rtol, atol = (1e-4, 1e-5) if np.dtype(dtype) == np.float32 else (1e-9, 1e-12)
    atol *= atol_scale
    with np.errstate(all="ignore"):
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        nan_a, nan_b = np.isnan(a64), np.isnan(b64)
        if not np.array_equal(nan_a, nan_b):
            return "MISMATCH NaN positions"
        ok = np.isclose(a64, b64, rtol=rtol, atol=atol, equal_nan=True)
        if not ok.all():
            d = np.abs(a64 - b64)
            d[nan_a] = 0
            return f"MISMATCH max|diff|={float(d.max()):.3g}"
    return "ok"


# ----------------------------------------------------------------------------- copy baseline

def copy_cands(nbytes: int, env: Env, threads: int) -> tuple[list[Cand], list[np.ndarray]]:
    """np.copyto of ``nbytes`` into an existing array: reads nbytes and writes nbytes.

    Two baselines: one np.copyto (NumPy copies on one thread), and the same
    bytes split into ``threads`` chunks copied concurrently (np.copyto
    releases the GIL); the bound is the faster of the two.
    """
    n = max(1, nbytes // 8)
    src = np.ones(n, dtype=np.float64)
    dst = np.zeros(n, dtype=np.float64)
    cands = [Cand("copy1", lambda: np.copyto(dst, src))]
    if threads > 1 and env.pool is not None:
        bounds = np.linspace(0, n, threads + 1).astype(int)
        parts = [(dst[a:b], src[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        pool = env.pool

        def copy_mt() -> None:
            list(pool.map(lambda p: np.copyto(p[0], p[1]), parts))

        cands.append(Cand("copyN", copy_mt))
    return cands, [src, dst]


# ----------------------------------------------------------------------------- one workload

def _session_thunk(case: Case, threads: int) -> Callable[[], Any]:
    from .onnx_models import make_session

    spec = case.onnx() if case.onnx else None
    if spec is None:
        raise NotImplementedError("no equivalent ONNX op")
    sess = make_session(spec, threads)
    feeds = spec.feeds
    return lambda: sess.run(None, feeds)


def _cache_api() -> Optional[tuple[Callable[[int], None], Callable[[], None], Callable[[], dict]]]:
    """(set_cache_limit, empty_cache, cache_info) of cnnops' output-buffer cache, if it has one."""
    import cnnops
    from .. import _core

    if hasattr(cnnops, "set_cache_limit") and hasattr(cnnops, "empty_cache") and hasattr(cnnops, "cache_info"):
        return cnnops.set_cache_limit, cnnops.empty_cache, cnnops.cache_info
    if hasattr(_core, "cache_set_limit"):
        return _core.cache_set_limit, _core.cache_clear, _core.cache_stats
    return None


def run_workload(w: Workload, env: Env, opts: Options) -> dict[str, Any]:
    from .. import _core
    from . import machine
    from .._runtime import get_isa

    rng = np.random.default_rng(opts.seed)
    shape = w.scaled_shape(opts.scale)
    dtype = np.dtype(w.dtype)
    res: dict[str, Any] = {
        "key": w.key, "family": w.family, "label": w.label, "op": w.op, "dtype": w.dtype,
        "shape": list(shape), "kind": w.kind, "threads": opts.threads,
        "times": {}, "errors": {}, "check": None,
    }
    case = w.build(shape, dtype, rng)
    res["desc"] = case.desc
    thunks: dict[str, Callable[[], Any]] = {}
    outputs: dict[str, Any] = {}

    def add(name: str, make: Callable[[], Optional[Callable[[], Any]]]) -> None:
        try:
            fn = make()
            if fn is None:
                res["errors"][name] = "not implemented"
                return
            outputs[name] = fn()          # first call: does it work at all?
            thunks[name] = fn
        except Exception as exc:  # noqa: BLE001 - a failing peer is a "-", not a crash
            res["errors"][name] = f"{type(exc).__name__}: {str(exc)[:200]}"

    add("cnnops", lambda: case.cnnops(env.F) if case.cnnops else None)
    if env.torch is not None:
        add("torch", lambda: case.torch(env.torch) if case.torch else None)
    else:
        res["errors"]["torch"] = env.missing.get("torch", "not installed")
    if env.ort:
        add("ort", lambda: _session_thunk(case, opts.threads))
    else:
        res["errors"]["ort"] = env.missing.get("ort", "not installed")
    if env.numpy:
        add("numpy", lambda: case.numpy)
    else:
        res["errors"]["numpy"] = "excluded by --peers"

    if "cnnops" in outputs:
        ref = outputs.get("torch", outputs.get("numpy"))
        if ref is not None:
            try:
                res["check"] = check(outputs["cnnops"], ref, dtype, case.atol_scale)
                res["check_ref"] = "torch" if "torch" in outputs else "numpy"
            except Exception as exc:  # noqa: BLE001
                res["check"] = f"check failed: {exc}"
    outputs.clear()

    cands = [Cand(k, v) for k, v in thunks.items()]
    cache = _cache_api()
    if ("cnnops" in thunks and opts.nocache and w.kind == "memory" and cache is not None
            and case.traffic // 2 >= getattr(_core, "CACHE_MIN_BYTES", 0)):   # small outputs bypass the cache
        set_limit, clear, info = cache
        limit = int(info().get("limit", 0))

        cn = thunks["cnnops"]

        def pre() -> None:
            set_limit(0)
            clear()

        def post() -> None:
            # put the cache back as the plain cnnops samples expect it: limit restored and
            # one (untimed) call so a freed output of this size is cached again
            set_limit(limit)
            cn()

        cands.insert(1, Cand("nocache", cn, pre, post))
    keep: list[np.ndarray] = []
    if w.kind == "memory" and case.traffic:
        cc, keep = copy_cands(case.traffic // 2, env, opts.threads)
        cands += cc
    times = measure(cands, opts.repeats, opts.min_sample, opts.stat)
    res["samples"] = {k: [float(x) for x in v] for k, v in last_samples.items()}
    del keep
    res["times"] = {k: times.get(k) for k in ("cnnops", "nocache", "torch", "ort", "numpy")}
    c = times.get("cnnops")
    res["ratios"] = {k: (c / times[k] if c and times.get(k) else None) for k in ("torch", "ort", "numpy")}
    res["traffic_bytes"] = case.traffic
    if w.kind == "memory" and case.traffic:
        copies = {k: times[k] for k in ("copy1", "copyN") if k in times}
        if copies:
            best = min(copies, key=copies.get)   # type: ignore[arg-type]
            res["bound"] = copies[best]
            res["bound_how"] = "np.copyto, 1 thread" if best == "copy1" else f"np.copyto, {opts.threads} threads"
            res["copy_times"] = copies
            res["ratios"]["bound"] = c / copies[best] if c else None
    if case.flops:
        res["flops"] = case.flops
        res["gflops"] = {k: (case.flops / t / 1e9 if t else None) for k, t in res["times"].items()
                         if k != "nocache"}
        isa = get_isa()
        ghz, _ = machine.clock_ghz(opts.clock_ghz)
        peak = machine.peak_gflops(opts.threads, isa, dtype.itemsize, ghz, opts.fma_units, opts.fma_bits)
        res["peak_gflops"] = peak
        if c and peak:
            res["peak_fraction"] = case.flops / c / 1e9 / peak
    return res


def run_scaling(w: Workload, env: Env, opts: Options, max_threads: int) -> dict[str, Any]:
    """cnnops at 1..max_threads threads (interleaved), and the threaded copy as a reference."""
    import cnnops

    rng = np.random.default_rng(opts.seed)
    shape = w.scaled_shape(opts.scale)
    case = w.build(shape, np.dtype(w.dtype), rng)
    res: dict[str, Any] = {"key": w.key, "label": w.label, "dtype": w.dtype, "shape": list(shape),
                           "desc": case.desc, "times": {}, "speedup": {}, "error": None}
    fn = case.cnnops(env.F) if case.cnnops else None
    if fn is None:
        res["error"] = "not implemented"
        return res
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        res["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        return res
    cands = [Cand(str(n), fn, (lambda n=n: cnnops.set_num_threads(n))) for n in range(1, max_threads + 1)]
    try:
        times = measure(cands, opts.repeats, opts.min_sample, opts.stat)
    finally:
        cnnops.set_num_threads(opts.threads)
    res["times"] = {int(k): v for k, v in times.items()}
    t1 = res["times"].get(1)
    res["speedup"] = {n: (t1 / t if t1 and t else None) for n, t in res["times"].items()}
    return res


def copy_scaling(nbytes: int, max_threads: int, opts: Options) -> dict[str, Any]:
    """Copy bandwidth at 1..max_threads threads (what a memory-bound op can hope for)."""
    n = max(1, nbytes // 8)
    src = np.ones(n, dtype=np.float64)
    dst = np.zeros(n, dtype=np.float64)
    pools = {t: ThreadPoolExecutor(max_workers=t) for t in range(1, max_threads + 1)}
    cands = []
    for t in range(1, max_threads + 1):
        b = np.linspace(0, n, t + 1).astype(int)
        parts = [(dst[x:y], src[x:y]) for x, y in zip(b[:-1], b[1:])]
        pool = pools[t]
        if t == 1:
            cands.append(Cand("1", lambda: np.copyto(dst, src)))
        else:
            cands.append(Cand(str(t), lambda parts=parts, pool=pool:
                              list(pool.map(lambda p: np.copyto(p[0], p[1]), parts))))
    for c in cands:
        c.fn()
    times = measure(cands, opts.repeats, opts.min_sample, opts.stat)
    for p in pools.values():
        p.shutdown()
    ts = {int(k): v for k, v in times.items()}
    t1 = ts.get(1)
    return {"key": "memory/copy", "label": "np.copyto (bandwidth)", "dtype": "-", "desc": f"{nbytes >> 20} MiB",
            "times": ts, "speedup": {k: (t1 / v if t1 and v else None) for k, v in ts.items()},
            "gbps": {k: 2 * nbytes / v / 1e9 for k, v in ts.items()}, "error": None}


def progress(opts: Options, text: str) -> None:
    if opts.progress:
        print(text, file=sys.stderr, flush=True)
