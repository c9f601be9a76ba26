"""Softmax-family modules (thin wrappers over cnnops.functional)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ... import functional as F
from .module import Module

__all__ = ["Softmax", "LogSoftmax", "Softmin"]


class Softmax(Module):
    r"""Applies the softmax function to an n-dimensional input along ``dim``,
    rescaling each slice so its elements lie in [0, 1] and sum to 1.

    .. math::
        \text{Softmax}(x_i) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}

    computed stably as :math:`\exp(x_i - m) / \sum_j \exp(x_j - m)` with
    :math:`m = \max_j x_j`.  As in PyTorch, a slice that holds a NaN or a
    ``+inf``, or whose values are all ``-inf``, comes out as all NaN.

    Args:
        dim (int): the dimension along which softmax is computed (negative
            counts from the end).  ``None`` (the default, deprecated in
            PyTorch) picks dim 0 for 0-, 1- and 3-D inputs and dim 1
            otherwise, with a ``UserWarning`` on every call.

    Shape:
        - Input: :math:`(*)`, any number of dimensions.
        - Output: :math:`(*)`, same shape (and float dtype) as the input.

    Example::

        >>> m = cnnops.nn.Softmax(dim=0)
        >>> m(np.array([1, 2, 3, 4, 5], np.float32))
        array([0.01165623, 0.03168492, 0.08612854, 0.23412165, 0.6364086 ],
              dtype=float32)
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> np.ndarray:
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    r"""Applies :math:`\log(\text{Softmax}(x))` to an n-dimensional input
    along ``dim``.

    .. math::
        \text{LogSoftmax}(x_i) = \log\left(\frac{\exp(x_i)}{\sum_j \exp(x_j)}\right)
        = (x_i - m) - \log \sum_j \exp(x_j - m)

    ``-inf`` entries of an otherwise finite slice give ``-inf``; a slice with
    a NaN or a ``+inf``, or all ``-inf``, gives NaN.

    Args:
        dim (int): the dimension along which LogSoftmax is computed;
            ``None`` as in :class:`Softmax` (warns).

    Shape:
        - Input: :math:`(*)`, any number of dimensions.
        - Output: :math:`(*)`, same shape as the input, values in
          :math:`[-\infty, 0]`.

    Example::

        >>> m = cnnops.nn.LogSoftmax(dim=1)
        >>> m(np.array([[1.0, 2.0, 3.0]]))
        array([[-2.40760596, -1.40760596, -0.40760596]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> np.ndarray:
        return F.log_softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmin(Module):
    r"""Applies the softmin function to an n-dimensional input along ``dim``,
    rescaling each slice so its elements lie in [0, 1] and sum to 1.

    .. math::
        \text{Softmin}(x_i) = \frac{\exp(-x_i)}{\sum_j \exp(-x_j)} = \text{Softmax}(-x)_i

    Args:
        dim (int): the dimension along which Softmin is computed; ``None``
            as in :class:`Softmax` (warns).

    Shape:
        - Input: :math:`(*)`, any number of dimensions.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = cnnops.nn.Softmin(dim=1)
        >>> m(np.array([[1.0, 2.0, 3.0]]))
        array([[0.66524096, 0.24472847, 0.09003057]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> np.ndarray:
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
