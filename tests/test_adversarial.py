"""Adversarial inputs for every cnnops op: a correct result or a clean exception.

Each case runs cnnops and PyTorch (the reference, on a native contiguous copy
of the same values): if PyTorch accepts the input, cnnops must return the same
values (indices exactly); if PyTorch raises, cnnops must raise the same
exception class (allocation failures: MemoryError counts as PyTorch's
allocator RuntimeError).  Inputs must be left unchanged (running statistics
excepted, which must be updated exactly like PyTorch's).

The ops come from the registry in tests/fuzz/opspec.py; ops that have not
landed in cnnops.functional yet are skipped.  Families of cases:

* layouts of every array argument: Fortran order, sliced, negative strides,
  read-only, misaligned (float view at byte offset 1), big-endian, stride-0
  broadcast, self-overlapping views, garbage strides on length-1 dims,
  Python lists;
* values: NaN, +-Inf, denormals, signed zeros, huge, constant (ties);
* shapes: empty, 0-d, every ndim from 0 to 6;
* dtypes: integer/bool/float16 (converted to float32 by policy),
  complex/object/str (TypeError);
* per family: huge declared sizes (as_strided / broadcast views of a tiny
  buffer), int32/int64-overflowing products and parameters, zero and negative
  parameters, kernel larger than input, MaxUnpool indices negative / past the
  end / duplicated / of the wrong dtype or layout, mismatched running
  statistics and affine parameters.
"""
from __future__ import annotations

import math
import os
import sys
import warnings

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz"))
import opspec  # noqa: E402
from opspec import OPS, Call, compare, exc_compatible, to_np  # noqa: E402

import cnnops  # noqa: E402
import cnnops.functional as F  # noqa: E402

DTYPES = [np.float32, np.float64]
CASES = [0]  # adversarial calls made (a test may make many): reported by the robustness note
HUGE = 2 ** 62


def _ids(ops):
    return [op.id for op in ops]


def _need(op):
    if not op.present:
        pytest.skip(f"cnnops.functional.{op.fn} not implemented yet")


# -- core runner ---------------------------------------------------------------
def _arrays(call: Call):
    for i, a in enumerate(call.args):
        if isinstance(a, np.ndarray):
            yield i, a
    for k, v in call.kwargs.items():
        if isinstance(v, np.ndarray):
            yield k, v


def _get(call: Call, key):
    return call.args[key] if isinstance(key, int) else call.kwargs[key]


def _set(call: Call, key, val):
    if isinstance(key, int):
        call.args[key] = val
    else:
        call.kwargs[key] = val


def run_case(torch, op, call: Call, ref_call: Call | None = None, *, dtype=None, msg: str = "",
             tol_scale: float = 1.0, allow_exc: tuple = (), isolate_ref: bool = False,
             finite_only: bool = False):
    """cnnops(call) vs torch(ref_call or call): same exception class or close results.

    ``allow_exc``: exception classes cnnops may raise even where PyTorch
    accepts the input (documented deliberate refusals, e.g. a read-only
    running_mean that must be updated in place)."""
    ref_call = ref_call or call
    CASES[0] += 1
    if 0 in op.mutated:
        x = call.args[0]
        if not (isinstance(x, np.ndarray) and x.flags.writeable and x.dtype.kind == "f"
                and x.dtype.itemsize in (4, 8)):
            # in place on a read-only / broadcast / non-float array: refused by policy
            allow_exc = tuple(allow_exc) + (ValueError, TypeError, RuntimeError)
    if isolate_ref:
        return _run_case_isolated(torch, op, call, ref_call, dtype=dtype, msg=msg, tol_scale=tol_scale,
                                  allow_exc=allow_exc)
    if dtype is None:
        x0 = np.asarray(ref_call.args[0])
        dtype = x0.dtype.newbyteorder("=") if x0.dtype.kind == "f" else np.dtype(np.float32)
    before = {k: np.array(a, copy=True) for k, a in _arrays(call)}
    torch_exc = torch_out = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch_out, tcall = op.ref(torch, ref_call.copy())
        except Exception as e:  # noqa: BLE001
            torch_exc = e
        try:
            got = op.cnn(call)
        except Exception as e:  # noqa: BLE001
            if torch_exc is not None:
                assert exc_compatible(e, torch_exc), (
                    f"{msg}: cnnops raised {type(e).__name__}({e}) but torch raised "
                    f"{type(torch_exc).__name__}({torch_exc})")
                return "error"
            if allow_exc and isinstance(e, allow_exc):
                return "refused"
            raise AssertionError(f"{msg}: cnnops raised {type(e).__name__}({e}); torch accepted the input") from e
    if torch_exc is not None:
        raise AssertionError(f"{msg}: cnnops returned {type(got).__name__} but torch raised "
                             f"{type(torch_exc).__name__}({torch_exc})")
    if 0 in op.mutated and isinstance(got, np.ndarray) and got is call.args[0]:
        got = got.astype(got.dtype.newbyteorder("="))  # in place: the input itself is returned
    compare(op, got, torch_out, dtype, msg, tol_scale, finite_only=finite_only)
    for k, a in _arrays(call):
        if k in op.mutated:
            if finite_only:
                continue
            np.testing.assert_allclose(np.asarray(a, np.float64), to_np(_get(tcall, k)).astype(np.float64),
                                       equal_nan=True, err_msg=f"{msg}: {k} update",
                                       **opspec.tolerances(op, dtype))
        else:
            np.testing.assert_array_equal(a, before[k], err_msg=f"{msg}: argument {k} was modified")
    return "ok"


class _TorchTimeout(Exception):
    pass


def _torch_in_child(torch, op, ref_call: Call, timeout: float = 2.0):
    """PyTorch's result or exception, computed in a forked child with a time
    limit (PyTorch itself loops for ages on some extreme parameters, e.g.
    max_pool1d(kernel_size=2**62)).  Returns ("ok", result) or ("exc", exc)."""
    import pickle
    import select
    import signal

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    out, _ = op.ref(torch, ref_call.copy())
                    payload = ("ok", to_np(out))
                except Exception as e:  # noqa: BLE001
                    payload = ("exc", type(e), str(e))
            data = pickle.dumps(payload)
        except Exception as e:  # noqa: BLE001
            data = pickle.dumps(("exc", RuntimeError, f"unpicklable: {e}"))
        with os.fdopen(w, "wb") as fh:
            fh.write(data)
        os._exit(0)
    os.close(w)
    chunks = []
    deadline = timeout
    with os.fdopen(r, "rb") as fh:
        ready, _, _ = select.select([fh], [], [], deadline)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return ("timeout", None)
        chunks.append(fh.read())
    os.waitpid(pid, 0)
    payload = pickle.loads(b"".join(chunks))
    if payload[0] == "ok":
        return ("ok", payload[1])
    return ("exc", payload[1](payload[2]) if isinstance(payload[1], type) else RuntimeError(payload[2]))


