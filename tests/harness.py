"""Reference-test harness: compare cnnops against PyTorch.

Typical use in a test module::

    from harness import check_op, layouts, assert_same_error

    def test_relu(torch, isa):
        check_op(F.relu, torch.nn.functional.relu, [x])

``check_op`` runs the cnnops function on every memory layout of the inputs
(contiguous, Fortran-ordered, non-contiguous, negative-stride, read-only),
runs PyTorch on a float64 copy as the reference, and compares with
dtype-appropriate tolerances; it also checks the output dtype and shape.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pytest

import cnnops

# float32 results are compared to a float64 reference (the bar),
# float64 results to 1e-12 relative.
TOL = {
    np.dtype(np.float32): dict(rtol=1e-6, atol=1e-7),
    np.dtype(np.float64): dict(rtol=1e-12, atol=1e-14),
}


def require_torch():
    """Import torch, or skip (fail under CNNOPS_REQUIRE_TORCH=1)."""
    try:
        import torch
    except ImportError:
        if os.environ.get("CNNOPS_REQUIRE_TORCH") == "1":
            pytest.fail("torch is required (CNNOPS_REQUIRE_TORCH=1) but is not installed")
        pytest.skip("torch not installed", allow_module_level=True)
    torch.set_num_threads(1)
    return torch


def to_torch(a: Any, dtype: Any = None):
    torch = require_torch()
    arr = np.array(a, copy=True)
    if dtype is not None:
        arr = arr.astype(dtype)
    return torch.from_numpy(np.ascontiguousarray(arr)) if arr.ndim else torch.tensor(arr)


def to_numpy(t: Any) -> np.ndarray:
    return t.detach().cpu().numpy()


def layouts(x: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(name, array)`` views that hold the same values as ``x`` in
    different memory layouts."""
    yield "contiguous", np.ascontiguousarray(x) if x.ndim else x.copy()
    if x.ndim >= 2:
        yield "fortran", np.asfortranarray(x)
    if x.ndim >= 1 and x.size:
        big = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), x.dtype)
        big[..., ::2] = x
        yield "strided", big[..., ::2]
        yield "negative-stride", np.ascontiguousarray(x[..., ::-1])[..., ::-1]
    ro = x.copy()
    ro.setflags(write=False)
    yield "read-only", ro


def assert_close(actual: np.ndarray, expected: np.ndarray, dtype: Any = None, *,
                 rtol: float | None = None, atol: float | None = None, msg: str = "") -> None:
    """Values equal within the dtype tolerance; NaN where NaN; same shape."""
    dtype = np.dtype(dtype or actual.dtype)
    tol = dict(TOL.get(dtype, TOL[np.dtype(np.float32)]))
    if rtol is not None:
        tol["rtol"] = rtol
    if atol is not None:
        tol["atol"] = atol
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, f"{msg} shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual.astype(np.float64), expected.astype(np.float64),
                               equal_nan=True, err_msg=msg, **tol)


def assert_bitwise_equal(a: np.ndarray, b: np.ndarray, msg: str = "") -> None:
    """Identical bits (NaN payloads and signed zeros included)."""
    a = np.ascontiguousarray(a)
    b = np.ascontiguousarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype, msg
    assert a.tobytes() == b.tobytes(), f"{msg}: results differ bitwise"


