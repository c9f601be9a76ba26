"""Accuracy of csrc/internal/vmath.h over the whole floating-point range.

The raw functions (scalar, AVX2 and AVX-512 forms) are evaluated through the
bridge's test hook ``cnnops._activation.vmath_eval`` on a sweep that covers
every binade (float32: every 4093rd bit pattern, i.e. ~1M values incl.
denormals, overflow/underflow edges and NaN payloads; float64: random bit
patterns plus dense ranges), and compared with NumPy in extended precision
(``np.longdouble``; erf with ``math.erf``).  ``pytest -s`` prints the worst
error per function in ulps.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from cnnops import _activation as C
from cnnops import _runtime

# every form this CPU can run (independent of CNNOPS_FORCE_ISA: the hook
# calls the forms directly)
ISAS = list(range(["scalar", "avx2", "avx512"].index(_runtime.cpu_max_isa()) + 1))

# worst error allowed, in ulps of the result's dtype (measured worst: see -s)
MAX_ULP = {
    ("exp", "float32"): 1.5, ("exp", "float64"): 1.5,
    ("log", "float32"): 1.5, ("log", "float64"): 1.5,
    ("expm1", "float32"): 2.5, ("expm1", "float64"): 2.5,
    ("log1p", "float32"): 2.5, ("log1p", "float64"): 2.5,
    ("tanh", "float32"): 3.5, ("tanh", "float64"): 3.5,
    ("erf", "float32"): 1.5, ("erf", "float64"): 256,  # 256 ulp = 3e-14 relative
}

SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, 2.0, 1e-45, -1e-45, 1e-40,
           1.1754944e-38, 88.72283, 88.72284, 88.8, 89.0, -87.33655, -103.9720, -103.9721,
           -104.0, -150.0, 709.782712893384, 709.79, -708.39, -745.1332191019411, -745.14,
           -746.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e308, -1e308, -0.9999999, -1.0000001]


def sweep(dtype: np.dtype) -> np.ndarray:
    if dtype == np.float32:
        bits = np.arange(0, 2**32, 4093, dtype=np.uint64).astype(np.uint32)
        x = bits.view(np.float32)
    else:
        rng = np.random.default_rng(0)
        x = np.concatenate([
            rng.integers(0, 2**64, 400_000, dtype=np.uint64).view(np.float64),
            rng.uniform(-800, 800, 200_000), rng.uniform(-2, 2, 200_000),
            np.exp(rng.uniform(-745, 709, 150_000)), -np.exp(rng.uniform(-745, 5, 50_000)),
        ])
    with np.errstate(all="ignore"):
        return np.concatenate([x, np.array(SPECIAL, dtype)]).astype(dtype)


def reference(fn: str, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        if fn == "erf":
            return np.frompyfunc(lambda v: math.erf(float(v)), 1, 1)(x).astype(np.float64)
        xl = x.astype(np.longdouble)
        return {"exp": np.exp, "log": np.log, "expm1": np.expm1, "log1p": np.log1p,
                "tanh": np.tanh}[fn](xl)


def ulp_error(y: np.ndarray, ref: np.ndarray) -> np.ndarray:
    dt = y.dtype
    with np.errstate(all="ignore"):
        r = ref.astype(dt)
        fin = np.isfinite(r) & np.isfinite(y)
        sp = np.spacing(np.abs(r)).astype(np.longdouble)
        err = np.abs(y.astype(np.longdouble) - ref.astype(np.longdouble)) / sp
    return np.where(fin, err, 0).astype(np.float64)


_SWEEPS: dict = {}
WORST: dict = {}


def _data(fn: str, dtype: np.dtype):
    key = (fn, np.dtype(dtype).name)
    if key not in _SWEEPS:
        with np.errstate(over="ignore"):
            x = sweep(np.dtype(dtype))
        if fn == "erf":  # math.erf per element: use every 4th point
            with np.errstate(over="ignore"):
                x = np.concatenate([x[::4], np.array(SPECIAL, dtype)])
        _SWEEPS[key] = (x, reference(fn, x))
    return _SWEEPS[key]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("fn", C.VMATH_FUNCTIONS)
def test_accuracy_whole_range(fn, dtype):
    x, ref = _data(fn, dtype)
    with np.errstate(over="ignore"):
        refd = ref.astype(dtype)
    for isa in ISAS:
        y = np.empty_like(x)
        C.vmath_eval(fn, isa, x, y)
        err = ulp_error(y, ref)
        worst = float(err.max())
        WORST[(fn, np.dtype(dtype).name, isa)] = (worst, float(x[int(err.argmax())]))
        assert worst <= MAX_ULP[(fn, np.dtype(dtype).name)], (isa, worst, x[int(err.argmax())])
        # special values exactly: NaN where NaN, infinities, signed zeros
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(np.isnan(y), np.isnan(refd), err_msg=f"{fn} isa={isa} NaN")
            inf = np.isinf(refd)
            np.testing.assert_array_equal(y[inf], refd[inf], err_msg=f"{fn} isa={isa} inf")
            zero = refd == 0
            np.testing.assert_array_equal(np.signbit(y[zero]), np.signbit(refd[zero]),
                                          err_msg=f"{fn} isa={isa} signed zero")


def test_isas_agree_closely():
    """The three forms implement the same algorithm: results within 2 ulp."""
    rng = np.random.default_rng(1)
    x = rng.uniform(-50, 50, 100_003)
    for fn in C.VMATH_FUNCTIONS:
        xin = np.abs(x) if fn in ("log",) else x
        outs = []
        for isa in ISAS:
            y = np.empty_like(xin)
            C.vmath_eval(fn, isa, xin, y)
            outs.append(y)
        for y in outs[1:]:
            np.testing.assert_allclose(y, outs[0], rtol=9e-16, atol=1e-300, err_msg=fn)


def test_hook_errors():
    x = np.ones(3)
    with pytest.raises(ValueError):
        C.vmath_eval("sin", 0, x, x.copy())
    with pytest.raises(RuntimeError):
        C.vmath_eval("exp", 7, x, x.copy())


def test_report_worst_ulps(capsys):
    """Print the table (run with -s); it is the note's 'worst ulp per op'."""
    if not WORST:
        pytest.skip("run with the accuracy tests")
    names = ["scalar", "avx2", "avx512"]
    with capsys.disabled():
        print("\nvmath worst error (ulp) [at x]:")
        for (fn, dt, isa), (w, at) in sorted(WORST.items()):
            print(f"  {fn:6s} {dt:8s} {names[isa]:7s} {w:8.3f}  [x={at:.9g}]")