def _torch_size_limit(e: BaseException) -> bool:
    m = str(e)
    return isinstance(e, RuntimeError) and any(t in m for t in ("allocate", "Storage size calculation overflowed"))


def _run_case_isolated(torch, op, call, ref_call, *, dtype, msg, tol_scale, allow_exc):
    if dtype is None:
        x0 = np.asarray(ref_call.args[0])
        dtype = x0.dtype.newbyteorder("=") if x0.dtype.kind == "f" else np.dtype(np.float32)
    kind, val = _torch_in_child(torch, op, ref_call)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = op.cnn(call)
        except Exception as e:  # noqa: BLE001
            if kind == "exc":
                assert exc_compatible(e, val), (
                    f"{msg}: cnnops raised {type(e).__name__}({e}) but torch raised {type(val).__name__}({val})")
                return "error"
            if kind == "timeout" or (allow_exc and isinstance(e, allow_exc)):
                return "refused"
            if isinstance(e, RuntimeError) and any(
                    isinstance(v, int) and abs(v) >= 2 ** 32 for v in _flat(call.kwargs.values())):
                return "refused"  # PyTorch may truncate such parameters to 32 bits and "succeed"
            raise AssertionError(f"{msg}: cnnops raised {type(e).__name__}({e}); torch accepted the input") from e
    if kind == "exc":
        if _torch_size_limit(val):
            return "ok"  # PyTorch could not allocate its intermediates; cnnops could
        raise AssertionError(f"{msg}: cnnops returned a result but torch raised {type(val).__name__}({val})")
    if kind == "ok":
        compare(op, got, val, dtype, msg, tol_scale)
    return "ok"


def make(op, rng, dtype, shape=None):
    call = op.make(rng, dtype, op.shape if shape is None else tuple(shape))
    if call is None:
        pytest.skip("shape not applicable to this op")
    return call


# -- layouts ---------------------------------------------------------------------
def _fortran(a):
    return np.asfortranarray(a)


def _sliced(a):
    if a.ndim == 0:
        return a
    big = np.zeros(tuple(2 * s for s in a.shape), a.dtype)
    sl = tuple(slice(None, None, 2) for _ in a.shape)
    big[sl] = a
    return big[sl]


def _negative(a):
    if a.ndim == 0:
        return a
    sl = tuple(slice(None, None, -1) for _ in a.shape)
    return np.ascontiguousarray(a[sl])[sl]


def _readonly(a):
    b = a.copy()
    b.setflags(write=False)
    return b


def _misaligned(a):
    buf = np.zeros(a.nbytes + 1, np.uint8)
    v = np.ndarray(a.shape, a.dtype, buffer=buf, offset=1)
    v[...] = a
    assert not v.flags.aligned or a.nbytes == 0
    return v


def _misaligned_strided(a):
    if a.ndim == 0:
        return _misaligned(a)
    buf = np.zeros(2 * a.nbytes + 3, np.uint8)
    strides = list(np.empty(a.shape, a.dtype).strides)
    strides = [2 * s for s in strides]
    v = np.ndarray(a.shape, a.dtype, buffer=buf, offset=3, strides=strides)
    v[...] = a
    return v


def _bigendian(a):
    return a.astype(a.dtype.newbyteorder(">"))


def _bigendian_fortran_ro(a):
    b = np.asfortranarray(a.astype(a.dtype.newbyteorder(">")))
    b.setflags(write=False)
    return b


def _unit_strides(a):
    """Length-1 dims get absurd strides (NumPy ignores them for contiguity)."""
    if 1 not in a.shape:
        return a
    b = a.copy()
    st = tuple((2 ** 40 + 7) if n == 1 else s for n, s in zip(b.shape, b.strides))
    return as_strided(b, b.shape, st)


SAME_VALUE_LAYOUTS = {
    "fortran": _fortran, "sliced": _sliced, "negative": _negative, "readonly": _readonly,
    "misaligned": _misaligned, "misaligned-strided": _misaligned_strided, "bigendian": _bigendian,
    "bigendian-fortran-readonly": _bigendian_fortran_ro,
}


def _apply_layout(op, call: Call, fn, primary_only: bool) -> Call:
    out = call.copy()
    for k, a in list(_arrays(call)):
        if a.dtype.kind != "f":
            continue
        if primary_only and k != 0:
            continue
        if k in op.mutated and fn in (_readonly, _bigendian_fortran_ro):
            continue
        _set(out, k, fn(a))
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", list(SAME_VALUE_LAYOUTS))
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_layouts(torch, op, layout, dtype, rng):
    """Every array argument in an unusual layout: same values as contiguous."""
    _need(op)
    call = make(op, rng, dtype)
    adv = _apply_layout(op, call, SAME_VALUE_LAYOUTS[layout], primary_only=False)
    # writing running statistics back into a big-endian/misaligned buffer may be refused cleanly
    allow = (TypeError, ValueError) if op.mutated else ()
    run_case(torch, op, adv, call, dtype=dtype, msg=f"{op.id} {layout}", allow_exc=allow)


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_layout_primary_only_misaligned_bigendian(torch, op, rng):
    _need(op)
    call = make(op, rng, np.float32)
    for name in ("misaligned", "bigendian", "negative"):
        adv = _apply_layout(op, call, SAME_VALUE_LAYOUTS[name], primary_only=True)
        run_case(torch, op, adv, call, dtype=np.float32, msg=f"{op.id} primary {name}")


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_unit_dims_with_garbage_strides(torch, op, rng):
    _need(op)
    shape = list(op.shape)
    shape[0] = 1
    if len(shape) > 2:
        shape[-1] = 1 if op.pointwise else shape[-1]
    call = make(op, rng, np.float32, shape)
    adv = call.copy()
    adv.args[0] = _unit_strides(call.args[0])
    run_case(torch, op, adv, call, msg=f"{op.id} unit-dim strides")


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_broadcast_zero_stride(torch, op, rng):
    """A stride-0 (broadcast, read-only) primary input: values repeat along axis 0."""
    _need(op)
    call = make(op, rng, np.float32)
    x = call.args[0]
    if x.ndim == 0:
        pytest.skip("0-d")
    xb = np.broadcast_to(x[:1], x.shape)
    adv = call.copy()
    adv.args[0] = xb
    ref = call.copy()
    ref.args[0] = np.ascontiguousarray(xb)
    run_case(torch, op, adv, ref, msg=f"{op.id} broadcast")


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_overlapping_memory(torch, op, rng):
    """A self-overlapping read-only view (every stride one element)."""
    _need(op)
    call = make(op, rng, np.float64)
    x = call.args[0]
    base = rng.standard_normal(sum(x.shape) + 1)
    xo = as_strided(base, x.shape, (8,) * x.ndim, writeable=False)
    adv = call.copy()
    adv.args[0] = xo
    ref = call.copy()
    ref.args[0] = np.ascontiguousarray(xo)
    run_case(torch, op, adv, ref, msg=f"{op.id} overlapping")


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_python_list_input(torch, op, rng):
    _need(op)
    call = make(op, rng, np.float64)
    adv = call.copy()
    adv.args[0] = call.args[0].tolist()
    run_case(torch, op, adv, call, dtype=np.float64, msg=f"{op.id} list")