def check_op(cnn_fn: Callable[..., Any], torch_fn: Callable[..., Any], inputs: Sequence[np.ndarray],
             kwargs: dict | None = None, torch_kwargs: dict | None = None, *,
             rtol: float | None = None, atol: float | None = None,
             all_layouts: bool = True, exact_dtype_reference: bool = False) -> np.ndarray:
    """Compare ``cnn_fn(*inputs, **kwargs)`` with torch's result.

    The reference is ``torch_fn`` on float64 copies of the inputs (or on
    inputs of their own dtype with ``exact_dtype_reference=True``).  With
    ``all_layouts`` the first input is tried in every layout of
    :func:`layouts`, and the inputs are checked to be unchanged.
    Returns the contiguous-layout result.
    """
    kwargs = kwargs or {}
    torch_kwargs = kwargs if torch_kwargs is None else torch_kwargs
    x0 = np.asarray(inputs[0])
    dtype = x0.dtype if x0.dtype.kind == "f" else np.dtype(np.float32)
    ref_dtype = dtype if exact_dtype_reference else np.float64
    ref = torch_fn(*[to_torch(a, ref_dtype) for a in inputs], **torch_kwargs)
    ref = to_numpy(ref)
    first = None
    variants = layouts(x0) if all_layouts else iter([("contiguous", x0)])
    for name, xv in variants:
        before = xv.copy()
        out = cnn_fn(xv, *inputs[1:], **kwargs)
        assert isinstance(out, np.ndarray), f"{name}: result is {type(out)}"
        assert out.dtype == dtype, f"{name}: dtype {out.dtype} != {dtype}"
        assert_close(out, ref, dtype, rtol=rtol, atol=atol, msg=f"[{name} {dtype}]")
        np.testing.assert_array_equal(xv, before, err_msg=f"{name}: input was modified")
        if first is None:
            first = out
    return first


def assert_same_error(cnn_call: Callable[[], Any], torch_call: Callable[[], Any] | None = None, *,
                      exc: type[BaseException] | None = None, match: str | None = None,
                      same_message: bool = False) -> BaseException:
    """cnnops raises the exception class PyTorch raises (or ``exc``).

    With ``same_message`` the messages must be equal (PyTorch's C++ suffix
    " (Triggered internally at ...)" and line breaks aside); ``match`` is a
    regex the cnnops message must match.
    """
    import re

    expected_type = exc
    torch_msg = None
    if torch_call is not None:
        require_torch()
        try:
            torch_call()
        except Exception as e:  # noqa: BLE001
            torch_msg = str(e)
            if expected_type is None:
                expected_type = type(e)
        else:
            raise AssertionError("torch did not raise")
    assert expected_type is not None
    with pytest.raises(expected_type) as info:
        cnn_call()
    got = str(info.value)
    if match is not None:
        assert re.search(match, got), f"message {got!r} does not match {match!r}"
    if same_message and torch_msg is not None:
        norm = lambda s: s.split("\nException raised from")[0].split(" (Triggered internally")[0].strip()
        assert norm(got) == norm(torch_msg), f"message {got!r} != torch's {torch_msg!r}"
    return info.value


def assert_repr_equal(cnn_module: Any, torch_module: Any) -> None:
    assert repr(cnn_module) == repr(torch_module)


def assert_thread_invariant(fn: Callable[[], Any], threads: Sequence[int] = (1, 2, 3, 4)) -> None:
    """``fn()`` gives bitwise-identical results for every thread count."""
    results = []
    for n in threads:
        with cnnops.num_threads(n):
            out = fn()
        results.append(out if isinstance(out, tuple) else (out,))
    for n, res in zip(threads[1:], results[1:]):
        for a, b in zip(results[0], res):
            assert_bitwise_equal(np.asarray(a), np.asarray(b), msg=f"threads={n}")


# hypothesis helpers --------------------------------------------------------
try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp

    def shapes(min_dims: int = 0, max_dims: int = 4, min_side: int = 0, max_side: int = 9):
        return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)

    def float_arrays(dtype: Any, shape: Any, lo: float = -100, hi: float = 100, allow_special: bool = False):
        elements = (st.floats(allow_nan=True, allow_infinity=True, width=np.dtype(dtype).itemsize * 8)
                    if allow_special else
                    st.floats(lo, hi, allow_nan=False, allow_infinity=False, width=np.dtype(dtype).itemsize * 8))
        return hnp.arrays(dtype, shape, elements=elements)
except ImportError:  # pragma: no cover
    pass
