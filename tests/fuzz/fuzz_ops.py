#!/usr/bin/env python3
"""Differential fuzzer for cnnops' functional ops, against PyTorch.

Every execution picks an op (activations, softmax family, linear, max/avg
pooling, unpooling, adaptive pooling, batch/instance/group/layer norm, LRN,
normalize), a dtype, a shape (including empty, 0-d, wrong ndim), hyper-
parameters (small values mostly, sometimes 0, negatives, 2**31, 2**62,
2**63, floats, None, wrong types), a memory layout (Fortran, sliced,
negative strides, misaligned, big-endian, read-only, broadcast) and data
(normal values, small integers with ties, NaN/Inf sprinkled, or raw fuzzer
bytes reinterpreted as floats).  Then it runs cnnops and PyTorch:

* both raise          -> the exception classes must agree;
* one raises          -> finding;
* both return         -> same shapes/dtypes, values within a loose tolerance
                         (indices exactly); skipped for raw-byte data, where
                         summation order alone can overflow differently;
* any crash (SIGSEGV, ASan report), hang (> --timeout s) -> finding (the
  process dies; the input is kept by libFuzzer / printed by the driver).

Two drivers, same target code:

  atheris (coverage-guided, libFuzzer engine; Python code instrumented; the C
  kernels are built with gcc, so their branches do not steer the fuzzer):
      python tests/fuzz/fuzz_ops.py --driver atheris -- -runs=200000 -timeout=20
  random (a seeded pseudo-random driver; no atheris needed):
      python tests/fuzz/fuzz_ops.py --driver random --runs 100000 --seed 1

Bounded CI run (tens of seconds):
      python tests/fuzz/fuzz_ops.py --max-time 30
Long run (documented; e.g. overnight, several seeds in parallel):
      python tests/fuzz/fuzz_ops.py --driver atheris --max-time 36000 -- -timeout=30
      python tests/fuzz/fuzz_ops.py --driver random --runs 10000000 --seed $RANDOM
Against the sanitized build (tests/sanitize/run_python_suite.sh builds it):
      tests/sanitize/run_python_suite.sh --fuzz 200000

Options: --target op-id[,op-id] (see opspec.OPS ids), --no-torch (crash-only
mode, no reference), --raise (stop at the first finding: reproducer mode),
--report FILE (JSON summary: executions per target and findings).
Exit status: 1 if there are high-severity findings (a result where PyTorch
raises or vice versa, different values, a modified input), 0 otherwise; with
--strict also 1 for exception-class differences (validation order).
"""
from __future__ import annotations

import argparse
import faulthandler
import json
import math
import os
import resource
import sys
import time
import traceback
import warnings
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))
if os.path.join(ROOT, "src") not in sys.path and not os.environ.get("CNNOPS_FUZZ_NO_SRC"):
    sys.path.append(os.path.join(ROOT, "src"))  # PYTHONPATH (e.g. a sanitized build) wins

import numpy as np  # noqa: E402

_WANT_ATHERIS = "random" not in sys.argv
try:
    if not _WANT_ATHERIS:
        raise ImportError
    import atheris  # noqa: E402

    # coverage feedback from cnnops' Python layer (validation, shape maths);
    # the C kernels are gcc-built, without libFuzzer instrumentation
    with atheris.instrument_imports(include=["cnnops", "opspec"]):
        import cnnops  # noqa: F401
        import cnnops.functional  # noqa: F401
        import opspec  # noqa: E402
except ImportError:
    import opspec  # noqa: E402
from opspec import Call, exc_compatible, to_np  # noqa: E402

# PyTorch failures that are PyTorch's own limits or quirks, not something cnnops must copy:
# its allocator, NumPy scalars in its arg parser, instance_norm's 1-D repeat bug, 32-bit casts
TORCH_QUIRKS = ("allocate", "Storage size calculation overflowed", "cond must be a bool", "has no len()",
                "repeat dims can not be smaller", "value cannot be converted to type int without overflow")

EXTREME_INTS = [-(2 ** 63), -(2 ** 31), -2, -1, 0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, 2 ** 62, 2 ** 63 - 1,
                2 ** 63, 2 ** 64 + 3]
SPECIAL_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-5, 1e-300, 1e308, -1e308, math.inf, -math.inf, math.nan,
                  3.25, 0.01, 20.0]