# -- values ---------------------------------------------------------------------
def _special(kind: str, x: np.ndarray, rng) -> np.ndarray:
    x = x.copy()
    flat = x.reshape(-1)
    n = flat.size
    fi = np.finfo(x.dtype)
    pick = rng.permutation(n)[: max(1, n // 6)]
    if kind == "nan":
        flat[pick] = np.nan
    elif kind == "inf":
        flat[pick[::2]] = np.inf
        flat[pick[1::2]] = -np.inf
    elif kind == "nan+inf":
        flat[pick[::3]] = np.nan
        flat[pick[1::3]] = np.inf
        flat[pick[2::3]] = -np.inf
    elif kind == "all-nan":
        flat[:] = np.nan
    elif kind == "all-neginf":
        flat[:] = -np.inf
    elif kind == "denormal":
        flat[:] = flat * fi.smallest_subnormal * 3
    elif kind == "tiny":
        flat[:] = flat * fi.tiny
    elif kind == "signed-zero":
        flat[:] = np.where(rng.random(n) < 0.5, -0.0, 0.0)
    elif kind == "huge":
        flat[:] = np.sign(flat) * fi.max * rng.uniform(0.5, 1.0, n)
    elif kind == "constant":
        flat[:] = 1.25
    return x


VALUE_KINDS = ["nan", "inf", "nan+inf", "all-nan", "all-neginf", "denormal", "tiny", "signed-zero", "huge",
               "constant"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", VALUE_KINDS)
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_special_values(torch, op, kind, dtype, rng):
    _need(op)
    call = make(op, rng, dtype)
    call.args[0] = _special(kind, call.args[0], rng)
    scale = 1.0
    if kind in ("constant", "huge", "denormal", "tiny") and op.family in ("normalization", "softmax", "linear"):
        scale = 10.0  # cancellation / underflow: PyTorch itself is only this close to exact
    if kind == "huge" and op.family == "normalization":
        # float32 statistics of values near 3e38 overflow differently in PyTorch (which returns
        # 0 or NaN already at 1e20, where cnnops is exact): shapes, dtypes and no crash only
        scale = 1e30
    # near the overflow threshold PyTorch's intermediates overflow (e.g. gelu(3e38) = inf
    # in PyTorch, 3e38 in cnnops): compare where both results are finite
    run_case(torch, op, call, dtype=dtype, msg=f"{op.id} {kind}", tol_scale=scale, finite_only=kind == "huge")


# -- shapes ---------------------------------------------------------------------
EMPTY_SHAPES = [(), (0,), (1,), (3,), (0, 3), (3, 0), (1, 1), (0, 2, 3), (2, 0, 3), (2, 3, 0), (1, 1, 1),
                (0, 2, 3, 4), (2, 0, 3, 4), (2, 3, 0, 4), (2, 3, 4, 0), (1, 1, 1, 1), (0, 0, 0, 0),
                (2, 2, 2, 2, 2), (1, 2, 1, 2, 1, 2), (0, 1, 2, 3, 4, 5)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=[str(s) for s in EMPTY_SHAPES])
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_shapes_empty_0d_ndim(torch, op, shape, rng):
    """Empty, 0-d, 1-element and high-rank inputs (arguments derived from the shape)."""
    _need(op)
    call = make(op, rng, np.float32, shape)
    run_case(torch, op, call, dtype=np.float32, msg=f"{op.id} shape {shape}")


# -- dtypes ---------------------------------------------------------------------
@pytest.mark.parametrize("dt", ["int32", "int64", "uint8", "bool", "float16", ">i4"])
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_dtype_policy_converts(torch, op, dt, rng):
    """Integer/bool/half inputs become float32 (cnnops policy, README)."""
    _need(op)
    call = make(op, rng, np.float32)
    x = call.args[0]
    xi = (x > 0) if dt == "bool" else np.clip(np.round(x * 3), 0 if dt == "uint8" else -100, 100).astype(dt)
    adv = call.copy()
    adv.args[0] = xi
    ref = call.copy()
    ref.args[0] = xi.astype(np.float32)
    # LRN may refuse integer input (spec 4.5 allows either; PyTorch truncates)
    allow = (TypeError, NotImplementedError, RuntimeError) if op.fn == "local_response_norm" else ()
    run_case(torch, op, adv, ref, dtype=np.float32, msg=f"{op.id} {dt}", allow_exc=allow)


@pytest.mark.parametrize("dt", ["complex64", "object", "U3", "datetime64[s]", "longdouble"])
@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_dtype_policy_rejects(op, dt, rng):
    _need(op)
    call = make(op, rng, np.float64)
    x = call.args[0]
    if dt == "U3":
        bad = x.astype(str).astype("U3")
    elif dt == "datetime64[s]":
        bad = np.zeros(x.shape, "datetime64[s]")
    else:
        bad = x.astype(dt)
    call.args[0] = bad
    with pytest.raises(TypeError):
        op.cnn(call)


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_mixed_dtypes_between_arguments(torch, op, rng):
    """float64 input with float32 weights/statistics (PyTorch: dtype error)."""
    _need(op)
    call = make(op, rng, np.float64)
    if op.fn == "gemm":
        pytest.skip("gemm (no PyTorch functional twin) documents TypeError for a c of another dtype")
    others = [k for k, a in _arrays(call) if k != 0 and a.dtype.kind == "f"]
    if not others:
        pytest.skip("no second float argument")
    for k in others:
        adv = call.copy()
        _set(adv, k, _get(call, k).astype(np.float32))
        run_case(torch, op, adv, msg=f"{op.id} {k} float32 vs float64 input", dtype=np.float64)


# -- huge declared sizes, overflow ---------------------------------------------------
def _huge_view(shape, dtype=np.float32):
    return as_strided(np.zeros(1, dtype), shape, (0,) * len(shape), writeable=False)


def _expect_clean(fn, types=(MemoryError, RuntimeError, ValueError, OverflowError, TypeError, IndexError)):
    CASES[0] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn()
        except types:
            return "error"
    return "ok"


def _huge_shapes(op):
    n = max(op.min_ndim, len(op.shape))
    shapes = []
    for big in (2 ** 31 + 1, 2 ** 40, 2 ** 62):
        s = list(op.shape)
        s[-1] = big
        shapes.append(tuple(s))
        s = list(op.shape)
        s[0] = big
        shapes.append(tuple(s))
    # product overflows int64 although every dim fits
    shapes.append(tuple([2 ** 21] * n) if n >= 3 else (2 ** 32, 2 ** 32))
    # product overflows int32 with a zero dim (an empty array)
    s = [2 ** 20] * n
    s[0] = 0
    shapes.append(tuple(s))
    return shapes


@pytest.mark.parametrize("op", OPS, ids=_ids(OPS))
def test_huge_declared_sizes(op, rng):
    """Stride-0 views of one element with enormous shapes: clean error, or a
    correct (empty) result; never a crash or an attempt to fill terabytes."""
    _need(op)
    for shape in _huge_shapes(op):
        try:
            call = op.make(rng, np.float32, tuple(min(s, 4) for s in shape))
        except Exception:  # noqa: BLE001
            continue
        if call is None:
            continue
        try:
            call.args[0] = _huge_view(shape)
        except ValueError:  # NumPy itself refuses (nbytes overflows)
            continue
        # secondary arrays keep their small sizes: a shape error is also clean
        res = _expect_clean(lambda: op.cnn(call))
        if res == "ok":
            assert 0 in shape, f"{op.id}: {shape} accepted without error"


@pytest.mark.parametrize("op", [o for o in OPS if o.pointwise], ids=_ids([o for o in OPS if o.pointwise]))
def test_huge_broadcast_inplace_refused(op):
    _need(op)
    x = np.broadcast_to(np.zeros(1, np.float32), (2 ** 40,))
    try:
        import inspect
        if "inplace" not in inspect.signature(getattr(F, op.fn)).parameters:
            pytest.skip("no inplace")
    except (TypeError, ValueError):
        pass
    with pytest.raises((ValueError, RuntimeError, TypeError)):
        getattr(F, op.fn)(x, inplace=True)
    # writeable stride-0 view (PyTorch: "more than one element ... refers to a single memory location")
    w = as_strided(np.zeros(1, np.float32), (5,), (0,))
    with pytest.raises(RuntimeError):
        getattr(F, op.fn)(w, inplace=True)


# -- parameters: int overflow, zero, negative, wrong type --------------------------------
def _param_cases(op):
    fn = op.fn
    if fn in ("max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d"):
        two = fn.endswith("2d")
        cases = []
        for key in ("kernel_size", "stride", "padding") + (("dilation",) if fn.startswith("max") else ()):
            for v in (0, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 32 + 3, HUGE, 2 ** 63 - 1,
                      -(2 ** 63), 1.5, True, None, "3", np.int64(2), np.int32(3), (2, 2, 2), (), [3]):
                if v is None and key != "stride":
                    continue
                cases.append({key: v})
                if two and isinstance(v, int) and not isinstance(v, bool):
                    cases.append({key: (1 if key != "padding" else 0, v)})
        cases += [dict(kernel_size=2 ** 31, padding=2 ** 30), dict(kernel_size=HUGE, padding=HUGE // 2, stride=1),
                  dict(kernel_size=3, stride=2 ** 62, padding=1), dict(kernel_size=2 ** 40, padding=2 ** 39,
                                                                        stride=2 ** 40)]
        if fn == "avg_pool2d":
            for d in (0, -1, 2 ** 31, HUGE, -HUGE, 1.5):
                cases.append({"divisor_override": d})
        if fn.startswith("max"):
            cases += [dict(dilation=2 ** 31, kernel_size=2), dict(dilation=HUGE, kernel_size=3, padding=1)]
        return cases
    if fn.startswith("adaptive"):
        two = fn.endswith("2d")
        vals = [0, -1, 2 ** 31 - 1, 1.5, None, (2, 2, 2), ()]
        cases = [{"output_size": v} for v in vals]
        if two:
            cases += [{"output_size": (v, 2)} for v in (0, -1, 2 ** 31 - 1, None)]
            cases += [{"output_size": (2 ** 20, 2 ** 20)}]
        return cases
    if fn.startswith("max_unpool"):
        cases = []
        for key in ("kernel_size", "stride", "padding"):
            for v in (0, -1, 2 ** 31 - 1, 1.5):
                cases.append({key: v})
        cases += [dict(kernel_size=2 ** 20, stride=2 ** 20), dict(kernel_size=2, stride=2, output_size=[9, 9, 9]),
                  dict(output_size=(-1, 5)), dict(output_size=7), dict(output_size=(2 ** 40, 2 ** 40))]
        return cases
    if fn in ("softmax", "log_softmax", "softmin"):
        return [{"dim": d} for d in (3, -4, 2 ** 31, HUGE, -(2 ** 63), 1.5, "0", None)]
    if fn == "normalize":
        return ([{"dim": d} for d in (3, -4, HUGE, 1.5)] +
                [{"p": p} for p in (0.0, -1.0, 0.5, -math.inf, math.nan, 1e308, 3)] +
                [{"eps": e} for e in (0.0, -1.0, math.inf, math.nan)])
    if fn == "local_response_norm":
        return ([{"size": s} for s in (0, -1, 1, 2, 4, 100, 1.5)] +
                [{"alpha": a} for a in (0.0, -1.0, math.inf, math.nan)] +
                [{"beta": b} for b in (0.0, -1.0, 1e300)] + [{"k": k} for k in (0.0, -1.0)])
    if fn == "group_norm":
        return [{"num_groups": g} for g in (0, -2, 3, 8, 2 ** 31, HUGE)] + [{"eps": e} for e in (0.0, -1.0)]
    if fn == "batch_norm":
        return ([{"eps": e} for e in (0.0, -1.0, math.nan)] + [{"momentum": m} for m in (0.0, 1.0, -1.0, None)])
    if fn in ("leaky_relu", "elu", "celu", "softplus", "rrelu", "hardtanh"):
        key = {"leaky_relu": "negative_slope", "elu": "alpha", "celu": "alpha", "softplus": "beta",
               "rrelu": "lower", "hardtanh": "min_val"}[fn]
        return [{key: v} for v in (0.0, -1.0, 3.0, 1e30)]
    if fn == "gelu":
        return [{"approximate": a} for a in ("tanh", "none", "bogus", "")]
    if fn == "layer_norm":
        return [{"normalized_shape": s} for s in ((), (HUGE,), (2 ** 31, 2 ** 31), (-1,), (5, 5, 5, 5))]
    return []


def _param_call(op, call: Call, change: dict) -> Call:
    c = call.copy()
    for k, v in change.items():
        if op.fn in ("local_response_norm",) and k == "size":
            c.args[1] = v
        elif op.fn == "group_norm" and k == "num_groups":
            c.args[1] = v
        elif op.fn == "layer_norm" and k == "normalized_shape":
            c.args[1] = v
        else:
            c.kwargs[k] = v
    return c


def _flat(vals):
    for v in vals:
        if isinstance(v, (tuple, list)):
            yield from _flat(v)
        else:
            yield v


_PARAM_OPS = [op for op in OPS if _param_cases(op)]


@pytest.mark.parametrize("op", _PARAM_OPS, ids=_ids(_PARAM_OPS))
def test_parameters_overflow_zero_negative_wrongtype(torch, op, rng):
    """Each bad (or extreme but valid) hyper-parameter: same exception class as
    PyTorch, or the same result.  Runs in bounded time (windows are clipped)."""
    _need(op)
    call = make(op, rng, np.float32)
    failures = []
    for change in _param_cases(op):
        c = _param_call(op, call, change)
        try:
            extreme = any(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and abs(int(v)) >= 2 ** 31
                          for v in _flat(change.values()))
            run_case(torch, op, c, dtype=np.float32, msg=f"{op.id} {change}", isolate_ref=extreme)
        except AssertionError as e:
            failures.append(str(e).split("\n")[0][:300])
    assert not failures, "\n".join(failures)


# -- pooling specifics -----------------------------------------------------------------
def _op(i):
    op = opspec.BY_ID[i]
    _need(op)
    return op


@pytest.mark.parametrize("fn,shape,kw", [
    ("max_pool2d", (1, 1, 3, 3), dict(kernel_size=5)),
    ("max_pool2d", (1, 1, 3, 3), dict(kernel_size=5, padding=2)),
    ("max_pool2d", (1, 1, 1, 1), dict(kernel_size=3, padding=1)),
    ("max_pool2d", (1, 1, 2, 2), dict(kernel_size=(1, 9), padding=(0, 4), ceil_mode=True)),
    ("max_pool2d", (2, 1, 4, 4), dict(kernel_size=2, dilation=4)),
    ("max_pool2d", (2, 1, 5, 5), dict(kernel_size=2, dilation=4, ceil_mode=True, return_indices=True)),
    ("max_pool1d", (1, 1, 3), dict(kernel_size=4)),
    ("max_pool1d", (1, 1, 3), dict(kernel_size=4, padding=2, return_indices=True)),
    ("avg_pool2d", (1, 1, 3, 3), dict(kernel_size=4)),
    ("avg_pool2d", (1, 1, 3, 3), dict(kernel_size=4, padding=2, ceil_mode=True)),
    ("avg_pool2d", (1, 1, 3, 3), dict(kernel_size=4, padding=2, count_include_pad=False)),
    ("avg_pool1d", (1, 2, 2), dict(kernel_size=5, padding=2, ceil_mode=True, count_include_pad=False)),
    ("avg_pool1d", (1, 2, 2), dict(kernel_size=3)),
    ("adaptive_avg_pool2d", (1, 2, 2, 3), dict(output_size=(7, 11))),
    ("adaptive_max_pool2d", (1, 2, 2, 3), dict(output_size=(7, 11), return_indices=True)),
    ("adaptive_avg_pool1d", (1, 2, 1), dict(output_size=9)),
    ("adaptive_max_pool1d", (1, 2, 1), dict(output_size=9, return_indices=True)),
    ("max_unpool2d", (1, 1, 2, 2), dict(kernel_size=5, stride=1)),
])
def test_kernel_larger_than_input(torch, fn, shape, kw, rng):
    op = opspec.Op(fn, fn, "pooling", lambda r, d, s: None, shape)
    _need(op)
    x = np.asarray(rng.standard_normal(shape)).astype(np.float32)
    args = [x]
    if fn == "max_unpool2d":
        args.append(np.zeros(shape, np.int64))
    run_case(torch, op, Call(args, dict(kw)), msg=f"{fn} {shape} {kw}")


@pytest.mark.parametrize("fn,shape", [("max_pool2d", (1, 1, 9, 9)), ("max_pool1d", (1, 1, 40)),
                                      ("adaptive_max_pool2d", (1, 1, 9, 9))])
def test_maxpool_nan_ties_neginf_indices(torch, fn, shape, rng):
    op = opspec.Op(fn, fn, "pooling", lambda r, d, s: None, shape)
    _need(op)
    for fill in ("ties", "neginf", "nans", "mixed"):
        x = np.zeros(shape, np.float32)
        flat = x.reshape(-1)
        if fill == "neginf":
            flat[:] = -np.inf
        elif fill == "nans":
            flat[rng.random(flat.size) < 0.3] = np.nan
        elif fill == "mixed":
            flat[:] = rng.choice(np.array([np.nan, -np.inf, np.inf, 0.0, -0.0, 1.0], np.float32), flat.size)
        kw = dict(output_size=(4, 3), return_indices=True) if fn.startswith("adaptive") else dict(
            kernel_size=3, stride=2, padding=1, return_indices=True)
        run_case(torch, op, Call([x], kw), msg=f"{fn} {fill}")


def _unpool_call(nd, rng, shape=None, dtype=np.float32):
    op = opspec.BY_ID[f"max_unpool{nd}d"]
    return op, op.make(rng, dtype, shape or op.shape)


@pytest.mark.parametrize("nd", [1, 2])
def test_unpool_bad_indices(torch, nd, rng):
    op = _op(f"max_unpool{nd}d")
    op, call = _unpool_call(nd, rng)
    idx = call.args[1]
    out_area = int(np.prod([2 * s for s in call.args[0].shape[-nd:]]))
    bad_values = [-1, -(2 ** 31), -(2 ** 63), out_area, out_area + 1, 2 ** 31, 2 ** 32, 2 ** 63 - 1]
    for v in bad_values:
        for where in (0, -1, idx.size // 2):
            c = call.copy()
            c.args[1].reshape(-1)[where] = v
            run_case(torch, op, c, msg=f"max_unpool{nd}d index {v} at {where}")
    # duplicates: cnnops is deterministic (last write in row-major order), PyTorch with 1 thread too
    c = call.copy()
    c.args[1][...] = idx.reshape(-1)[0]
    run_case(torch, op, c, msg=f"max_unpool{nd}d all-duplicate indices")
    c = call.copy()
    c.args[1][..., 1:] = c.args[1][..., :1]
    run_case(torch, op, c, msg=f"max_unpool{nd}d row-duplicate indices")
    # indices valid for a larger output_size
    c = call.copy()
    osz = [2 * s + 1 for s in call.args[0].shape[-nd:]]
    c.kwargs["output_size"] = osz
    c.args[1].reshape(-1)[-1] = int(np.prod(osz)) - 1
    run_case(torch, op, c, msg=f"max_unpool{nd}d output_size {osz}")


@pytest.mark.parametrize("nd", [1, 2])
@pytest.mark.parametrize("dt", ["int32", "uint64", "float64", "float32", "bool", "int16", "uint8"])
def test_unpool_indices_wrong_dtype(torch, nd, dt, rng):
    op = _op(f"max_unpool{nd}d")
    op, call = _unpool_call(nd, rng)
    call.args[1] = call.args[1].astype(dt)
    if dt == "uint64":
        # torch has no uint64 indices: PyTorch's rule is "elements in indices should be type int64"
        with pytest.raises(RuntimeError):
            op.cnn(call)
        return
    run_case(torch, op, call, msg=f"max_unpool{nd}d indices {dt}")


@pytest.mark.parametrize("nd", [1, 2])
def test_unpool_indices_layouts(torch, nd, rng):
    op = _op(f"max_unpool{nd}d")
    op, call = _unpool_call(nd, rng)
    for name, fn in [("fortran", _fortran), ("sliced", _sliced), ("negative", _negative),
                     ("readonly", _readonly), ("misaligned", _misaligned), ("misaligned-strided", _misaligned_strided)]:
        c = call.copy()
        c.args[1] = fn(call.args[1])
        run_case(torch, op, c, call, msg=f"max_unpool{nd}d indices {name}")
    # big-endian int64 indices: the same values (PyTorch cannot represent them)
    c = call.copy()
    c.args[1] = call.args[1].astype(">i8")
    try:
        got = op.cnn(c)
    except (RuntimeError, TypeError, ValueError):
        pass
    else:
        ref, _ = op.ref(torch, call)
        compare(op, got, ref, np.float32, f"max_unpool{nd}d big-endian indices")
    # broadcast (stride-0) indices: every value scattered to one place
    c = call.copy()
    c.args[1] = np.broadcast_to(call.args[1].reshape(-1)[:1].reshape((1,) * call.args[1].ndim),
                                call.args[1].shape)
    r = call.copy()
    r.args[1] = np.ascontiguousarray(c.args[1])
    run_case(torch, op, c, r, msg=f"max_unpool{nd}d broadcast indices")


@pytest.mark.parametrize("nd", [1, 2])
def test_unpool_indices_shape_mismatch(torch, nd, rng):
    op = _op(f"max_unpool{nd}d")
    op, call = _unpool_call(nd, rng)
    idx = call.args[1]
    for bad in (idx[..., :1], idx[:1], idx.reshape(-1), idx[None], np.zeros((), np.int64),
                np.zeros((0,) + idx.shape[1:], np.int64)):
        c = call.copy()
        c.args[1] = bad
        run_case(torch, op, c, msg=f"max_unpool{nd}d indices shape {bad.shape}")
    for bad in ([0, 1], None, "x", 3):
        c = call.copy()
        c.args[1] = bad
        with pytest.raises((TypeError, RuntimeError, ValueError, AttributeError)):
            op.cnn(c)


# -- normalization specifics -------------------------------------------------------------
def _bn_case_list(C):
    f = np.float32
    return [
        dict(running_mean=np.zeros(C + 1, f)), dict(running_var=np.ones(C - 1, f)),
        dict(running_mean=np.zeros((C, 1), f)), dict(running_var=np.ones((1, C), f)),
        dict(running_mean=np.zeros((), f)), dict(running_mean=np.zeros(0, f)),
        dict(running_mean=None), dict(running_var=None), dict(running_mean=None, running_var=None),
        dict(weight=np.ones(C + 1, f)), dict(bias=np.zeros(C - 1, f)), dict(weight=np.ones((C, 1), f)),
        dict(weight=None, bias=None), dict(running_mean=np.zeros(C, np.float64)),
        dict(running_var=np.ones(C, np.int64)), dict(weight=np.ones(C, np.float16)),
        dict(running_var=-np.ones(C, f)), dict(running_var=np.zeros(C, f), eps=0.0),
        dict(running_mean=np.full(C, np.nan, f)), dict(running_var=np.full(C, np.inf, f)),
    ]


@pytest.mark.parametrize("training", [False, True])
def test_batch_norm_mismatched_stats(torch, training, rng):
    op = _op("batch_norm[train]" if training else "batch_norm[eval]")
    call = make(op, rng, np.float32)
    C = call.args[0].shape[1]
    for change in _bn_case_list(C):
        c = call.copy()
        c.kwargs.update({k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in change.items()})
        # mutated running stats that cannot hold the update (int, read-only) may be refused cleanly
        run_case(torch, op, c, msg=f"batch_norm training={training} {change}",
                 allow_exc=(TypeError, ValueError) if training else ())


def test_batch_norm_running_stats_views_updated(torch, rng):
    """Running statistics given as strided / negative-stride views are updated in place."""
    op = _op("batch_norm[train]")
    call = make(op, rng, np.float64)
    C = call.args[0].shape[1]
    for name, fn in [("sliced", _sliced), ("negative", _negative), ("misaligned", _misaligned)]:
        c = call.copy()
        c.kwargs["running_mean"] = fn(call.kwargs["running_mean"])
        c.kwargs["running_var"] = fn(call.kwargs["running_var"])
        run_case(torch, op, c, call, msg=f"batch_norm running stats {name}")
    # read-only running stats in training: cannot update them, must not crash or write
    c = call.copy()
    rm = _readonly(call.kwargs["running_mean"])
    c.kwargs["running_mean"] = rm
    before = rm.copy()
    with pytest.raises((ValueError, RuntimeError, TypeError)):
        op.cnn(c)
    np.testing.assert_array_equal(rm, before)
    # aliasing: running_mean and running_var are the same array (PyTorch: updated twice, in order)
    c = call.copy()
    shared = np.ones(C)
    c.kwargs["running_mean"] = shared
    c.kwargs["running_var"] = shared
    r = _expect_clean(lambda: op.cnn(c))
    assert r in ("ok", "error")


def test_batch_norm_single_value_per_channel(torch, rng):
    op = _op("batch_norm[train]")
    for shape in [(1, 3), (1, 3, 1), (1, 3, 1, 1), (0, 3), (0, 3, 4), (2, 3, 0), (1, 0, 1)]:
        run_case(torch, op, make(op, rng, np.float32, shape), msg=f"batch_norm train {shape}")


def test_instance_norm_mismatched(torch, rng):
    op = _op("instance_norm[running]")
    call = make(op, rng, np.float32)
    C = call.args[0].shape[1]
    for change in [dict(running_mean=np.zeros(C + 1, np.float32)), dict(running_var=np.ones(1, np.float32)),
                   dict(use_input_stats=False), dict(running_mean=None, running_var=None, use_input_stats=False),
                   dict(weight=np.ones(C + 1, np.float32)), dict(bias=np.ones(2 * C, np.float32)),
                   dict(momentum=None), dict(eps=-1.0)]:
        c = call.copy()
        c.kwargs.update(change)
        run_case(torch, op, c, msg=f"instance_norm {change}", allow_exc=(TypeError,))
    for shape in [(3, 2, 1), (2, 3), (0, 3, 4), (2, 3, 0)]:
        run_case(torch, op, make(op, rng, np.float32, shape), msg=f"instance_norm {shape}")


def test_group_layer_norm_mismatched_affine(torch, rng):
    gn = opspec.BY_ID["group_norm"]
    ln = opspec.BY_ID["layer_norm"]
    if gn.present:
        call = make(gn, rng, np.float32)
        C = call.args[0].shape[1]
        for change in [dict(weight=np.ones(C + 1, np.float32)), dict(bias=np.ones((C, 1), np.float32)),
                       dict(weight=np.ones((), np.float32)), dict(weight=None, bias=None)]:
            c = call.copy()
            c.kwargs.update(change)
            run_case(torch, gn, c, msg=f"group_norm {change}")
    if ln.present:
        call = make(ln, rng, np.float32)
        ns = call.args[1]
        for change in [dict(weight=np.ones(ns[::-1] if len(ns) > 1 else (ns[0] + 1,), np.float32)),
                       dict(bias=np.ones((1,) + tuple(ns), np.float32)), dict(weight=np.ones(7, np.float32)),
                       dict(weight=None, bias=None), dict(weight=None)]:
            c = call.copy()
            c.kwargs.update(change)
            run_case(torch, ln, c, msg=f"layer_norm {change}")
        for ns2 in [(5,), (3, 5), (2, 3, 5), (4,), [5], (2, 2, 3, 5)]:
            c = Call([call.args[0], ns2], {})
            run_case(torch, ln, c, msg=f"layer_norm normalized_shape {ns2}")


def test_lrn_shapes_and_sizes(torch, rng):
    op = _op("local_response_norm")
    for shape in [(1, 1, 1), (2, 7, 1), (1, 3, 2, 2, 2), (2, 4), (4,), (0, 3, 2), (2, 0, 3), (1, 3, 0)]:
        for size in (1, 2, 5, 12):
            c = Call([rng.standard_normal(shape).astype(np.float32), size], dict(alpha=0.5, beta=0.75, k=1.0))
            run_case(torch, op, c, msg=f"lrn {shape} size={size}")


# -- linear specifics --------------------------------------------------------------------
def test_linear_mismatches(torch, rng):
    op = _op("linear")
    x = rng.standard_normal((4, 6)).astype(np.float32)
    w = rng.standard_normal((5, 6)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    cases = [
        (x, w[:, :5], b), (x, w, b[:4]), (x, w, b.reshape(1, 5)), (x, w, np.ones((), np.float32)),
        (x, w, np.ones((4, 5), np.float32)), (x, w, np.ones((3, 5), np.float32)), (x, w[None], b),
        (x, w[0], None), (x, np.ones((), np.float32), None), (np.ones((), np.float32), w, b),
        (x[:, :0], w[:, :0], b), (x[:0], w, b), (x, w[:0], b[:0]), (x, w.astype(np.float64), b),
        (x, w, b.astype(np.float64)), (x[0], w, b), (x.reshape(2, 2, 1, 6), w, b),
        (np.ones((0, 6), np.float32), np.ones((0, 6), np.float32), None),
    ]
    for args in cases:
        run_case(torch, op, Call(list(args)), msg=f"linear shapes {[np.shape(a) if a is not None else None for a in args]}")


def test_linear_huge_weight_views():
    op = _op("linear")
    x = np.ones((2, 3), np.float32)
    for wshape in [(2 ** 40, 3), (2 ** 50, 3), (3, 2 ** 40)]:
        w = _huge_view(wshape)
        r = _expect_clean(lambda: F.linear(x, w))
        assert r == "error"
    # in_features overflowing int32 with a zero batch: empty result, no crash
    x0 = _huge_view((0, 2 ** 31 + 5))
    w0 = _huge_view((2, 2 ** 31 + 5))
    _expect_clean(lambda: F.linear(x0, w0))


# -- softmax specifics -------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["softmax", "log_softmax", "softmin"])
def test_softmax_dims_and_slices(torch, fn, rng):
    op = opspec.Op(fn, fn, "softmax", lambda r, d, s: None, ())
    _need(op)
    for shape in [(), (1,), (0,), (3, 0), (0, 3), (1, 1, 1), (2, 1, 3), (3, 4, 5), (2, 3, 4, 5)]:
        x = np.asarray(rng.standard_normal(shape)).astype(np.float32)
        for dim in range(-max(len(shape), 1), max(len(shape), 1)):
            run_case(torch, op, Call([x], dict(dim=dim)), msg=f"{fn} {shape} dim={dim}")
        run_case(torch, op, Call([x], dict(dim=None)), msg=f"{fn} {shape} dim=None")
    x = rng.standard_normal((3, 4)).astype(np.float32)
    run_case(torch, op, Call([x], dict(dim=1, dtype=np.float64)), Call([x], dict(dim=1, dtype=torch.float64)),
             msg=f"{fn} dtype=float64", dtype=np.float64, allow_exc=(TypeError,))


# -- every op exists in the registry ----------------------------------------------------
def test_registry_covers_every_functional_op():
    missing = opspec.uncovered()
    assert not missing, f"cnnops.functional ops without adversarial coverage: {missing}"


# -- findings: each test below failed when written (see the robustness report) --------------
def test_finding_bigendian_float32_softmax(torch):
    """FINDING 1 (softmax family): a big-endian float32 input ('>f4') raises
    ValueError("Buffer dtype mismatch, expected 'const double' but got 'float'").
    _validation.as_float_array returns ``a.astype(dt.newbyteorder('='))``, whose
    dtype equals but is not *identical to* F32, and functional/_softmax.py picks
    the kernel with ``x.dtype is F32``."""
    for fn in ("softmax", "log_softmax", "softmin"):
        if not hasattr(F, fn):
            continue
        x = np.linspace(-2, 2, 12, dtype=np.float32).reshape(3, 4)
        got = getattr(F, fn)(x.astype(">f4"), dim=1)
        ref = getattr(torch.nn.functional, fn)(torch.from_numpy(x), dim=1).numpy()
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-7)
        assert got.dtype == np.float32


def test_finding_output_size_overflow_error_class(torch):
    """FINDING 2 (new_output / pooling): an output whose byte size overflows
    int64 raises NumPy's ValueError ('array is too big...' or 'Maximum allowed
    dimension exceeded'); PyTorch raises RuntimeError ('numel: integer
    multiplication overflow' / 'Storage size calculation overflowed')."""
    x = np.ones((1, 1, 2, 2), np.float32)
    cases = [("adaptive_avg_pool2d", dict(output_size=(2 ** 31 - 1, 2 ** 31 - 1))),
             ("adaptive_max_pool2d", dict(output_size=(2 ** 33, 2 ** 33))),
             ("max_unpool2d", dict(kernel_size=2, stride=2 ** 31 - 1))]
    for fn, kw in cases:
        if not hasattr(F, fn):
            continue
        args = [x] + ([np.zeros(x.shape, np.int64)] if fn == "max_unpool2d" else [])
        with pytest.raises(RuntimeError):
            getattr(F, fn)(*args, **kw)


def test_finding_pool_stride_beyond_int32(torch):
    """FINDING 3 (pooling): strides above 2**31-1 are valid in PyTorch (one
    window) but rejected by the C core's CNN_POOL_MAX_PARAM cap with the
    generic RuntimeError('max_pool2d: invalid argument (cnnops status 1)')."""
    x = np.arange(6, dtype=np.float32).reshape(1, 2, 3)
    for s in (2 ** 31, 2 ** 40):
        ref = torch.nn.functional.max_pool1d(torch.from_numpy(x), 2, stride=s).numpy()
        np.testing.assert_array_equal(F.max_pool1d(x, 2, stride=s), ref)


def test_inplace_on_empty_zero_stride_array(torch):
    """(Fuzzer hit, fixed meanwhile in _validation.check_inplace.) An EMPTY array with a zero stride
    is refused for in-place ops ('more than one element ... refers to a single
    memory location'); it has no element at all, and PyTorch accepts it."""
    x = np.empty((3, 0), np.float32)
    x = as_strided(x, (3, 0), (0, 4))
    assert F.relu(x, inplace=True) is x


def test_finding_int_parameters_beyond_int64(torch):
    """FINDING 5 (all families, low severity): integer parameters outside int64
    (e.g. dim=2**64, kernel_size=2**63) make PyTorch raise ValueError ('Overflow
    when unpacking long long') or TypeError (inside a tuple); cnnops raises
    IndexError / RuntimeError / OverflowError depending on the op."""
    x = np.ones((2, 3, 8), np.float32)
    cases = [("softmax", dict(dim=2 ** 64)), ("max_pool1d", dict(kernel_size=2 ** 63)),
             ("avg_pool1d", dict(kernel_size=3, stride=2 ** 63)), ("max_pool1d", dict(kernel_size=3, stride=2 ** 64))]
    bad = []
    for fn, kw in cases:
        op = opspec.Op(fn, fn, "", lambda r, d, s: None, ())
        if not op.present:
            continue
        try:
            run_case(torch, op, Call([x], dict(kw)), msg=f"{fn} {kw}", isolate_ref=True)
        except AssertionError as e:
            bad.append(str(e)[:200])
    assert not bad, "\n".join(bad)


def test_finding_float_parameters_not_representable(torch):
    """FINDING 6 (activations, normalize; low severity): a float32 input with a
    parameter that does not fit float32 (negative_slope/alpha/beta=1e308) or an
    infinite rrelu bound: PyTorch raises RuntimeError ('value cannot be
    converted to type float without overflow' / 'rrelu: upper bound must be
    finite'); cnnops computes with it."""
    x = np.linspace(-2, 2, 8, dtype=np.float32)
    cases = [("leaky_relu", dict(negative_slope=1e308)), ("elu", dict(alpha=1e308)),
             ("softplus", dict(beta=1e308)), ("rrelu", dict(lower=0.1, upper=math.inf))]
    bad = []
    for fn, kw in cases:
        op = opspec.Op(fn, fn, "", lambda r, d, s: None, ())
        if not op.present:
            continue
        try:
            run_case(torch, op, Call([x], dict(kw)), msg=f"{fn} {kw}")
        except AssertionError as e:
            bad.append(str(e)[:200])
    assert not bad, "\n".join(bad)


def test_finding_linear_1d_input_2d_bias(torch):
    """FINDING 7 (linear): a 1-D input with a (1, out) bias: PyTorch broadcasts
    to a (1, out) result; cnnops raises RuntimeError("output with shape [4]
    doesn't match the broadcast shape [1, 4]")."""
    op = _op("linear")
    rng = np.random.default_rng(0)
    x = rng.standard_normal(7).astype(np.float32)
    w = rng.standard_normal((4, 7)).astype(np.float32)
    b = rng.standard_normal((1, 4)).astype(np.float32)
    run_case(torch, op, Call([x, w, b]), msg="linear 1-D input, (1,out) bias")


def test_finding_misaligned_float32_reaches_gemm_kernels():
    """FINDING 8 (linear/gemm; found by UBSan): a float32 view at byte offset 1
    of a uint8 buffer is C-contiguous with dtype float32, so the Python layer
    passes it through uncopied and the GEMM kernels load floats from a
    misaligned address (UBSan: 'csrc/gemm/dot-simd.inc:114: load of misaligned
    address ... for type const float', also gemm-driver.inc:118).  Works on
    x86 today, but it is undefined behaviour (an aligned vector load would
    fault).  Fix: copy when ``not a.flags.aligned`` (e.g. in
    _validation.as_contiguous_float and gemm's stride path).  This test checks
    the result only; run it under tests/sanitize/run_python_suite.sh to see
    the UB report."""
    if not hasattr(F, "linear"):
        pytest.skip("linear not present")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 33)).astype(np.float32)
    w = rng.standard_normal((7, 33)).astype(np.float32)
    xm, wm = _misaligned(x), _misaligned(w)
    np.testing.assert_allclose(F.linear(xm, wm), x @ w.T, rtol=1e-5, atol=1e-5)
    import cnnops.functional as CF
    from cnnops import _validation
    # the Python layer must not hand misaligned buffers to C
    assert _validation.as_contiguous_float(xm).flags.aligned
