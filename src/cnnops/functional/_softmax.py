"""Functional softmax family (see cnnops.nn.modules.softmax for the module forms)."""
from __future__ import annotations

import warnings
from math import prod
from typing import Any

import numpy as np

from .. import _softmax as _C
from .._validation import F32, F64, as_float_array, contiguous, new_output

__all__ = ["softmax", "log_softmax", "softmin"]


def _get_softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    """PyTorch's legacy implicit dim (``dim=None``): 0 for 0-, 1- and 3-D
    inputs, else 1; always warns."""
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. "
        "Change the call to include dim=X as an argument.",
        UserWarning,
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


def _as_dtype(dtype: Any, name: str) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name}(): dtype must be a NumPy float dtype, got {dtype!r}") from None
    if dt.kind == "f" and dt.itemsize == 4:
        return F32
    if dt.kind == "f" and dt.itemsize == 8:
        return F64
    raise TypeError(f"{name}(): dtype must be float32 or float64, got {dt}")


def _coerce(input: Any, dtype: Any, name: str) -> np.ndarray:
    """The slow path of _run: dtype= cast, dtype policy, C order."""
    x = input if type(input) is np.ndarray else np.asarray(input)
    if dtype is not None:
        # as PyTorch: the input is cast to `dtype` before the op
        dt = _as_dtype(dtype, name)
        if x.dtype.kind not in "fiub":
            as_float_array(x)  # raises cnnops' TypeError for complex/object/str
        if x.dtype != dt:
            x = x.astype(dt)
    elif not (x.dtype is F32 or x.dtype is F64):
        x = as_float_array(x)
    return contiguous(x)


def _dim_slow(name: str, dim: Any, nd: int, stacklevel: int) -> int:
    if dim is None:
        return _get_softmax_dim(name, nd, stacklevel + 1)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        # PyTorch's softmin is (-input).softmax(dim), hence its message
        op = "softmax" if name == "softmin" else name
        raise TypeError(
            f"{op}(): argument 'dim' (position 1) must be int, not {type(dim).__name__}"
        )
    return int(dim)


def _run(name: str, op: int, input: Any, dim: int | None, stacklevel: int,
         dtype: Any) -> np.ndarray:
    x = input
    if (type(x) is not np.ndarray or dtype is not None
            or not (x.dtype is F32 or x.dtype is F64) or not x.flags.c_contiguous
            or not x.flags.aligned):
        x = _coerce(input, dtype, name)
    shape = x.shape
    nd = len(shape)
    if type(dim) is not int:
        dim = _dim_slow(name, dim, nd, stacklevel + 1)
    lo, hi = (-1, 0) if nd == 0 else (-nd, nd - 1)
    if not lo <= dim <= hi:
        if not -(1 << 63) <= dim < (1 << 63):  # as PyTorch's int64 argument parser
            raise ValueError("Overflow when unpacking long long")
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})"
        )
    y = new_output(shape, x.dtype)
    if nd == 0:
        outer = n = inner = 1
    else:
        if dim < 0:
            dim += nd
        size = x.size
        if size == 0:
            return y
        n = shape[dim]
        if dim == nd - 1:
            outer, inner = size // n, 1
        else:
            inner = prod(shape[dim + 1:])
            outer = size // (n * inner)
    # by itemsize: a coerced array's dtype may equal F32 without being it
    (_C.fwd_f32 if x.dtype.itemsize == 4 else _C.fwd_f64)(op, x.reshape(-1), y.reshape(-1),
                                                          outer, n, inner)
    return y


def softmax(input: Any, dim: int | None = None, _stacklevel: int = 3,
            dtype: Any = None) -> np.ndarray:
    r"""softmax(input, dim=None, _stacklevel=3, dtype=None) -> ndarray

    Applies the softmax function along ``dim``:

    .. math::
        \text{Softmax}(x_i) = \frac{\exp(x_i - m)}{\sum_j \exp(x_j - m)},\quad m = \max_j x_j

    Each slice along ``dim`` sums to 1.  A slice that holds a NaN or a
    ``+inf``, or whose values are all ``-inf``, comes out as all NaN (as in
    PyTorch); ``-inf`` entries of an otherwise finite slice give 0.

    Args:
        input: array-like of any shape (0-d included).
        dim (int): the dimension to reduce (negative counts from the end).
            ``None`` picks PyTorch's legacy implicit dim (0 for 0-, 1- and
            3-D inputs, else 1) and emits a ``UserWarning``.
        dtype: ``numpy.float32`` or ``numpy.float64``; the input is cast to
            it before the operation (so an integer input can be computed in
            float64).  Default: the input's dtype (integers and bools become
            float32).

    See :class:`cnnops.nn.Softmax` for more details.

    Example::

        >>> cnnops.functional.softmax(np.array([1.0, 2.0, 3.0]), dim=0)
        array([0.09003057, 0.24472847, 0.66524096])
    """
    return _run("softmax", _C.OP_SOFTMAX, input, dim, _stacklevel, dtype)


def log_softmax(input: Any, dim: int | None = None, _stacklevel: int = 3,
                dtype: Any = None) -> np.ndarray:
    r"""log_softmax(input, dim=None, _stacklevel=3, dtype=None) -> ndarray

    Applies :math:`\log(\text{Softmax}(x))` along ``dim``, computed stably as

    .. math::
        \text{LogSoftmax}(x_i) = (x_i - m) - \log \sum_j \exp(x_j - m),\quad m = \max_j x_j

    ``-inf`` entries of an otherwise finite slice give ``-inf``; a slice with
    a NaN or a ``+inf``, or all ``-inf``, gives NaN.

    Args:
        input: array-like of any shape.
        dim (int): the dimension to reduce; ``None`` as in :func:`softmax`
            (warns).
        dtype: ``numpy.float32`` or ``numpy.float64`` to cast the input to
            before the operation.

    See :class:`cnnops.nn.LogSoftmax` for more details.

    Example::

        >>> cnnops.functional.log_softmax(np.array([1.0, 2.0, 3.0]), dim=0)
        array([-2.40760596, -1.40760596, -0.40760596])
    """
    return _run("log_softmax", _C.OP_LOG_SOFTMAX, input, dim, _stacklevel, dtype)


def softmin(input: Any, dim: int | None = None, _stacklevel: int = 3,
            dtype: Any = None) -> np.ndarray:
    r"""softmin(input, dim=None, _stacklevel=3, dtype=None) -> ndarray

    Applies :math:`\text{Softmin}(x) = \text{Softmax}(-x)` along ``dim``
    (without a negated copy of the input).  A slice with a NaN or a ``-inf``,
    or all ``+inf``, gives NaN.

    Args:
        input: array-like of any shape.
        dim (int): the dimension to reduce; ``None`` as in :func:`softmax`
            (warns).
        dtype: ``numpy.float32`` or ``numpy.float64`` to cast the input to
            before the operation.

    See :class:`cnnops.nn.Softmin` for more details.

    Example::

        >>> cnnops.functional.softmin(np.array([1.0, 2.0, 3.0]), dim=0)
        array([0.66524096, 0.24472847, 0.09003057])
    """
    return _run("softmin", _C.OP_SOFTMIN, input, dim, _stacklevel, dtype)
