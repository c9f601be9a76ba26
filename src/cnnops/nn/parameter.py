"""Parameter: an ndarray that a Module registers as learnable."""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["Parameter"]


class Parameter(np.ndarray):
    r"""An array that is a module parameter, as ``torch.nn.Parameter``.

    Assigning a ``Parameter`` to a :class:`~cnnops.nn.Module` attribute
    registers it, so it appears in :meth:`~cnnops.nn.Module.parameters` and
    ``state_dict()``.  It is a ``numpy.ndarray`` subclass (float32 or
    float64) with a ``grad`` slot; arithmetic on it returns plain ndarrays.

    Args:
        data (array_like): initial values (copied only if not already a
            float array).
        requires_grad (bool): whether the parameter is learnable. Default: ``True``

    Example::

        >>> p = cnnops.nn.Parameter(np.zeros(3, np.float32))
        >>> p.shape, p.grad
        ((3,), None)
    """

    grad: np.ndarray | None
    requires_grad: bool

    def __new__(cls, data: Any = None, requires_grad: bool = True) -> "Parameter":
        arr = np.empty(0, np.float32) if data is None else np.asarray(data)
        if arr.dtype.kind in "iub":
            arr = arr.astype(np.float32)
        obj = np.ascontiguousarray(arr).view(cls) if arr.ndim else arr.copy().view(cls)
        obj.grad = None
        obj.requires_grad = bool(requires_grad)
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        self.grad = getattr(obj, "grad", None) if isinstance(obj, Parameter) and obj is not self else None
        self.requires_grad = getattr(obj, "requires_grad", True)

    def __array_wrap__(self, obj: Any, context: Any = None, return_scalar: bool = False) -> Any:
        # Results of arithmetic are plain arrays (p * 2 is not a parameter),
        # but in-place ufuncs (p += 1) keep returning the parameter itself.
        if obj is self:
            return self
        out = np.ndarray.__array_wrap__(self, obj, context, return_scalar)
        if isinstance(out, Parameter):
            out = out.view(np.ndarray)
        return out

    def __reduce__(self):  # pickling keeps requires_grad
        return (Parameter, (np.asarray(self).copy(), self.requires_grad))

    def __repr__(self) -> str:
        return "Parameter containing:\n" + repr(np.asarray(self))
