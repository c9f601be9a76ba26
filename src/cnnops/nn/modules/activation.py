"""Activation modules (thin wrappers over cnnops.functional)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ... import functional as F
from .module import Module

__all__ = ["ReLU"]


class ReLU(Module):
    r"""Applies the rectified linear unit function element-wise.

    :math:`\text{ReLU}(x) = (x)^+ = \max(0, x)`

    Args:
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`, any number of dimensions.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = cnnops.nn.ReLU()
        >>> m(np.array([[1, -0.5], [-1, 3]], np.float32))
        array([[1., 0.],
               [0., 3.]], dtype=float32)
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""