# -- source of choices: atheris' FuzzedDataProvider or a numpy Generator ---------------------
class Src:
    def __init__(self, fdp=None, rng=None):
        self.fdp, self.rng = fdp, rng
        self.extreme = False  # an extreme parameter was chosen: PyTorch may loop for ages

    def int_in(self, lo: int, hi: int) -> int:
        if self.fdp is not None:
            return self.fdp.ConsumeIntInRange(lo, hi)
        return int(self.rng.integers(lo, hi + 1))

    def pick(self, seq):
        return seq[self.int_in(0, len(seq) - 1)]

    def flag(self, one_in: int = 2) -> bool:
        return self.int_in(0, one_in - 1) == 0

    def raw(self, n: int) -> bytes:
        if self.fdp is not None:
            b = self.fdp.ConsumeBytes(n)
            return b + bytes(n - len(b))
        return self.rng.bytes(n)

    def seed(self) -> int:
        return self.int_in(0, 2 ** 31 - 1)

    # hyper-parameters ---------------------------------------------------------------
    def dim(self, hi: int = 6) -> int:
        r = self.int_in(0, 19)
        if r < 2:
            return 0
        if r < 17:
            return self.int_in(1, hi)
        return self.int_in(1, 40)

    def ip(self, lo: int = 0, hi: int = 4) -> object:
        """Mostly a small int in [lo, hi]; sometimes extreme, negative or not an int."""
        r = self.int_in(0, 39)
        if r < 32:
            return self.int_in(lo, hi)
        if r < 37:
            v = self.pick(EXTREME_INTS)
            self.extreme = self.extreme or abs(v) >= 2 ** 20
            return v
        return self.pick([1.5, None, True, "2", np.int64(2), np.int32(3), -1.0])

    def fp(self, usual=(0.1,)) -> float:
        r = self.int_in(0, 9)
        if r < 7:
            return self.pick(list(usual))
        v = self.pick(SPECIAL_FLOATS)
        self.extreme = self.extreme or not (1e-30 < abs(v) < 1e30)
        return v

    def tuple_of(self, n: int, f):
        r = self.int_in(0, 9)
        if r < 4:
            return f()
        if r < 9:
            return tuple(f() for _ in range(n))
        return self.pick([[f() for _ in range(n)], tuple(f() for _ in range(self.int_in(0, 3)))])


def data(src: Src, shape, dtype) -> tuple[np.ndarray, bool]:
    """Array of ``shape`` and a flag: values comparable (not raw bytes)."""
    n = int(np.prod(shape)) if len(shape) else 1
    mode = src.int_in(0, 9)
    rng = np.random.default_rng(src.seed())
    if mode <= 4:
        x = rng.standard_normal(n) * src.pick([1.0, 3.0, 0.01, 100.0])
    elif mode <= 6:
        x = rng.integers(-3, 4, n).astype(np.float64)
    elif mode <= 8:
        x = rng.standard_normal(n)
        m = rng.random(n)
        x[m < 0.1] = np.nan
        x[(m >= 0.1) & (m < 0.2)] = np.inf
        x[(m >= 0.2) & (m < 0.3)] = -np.inf
    else:
        it = np.dtype(dtype).itemsize
        x = np.frombuffer(src.raw(n * it), dtype=dtype).copy()
        return x.reshape(shape), False
    return x.astype(dtype).reshape(shape), True


