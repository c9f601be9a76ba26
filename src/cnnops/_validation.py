"""Input coercion and checks shared by every functional op.

Policy (README, "Inputs and dtypes"): anything array-like goes through
``np.asarray``; float32 and float64 keep their dtype; integer and bool inputs
become float32 (float16 too: the kernels have no half path); complex, object,
string and other dtypes raise ``TypeError``.  Kernels need C-contiguous native
byte order, so other layouts are copied once.
"""
from __future__ import annotations

from math import prod as _prod
from typing import Any

import numpy as np

from ._core import CACHE_MIN_BYTES as _CACHE_MIN
from ._core import empty_cached as _empty_cached

F32 = np.dtype(np.float32)
F64 = np.dtype(np.float64)
_SUPPORTED = "float32 and float64 (integer and bool inputs are converted to float32)"


def as_float_array(x: Any, name: str = "input") -> np.ndarray:
    """``np.asarray(x)`` with cnnops' dtype policy; layout untouched."""
    a = x if type(x) is np.ndarray else np.asarray(x)
    dt = a.dtype
    if dt is F32 or dt is F64:
        return a
    kind = dt.kind
    if kind == "f":
        if dt.itemsize in (4, 8):  # non-native byte order
            return a.astype(dt.newbyteorder("="))
        if dt.itemsize == 2:
            return a.astype(F32)
        raise TypeError(f"{name}: unsupported dtype {dt} (long double); cnnops supports {_SUPPORTED}")
    if kind in "iub":
        return a.astype(F32)
    raise TypeError(f"{name}: unsupported dtype {dt}; cnnops supports {_SUPPORTED}")


def contiguous(a: np.ndarray) -> np.ndarray:
    """``a`` itself if C-contiguous and aligned, else a C-ordered copy (keeps
    0-d as 0-d).  Misaligned data (e.g. a float32 view at an odd byte offset)
    is copied: the C kernels may assume naturally aligned elements."""
    return a if a.flags.c_contiguous and a.flags.aligned else a.copy(order="C")


def as_contiguous_float(x: Any, name: str = "input") -> np.ndarray:
    """as_float_array + contiguous: what kernels take."""
    a = x if type(x) is np.ndarray else np.asarray(x)
    if (a.dtype is F32 or a.dtype is F64) and a.flags.c_contiguous and a.flags.aligned:
        return a
    return contiguous(as_float_array(a, name))


def check_inplace(x: Any, op: str) -> np.ndarray:
    """Check that ``x`` can be written in place and return it.

    PyTorch's in-place ops mutate and return the given tensor; here that
    requires a writeable float32/float64 ``numpy.ndarray`` without
    self-overlapping (stride-0) dimensions.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{op}(): inplace=True needs a numpy.ndarray, got {type(x).__name__}")
    dt = x.dtype
    if not (dt.kind == "f" and dt.itemsize in (4, 8)):
        if dt.kind in "iub":
            raise RuntimeError(
                f"{op}(): result type Float can't be cast to the desired output type {dt}"
            )
        raise TypeError(f"{op}(): unsupported dtype {dt}; cnnops supports {_SUPPORTED}")
    if not x.flags.writeable:
        raise ValueError(f"{op}(): inplace=True on a read-only array; pass a writeable array or inplace=False")
    # (an empty array may carry zero strides without overlapping anything)
    if x.size and any(s == 0 and n > 1 for s, n in zip(x.strides, x.shape)):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation."
        )
    return x


def is_int(v: Any) -> bool:
    """A Python or NumPy integer that is not a bool (PyTorch's int arguments)."""
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def normalize_dim(dim: int, ndim: int) -> int:
    """Wrap a possibly negative dim as PyTorch does (0-d tensors accept 0 and -1)."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"dim must be int, not {type(dim).__name__}")
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not lo <= dim <= hi:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})"
        )
    return int(dim) % max(ndim, 1)


def new_output(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """Allocate an uninitialised C-ordered output array.

    Every op allocates its results through this function, so the allocation
    policy lives in one place: outputs of at least ``_core.CACHE_MIN_BYTES``
    come from the buffer cache (pages of a freed output are reused without
    page faults; see README "Memory"), smaller ones from plain ``np.empty``.
    """
    dt = dtype if isinstance(dtype, np.dtype) else np.dtype(dtype)
    nbytes = dt.itemsize * _prod(shape)
    if nbytes < _CACHE_MIN:
        return np.empty(shape, dt)
    if nbytes >= 1 << 63:
        # PyTorch's class and wording; NumPy would raise ValueError("array is too big")
        raise RuntimeError(
            f"Storage size calculation overflowed with sizes={list(shape)} ({dt} output)"
        )
    return _empty_cached(shape, dt)
