"""Functional activations (see :mod:`cnnops.nn.modules.activation` for modules)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import _activation as _C
from .._validation import as_contiguous_float, check_inplace, new_output

__all__ = ["relu"]


def _pointwise(input: Any, inplace: bool, kernel: Callable[..., None], op: str, *args: Any) -> np.ndarray:
    """Run a pointwise kernel ``kernel(x_flat, y_flat, *args)``.

    Out of place: a new C-contiguous array of the input's (policy) dtype.
    In place: the kernel writes into ``input`` itself (through a contiguous
    temporary if ``input`` is not C-contiguous) and ``input`` is returned.
    """
    if inplace:
        x = check_inplace(input, op)
        if x.flags.c_contiguous and x.dtype.isnative:
            if x.size:
                flat = x.reshape(-1)
                kernel(flat, flat, *args)
            return x
        tmp = as_contiguous_float(x).copy()
        if tmp.size:
            flat = tmp.reshape(-1)
            kernel(flat, flat, *args)
        x[...] = tmp
        return x
    x = as_contiguous_float(input)
    y = new_output(x.shape, x.dtype)
    if x.size:
        kernel(x.reshape(-1), y.reshape(-1), *args)
    return y


def relu(input: Any, inplace: bool = False) -> np.ndarray:
    r"""relu(input, inplace=False) -> ndarray

    Applies the rectified linear unit function element-wise,
    :math:`\text{ReLU}(x) = \max(0, x)` (NaN propagates, ``relu(-0.0)`` is ``-0.0``).

    Args:
        input: array-like of any shape.
        inplace (bool): write the result into ``input`` and return it.

    See :class:`cnnops.nn.ReLU` for more details.

    Example::

        >>> cnnops.functional.relu(np.array([-1.0, 2.0]))
        array([0., 2.])
    """
    return _pointwise(input, inplace, _C.relu_fwd, "relu")