def layout(src: Src, x: np.ndarray, writeable: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(array handed to cnnops, same-valued contiguous array for the reference)."""
    k = src.int_in(0, 8 if writeable else 11)
    if x.ndim == 0 or k <= 4:
        return x, x
    if k == 5:
        return np.asfortranarray(x), x
    if k == 6:
        sl = tuple(slice(None, None, -1) for _ in x.shape)
        return np.ascontiguousarray(x[sl])[sl], x
    if k == 7:
        big = np.zeros(tuple(2 * s for s in x.shape), x.dtype)
        sl = tuple(slice(None, None, 2) for _ in x.shape)
        big[sl] = x
        return big[sl], x
    if k == 8:
        buf = np.zeros(x.nbytes + 1, np.uint8)
        v = np.ndarray(x.shape, x.dtype, buffer=buf, offset=1)
        v[...] = x
        return v, x
    if k == 9:
        return x.astype(x.dtype.newbyteorder(">")), x
    if k == 10:
        y = x.copy()
        y.setflags(write=False)
        return y, x
    if x.shape[0] == 0:
        return x, x
    b = np.broadcast_to(x[:1], x.shape)
    return b, np.ascontiguousarray(b)


# -- per-family builders: (cnnops call, reference call, values comparable) ---------------------
def shape_nd(src: Src, lo: int, hi: int, dimhi: int = 6) -> tuple:
    return tuple(src.dim(dimhi) for _ in range(src.int_in(lo, hi)))


def b_pointwise(op, src, dtype):
    shape = shape_nd(src, 0, 4, 7)
    x, ok = data(src, shape, dtype)
    kw = dict(op.make(np.random.default_rng(0), dtype, (2, 2)).kwargs)
    args = []
    fn = op.fn
    if fn == "leaky_relu":
        kw["negative_slope"] = src.fp((0.01, 0.2, -1.5, 3.0))
    elif fn in ("elu", "celu"):
        kw["alpha"] = src.fp((1.0, 0.3, 2.0))
    elif fn == "softplus":
        kw["beta"] = src.fp((1.0, 2.0, 0.5))
        kw["threshold"] = src.fp((20.0, 1.0, 5.0))
    elif fn == "rrelu":
        kw["lower"] = src.fp((0.125, 0.1))
        kw["upper"] = src.fp((0.3333, 0.5))
    elif fn == "hardtanh":
        kw["min_val"] = src.fp((-1.0, -0.5))
        kw["max_val"] = src.fp((1.0, 2.0))
    elif fn == "gelu":
        kw["approximate"] = src.pick(["none", "tanh", "tanh", "none", "bogus"])
    elif fn == "prelu":
        C = shape[1] if len(shape) >= 2 else 1
        wshape = src.pick([(C,), (C,), (1,), (), (C + 1,), (C, 1), (0,)])
        w, _ = data(src, wshape, dtype)
        args = [w]
    if src.flag(6) and fn not in ("prelu",) and not fn.endswith("_"):
        kw["inplace"] = True
    xv, xr = layout(src, x, writeable=bool(kw.get("inplace")) or fn.endswith("_"))
    if xv is xr:
        xv = xr.copy()
    return Call([xv] + args, kw), Call([xr] + args, kw), ok


def b_softmax(op, src, dtype):
    shape = shape_nd(src, 0, 4)
    x, ok = data(src, shape, dtype)
    kw = {"dim": src.pick([-1, 0, 1, 2, -2, None, 3, -4]) if src.flag(4) is False else src.ip(-3, 3)}
    if src.flag(8):
        kw["dtype"] = np.float64
    xv, xr = layout(src, x)
    ref_kw = dict(kw)
    if "dtype" in kw:
        torch = sys.modules.get("torch")  # imported by the Fuzzer only when it has a reference
        ref_kw["dtype"] = torch.float64 if torch is not None else None
    return Call([xv], kw), Call([xr], ref_kw), ok


def b_linear(op, src, dtype):
    lead = shape_nd(src, 0, 3)
    fin = src.dim(9)
    fout = src.dim(9)
    x, ok = data(src, lead + (fin,), dtype)
    if src.flag(12):
        x = x.reshape(())if x.size == 1 else x
    wshape = src.pick([(fout, fin)] * 6 + [(fout, fin + 1), (fin,), (), (1, fout, fin)])
    w, _ = data(src, wshape, src.pick([dtype] * 7 + [np.float32, np.float64]))
    bshape = src.pick([(fout,)] * 4 + [None, None, (), (1, fout), (fout + 1,)])
    b = None if bshape is None else data(src, bshape, dtype)[0]
    xv, xr = layout(src, x)
    return Call([xv, w, b]), Call([xr, w, b]), ok


def b_pool(op, src, dtype):
    fn = op.fn
    nd = 2 if fn.endswith("2d") else 1
    shape = shape_nd(src, nd, nd + 2, 12)
    x, ok = data(src, shape, dtype)
    kw = {}
    if fn.startswith("adaptive"):
        one = lambda: src.pick([src.ip(0, 8), src.ip(1, 5)] + ([None] if nd == 2 else []))
        kw["output_size"] = src.tuple_of(nd, one)
        if "max" in fn and src.flag():
            kw["return_indices"] = True
    else:
        kw["kernel_size"] = src.tuple_of(nd, lambda: src.ip(1, 4))
        if src.flag(3) is False:
            kw["stride"] = src.pick([None, []]) if src.flag(8) else src.tuple_of(nd, lambda: src.ip(1, 3))
        if src.flag():
            kw["padding"] = src.tuple_of(nd, lambda: src.ip(0, 2))
        if fn.startswith("max") and src.flag(3):
            kw["dilation"] = src.tuple_of(nd, lambda: src.ip(1, 3))
        if src.flag():
            kw["ceil_mode"] = True
        if fn.startswith("max") and src.flag():
            kw["return_indices"] = True
        if fn.startswith("avg") and src.flag():
            kw["count_include_pad"] = False
        if fn == "avg_pool2d" and src.flag(4):
            kw["divisor_override"] = src.ip(-3, 5)
    xv, xr = layout(src, x)
    return Call([xv], kw), Call([xr], kw), ok


def b_unpool(op, src, dtype):
    nd = 2 if op.fn.endswith("2d") else 1
    shape = shape_nd(src, nd, nd + 2, 6)
    x, ok = data(src, shape, dtype)
    k = src.ip(1, 3)
    s = src.ip(1, 3) if src.flag() else None
    p = src.ip(0, 1) if src.flag(3) else 0
    kw = {"kernel_size": k}
    if s is not None:
        kw["stride"] = s
    if p:
        kw["padding"] = p
    # default output extent per dim (when params are sane ints)
    try:
        ss = k if s is None else s
        outs = [(n - 1) * ss + k - 2 * p for n in shape[-nd:]] if len(shape) >= nd else [1] * nd
    except TypeError:
        outs = [1] * nd
    if src.flag(4) and all(isinstance(o, int) for o in outs):
        off = src.int_in(-2, 2)
        osz = [max(o + off, 0) if isinstance(o, int) else 1 for o in outs]
        kw["output_size"] = osz if src.flag() else [1, 1] + osz
        outs = osz
    area = 1
    for o in outs:
        area *= max(int(o), 0) if isinstance(o, (int, np.integer)) and abs(o) < 2 ** 40 else 1
    rng = np.random.default_rng(src.seed())
    idx = rng.integers(0, max(area, 1), shape if shape else ())
    m = src.int_in(0, 7)
    if m == 0 and idx.size:
        idx.reshape(-1)[src.int_in(0, idx.size - 1)] = src.pick(EXTREME_INTS[:-1] + [area, -1])
    elif m == 1 and idx.size:
        idx[...] = idx.reshape(-1)[0]
    idx = idx.astype(src.pick([np.int64] * 8 + [np.int32, np.float32, np.uint8]))
    if src.flag(10) and idx.ndim:
        idx = idx[..., :max(idx.shape[-1] - 1, 0)]
    xv, xr = layout(src, x)
    return Call([xv, idx], kw), Call([xr, idx], kw), ok


def b_norm(op, src, dtype):
    fn = op.fn
    shape = shape_nd(src, 1, 5, 5)
    x, ok = data(src, shape, dtype)
    C = shape[1] if len(shape) >= 2 else 1
    rng = np.random.default_rng(src.seed())

    def vec(default_len, positive=False):
        r = src.int_in(0, 11)
        if r == 0:
            return None
        if r == 1:
            n = default_len + src.pick([-1, 1, 2])
            shp = (max(n, 0),)
        elif r == 2:
            shp = src.pick([(), (default_len, 1), (0,)])
        else:
            shp = (default_len,)
        v = rng.random(shp) + 0.5 if positive else rng.standard_normal(shp)
        return v.astype(dtype if src.int_in(0, 15) else src.pick([np.float32, np.float64]))

    args, kw = [], {}
    if fn == "batch_norm":
        kw = dict(running_mean=vec(C), running_var=vec(C, True), weight=vec(C), bias=vec(C), training=src.flag(), momentum=src.fp((0.1, 0.5, 1.0)),
                  eps=src.fp((1e-5, 1e-3)))
    elif fn == "instance_norm":
        track = src.flag()
        kw = dict(running_mean=vec(C) if track else None, running_var=vec(C, True) if track else None,
                  weight=vec(C) if src.flag() else None, bias=vec(C) if src.flag() else None,
                  use_input_stats=src.int_in(0, 4) > 0, momentum=src.fp((0.1,)), eps=src.fp((1e-5,)))
    elif fn == "group_norm":
        args = [src.pick([1, 2, C, C, max(C, 1)]) if src.flag(5) is False else src.ip(0, 6)]
        kw = dict(weight=vec(C) if src.flag() else None, bias=vec(C) if src.flag() else None,
                  eps=src.fp((1e-5,)))
    elif fn == "layer_norm":
        k = src.int_in(0, len(shape))
        ns = tuple(shape[len(shape) - k:]) if src.flag(6) is False else tuple(src.ip(0, 4) for _ in range(k))
        ns = list(ns) if src.flag(5) else ns
        args = [ns]
        w = rng.standard_normal(tuple(ns) if src.flag(8) is False else (src.dim(),)).astype(dtype) \
            if src.flag() and all(isinstance(v, int) and 0 <= v < 64 for v in ns) else None
        kw = dict(weight=w, bias=None if w is None or src.flag() else w.copy(), eps=src.fp((1e-5,)))
    elif fn == "local_response_norm":
        args = [src.ip(1, 6)]
        kw = dict(alpha=src.fp((1e-4, 1e-2, 1.0)), beta=src.fp((0.75, 0.5)), k=src.fp((1.0, 2.0)))
    elif fn == "normalize":
        kw = dict(p=src.pick([2.0, 2.0, 1.0, math.inf, -math.inf, 0.0, 0.5, -1.0, 3.0, math.nan]),
                  dim=src.ip(-2, 2) if src.flag(5) is False else 1, eps=src.fp((1e-12, 1e-6)))
    xv, xr = layout(src, x)
    mut = lambda c: c.copy()
    call = Call([xv] + args, kw)
    return call, mut(Call([xr] + args, kw)), ok


BUILDERS = {"activation": b_pointwise, "softmax": b_softmax, "linear": b_linear, "normalization": b_norm}


def builder(op):
    if op.family == "pooling":
        return b_unpool if op.fn.startswith("max_unpool") else b_pool
    return BUILDERS[op.family]


# -- one execution ---------------------------------------------------------------------------
class Fuzzer:
    def __init__(self, ops, use_torch=True, raise_on_finding=False, rtol=2e-3, atol=2e-4):
        self.ops = ops
        self.torch = None
        if use_torch:
            import torch
            torch.set_num_threads(1)
            self.torch = torch
        self.raise_on_finding = raise_on_finding
        self.rtol, self.atol = rtol, atol
        self.execs = Counter()
        self.timeout = 20.0
        self.outcomes = Counter()
        self.findings: dict[str, dict] = {}

    def finding(self, key: str, detail: str, call: Call | None) -> None:
        """Record a divergence; keys with ' vs torch ' (both raised, other
        exception classes: validation order) are low severity."""
        if key not in self.findings:
            desc = describe(call) if call is not None else ""
            self.findings[key] = {"detail": detail[:2000], "input": desc, "count": 0}
            print(f"FINDING [{key}] {detail[:500]}\n  input: {desc}", flush=True)
        self.findings[key]["count"] += 1
        if self.raise_on_finding:
            raise AssertionError(f"{key}: {detail}")

    def one(self, src: Src) -> None:
        op = self.ops[src.int_in(0, len(self.ops) - 1)]
        dtype = src.pick([np.float32, np.float64])
        self.execs[op.id] += 1
        try:
            call, ref_call, comparable = builder(op)(op, src, dtype)
        except (ValueError, MemoryError, TypeError, OverflowError):
            self.outcomes["unbuildable"] += 1
            return
        self.run(op, call, ref_call, comparable and not src.extreme, dtype, use_torch=not src.extreme)

    def run(self, op, call, ref_call, comparable, dtype, use_torch=True):
        ref = rexc = None
        tcall = None
        torch_now = self.torch if use_torch else None
        if not use_torch:
            self.outcomes["no-reference (extreme parameter)"] += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if torch_now is not None:
                try:
                    ref, tcall = op.ref(self.torch, ref_call.copy())
                except Exception as e:  # noqa: BLE001
                    rexc = e
            before = {i: a.copy() for i, a in enumerate(call.args) if isinstance(a, np.ndarray)}
            inplace = call.kwargs.get("inplace", False) or 0 in op.mutated
            faulthandler.dump_traceback_later(self.timeout, exit=True)
            try:
                got = op.cnn(call)
            except Exception as e:  # noqa: BLE001
                finally_cancel()
                self.outcomes["error"] += 1
                if torch_now is None:
                    if not isinstance(e, (RuntimeError, ValueError, TypeError, IndexError, MemoryError,
                                          NotImplementedError, OverflowError, ZeroDivisionError)):
                        self.finding(f"{op.fn}: unexpected {type(e).__name__}", repr(e), call)
                    return
                if rexc is not None and any(q in str(rexc) for q in TORCH_QUIRKS):
                    self.outcomes["torch-quirk"] += 1
                    return
                if rexc is None:
                    self.finding(f"{op.fn}: cnnops raised {type(e).__name__}, torch accepted", repr(e), call)
                elif not exc_compatible(e, rexc):
                    self.finding(f"{op.fn}: {type(e).__name__} vs torch {type(rexc).__name__}",
                                 f"cnnops {e!r}; torch {rexc!r}", call)
                return
        finally_cancel()
        self.outcomes["ok"] += 1
        if not call.kwargs.get("inplace", False):
            for i, b in before.items():
                if i in op.mutated:
                    continue
                if not np.array_equal(call.args[i], b, equal_nan=True):
                    self.finding(f"{op.fn}: input modified", f"argument {i}", call)
        if torch_now is None:
            return
        if rexc is not None:
            if any(q in str(rexc) for q in TORCH_QUIRKS):
                self.outcomes["torch-quirk"] += 1
                return
            self.finding(f"{op.fn}: cnnops accepted, torch raised {type(rexc).__name__}", repr(rexc), call)
            return
        try:
            self.check(op, got, ref, dtype, comparable, call, tcall)
        except AssertionError as e:
            key = f"{op.fn}: " + str(e).split(":")[0][:60]
            self.finding(key, str(e), call)

    def check(self, op, got, ref, dtype, comparable, call, tcall):
        ref = to_np(ref)
        if isinstance(ref, tuple):
            assert isinstance(got, tuple) and len(got) == len(ref), "result arity"
            for g, r in zip(got, ref):
                self.check(op, g, r, dtype, comparable, call, None)
            return
        assert isinstance(got, np.ndarray), "result type"
        if got is call.args[0]:  # in place: the input itself (any byte order) is returned
            got = got.astype(got.dtype.newbyteorder("="))
        assert got.shape == ref.shape, f"shape {got.shape} vs torch {ref.shape}"
        if ref.dtype.kind in "iu":
            assert got.dtype == np.int64, f"index dtype {got.dtype}"
            if comparable:
                assert np.array_equal(got, ref), "indices differ"
            return
        x0 = call.args[0]
        exp_dt = call.kwargs.get("dtype") or (np.dtype(x0.dtype).newbyteorder("=") if x0.dtype.kind == "f"
                                              else np.float32)
        assert got.dtype == np.dtype(exp_dt), f"dtype {got.dtype} vs {np.dtype(exp_dt)}"
        if comparable:
            g = got.astype(np.float64)
            r = ref.astype(np.float64)
            scale = 1.0 if np.dtype(exp_dt) == np.float32 else 1e-3
            assert np.allclose(g, r, rtol=self.rtol * scale, atol=self.atol * scale, equal_nan=True), (
                f"values differ: max abs diff {np.max(np.abs(np.nan_to_num(g - r))) if g.size else 0}")
        if tcall is not None:
            for k in op.mutated:
                a = call.kwargs.get(k) if isinstance(k, str) else call.args[k]
                t = tcall.kwargs.get(k) if isinstance(k, str) else tcall.args[k]
                if isinstance(a, np.ndarray) and t is not None and comparable:
                    assert np.allclose(a.astype(np.float64), to_np(t).astype(np.float64), rtol=self.rtol,
                                       atol=self.atol, equal_nan=True), f"{k} update differs"


def finally_cancel() -> None:
    faulthandler.cancel_dump_traceback_later()


def describe(call: Call) -> str:
    def d(v):
        if isinstance(v, np.ndarray):
            flags = "C" if v.flags.c_contiguous else ("F" if v.flags.f_contiguous else "strided")
            extra = "" if v.flags.aligned else " misaligned"
            extra += "" if v.flags.writeable else " readonly"
            s = f"ndarray(shape={v.shape}, dtype={v.dtype.str}, {flags}{extra}, strides={v.strides}"
            if v.size <= 12:
                s += f", values={v.ravel().tolist()}"
            return s + ")"
        return repr(v)
    return f"args=[{', '.join(d(a) for a in call.args)}] kwargs={{{', '.join(f'{k}={d(v)}' for k, v in call.kwargs.items())}}}"


# -- drivers -----------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--driver", choices=["auto", "atheris", "random"], default="auto")
    ap.add_argument("--runs", type=int, default=0, help="executions (0: until --max-time)")
    ap.add_argument("--max-time", type=float, default=0, help="seconds (0: until --runs)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--target", default="", help="comma-separated op ids (default: every present op)")
    ap.add_argument("--no-torch", action="store_true", help="crash-only: no PyTorch reference")
    ap.add_argument("--raise", dest="raise_", action="store_true", help="stop at the first finding")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 on low-severity findings too (both raised, other exception classes)")
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds one cnnops call may take before the run aborts as a hang")
    ap.add_argument("--report", default="", help="write a JSON summary here")
    ap.add_argument("--mem-limit-gb", type=float, default=8.0,
                    help="RLIMIT_AS for the process (skipped under ASan)")
    args, rest = ap.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]

    if args.mem_limit_gb > 0 and "libasan" not in os.environ.get("LD_PRELOAD", ""):
        lim = int(args.mem_limit_gb * 2 ** 30)
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    import cnnops
    ops = opspec.available(args.target.split(",") if args.target else None)
    if not ops:
        print("no target op is present in cnnops.functional")
        return 0
    fz = Fuzzer(ops, use_torch=not args.no_torch, raise_on_finding=args.raise_)
    fz.timeout = args.timeout
    if args.runs == 0 and args.max_time == 0:
        args.max_time = 30
    driver = args.driver
    if driver in ("auto", "atheris"):
        try:
            import atheris  # noqa: F401
            driver = "atheris"
        except ImportError:
            if args.driver == "atheris":
                raise
            driver = "random"
    print(f"cnnops fuzz: driver={driver} targets={len(ops)} ({','.join(o.id for o in ops)}) "
          f"torch={'no' if args.no_torch else 'yes'} build={os.path.dirname(cnnops.__file__)}", flush=True)
    t0 = time.time()

    def summary():
        total = sum(fz.execs.values())
        high = [k for k in fz.findings if " vs torch " not in k]
        rep = {"driver": driver, "executions": total, "seconds": round(time.time() - t0, 1),
               "high_severity": high,
               "per_target": dict(fz.execs), "outcomes": dict(fz.outcomes), "findings": fz.findings}
        print(f"cnnops fuzz: {total} executions in {rep['seconds']} s, outcomes {dict(fz.outcomes)}, "
              f"{len(fz.findings)} distinct finding(s), {len(high)} of high severity", flush=True)
        if args.report:
            with open(args.report, "w") as fh:
                json.dump(rep, fh, indent=1, default=str)
        return rep

    if driver == "atheris":
        import atheris

        def test_one(data: bytes) -> None:
            fz.one(Src(fdp=atheris.FuzzedDataProvider(data)))
            n = sum(fz.execs.values())
            if (args.runs and n >= args.runs) or (args.max_time and time.time() - t0 > args.max_time):
                rep = summary()
                os._exit(1 if (rep["findings"] if args.strict else rep["high_severity"]) else 0)

        import atexit
        atexit.register(summary)
        lf = [sys.argv[0]] + rest
        if args.seed:
            lf.append(f"-seed={args.seed}")
        if not any(a.startswith("-max_len") for a in lf):
            lf.append("-max_len=512")
        atheris.Setup(lf, test_one)
        atheris.Fuzz()
        return 0

    rng = np.random.default_rng(args.seed)
    n = 0
    while True:
        try:
            fz.one(Src(rng=rng))
        except AssertionError:
            raise
        except Exception:  # noqa: BLE001 - a bug in the harness itself
            traceback.print_exc()
            return 2
        n += 1
        if (args.runs and n >= args.runs) or (args.max_time and time.time() - t0 > args.max_time):
            break
        if n % 20000 == 0:
            print(f"  ... {n} executions, {len(fz.findings)} findings, {time.time() - t0:.0f} s", flush=True)
    rep = summary()
    return 1 if (rep["findings"] if args.strict else rep["high_severity"]) else 0


if __name__ == "__main__":
    sys.exit(main())
