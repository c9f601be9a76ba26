"""Linear modules (thin wrappers over cnnops.functional)."""
from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ... import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Linear", "Flatten"]


def _check_size(name: str, v: Any, pos: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise TypeError(
            f"empty(): argument 'size' failed to unpack the object at pos {pos} with error "
            f"\"type must be tuple of ints,but got {type(v).__name__}\""
        )
    return int(v)


class Linear(Module):
    r"""Applies an affine linear transformation to the incoming data:
    :math:`y = xA^T + b`.

    Runs on cnnops' own GEMM (packed, cache-blocked, AVX-512 / AVX2+FMA
    micro-kernels with a portable C fallback, OpenMP over output blocks; the
    bias is fused into the kernel's store; bitwise identical results for any
    thread count).

    Args:
        in_features (int): size of each input sample
        out_features (int): size of each output sample
        bias (bool): if ``False``, the layer will not learn an additive bias.
            Default: ``True``
        dtype: float32 (default) or float64 parameters.

    Shape:
        - Input: :math:`(*, H_{in})` where :math:`*` means any number of
          dimensions including none and :math:`H_{in} = \text{in\_features}`.
        - Output: :math:`(*, H_{out})` where all but the last dimension
          are the same shape as the input and :math:`H_{out} = \text{out\_features}`.

    Attributes:
        weight: the learnable weights of shape :math:`(\text{out\_features}, \text{in\_features})`,
            initialised from :math:`\mathcal{U}(-\sqrt{k}, \sqrt{k})` with
            :math:`k = \frac{1}{\text{in\_features}}` (PyTorch's
            ``kaiming_uniform_(a=sqrt(5))``), drawn from cnnops' generator
            (:func:`cnnops.manual_seed`).
        bias: the learnable bias of shape :math:`(\text{out\_features})`, from
            :math:`\mathcal{U}(-\sqrt{k}, \sqrt{k})`; ``None`` with ``bias=False``.

    Example::

        >>> m = cnnops.nn.Linear(20, 30)
        >>> m(np.random.randn(128, 20).astype(np.float32)).shape
        (128, 30)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 dtype: Any = np.float32) -> None:
        super().__init__()
        in_features = _check_size("in_features", in_features, 2)
        out_features = _check_size("out_features", out_features, 1)
        for v in (out_features, in_features):
            if v < 0:
                raise RuntimeError(
                    f"Trying to create tensor with negative dimension {v}: "
                    f"[{out_features}, {in_features}]"
                )
        dt = np.dtype(dtype)
        if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise TypeError(f"Linear: dtype must be float32 or float64, got {dt}")
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(np.empty((out_features, in_features), dt))
        if bias:
            self.bias = Parameter(np.empty(out_features, dt))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw weight and bias as PyTorch does (weight first, then bias)."""
        if self.weight.size == 0:
            warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=2)
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Any) -> np.ndarray:
        p = self._parameters  # (attribute lookup through Module.__getattr__ costs ~0.5 us each)
        return F.linear(input, p["weight"], p["bias"])

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Flatten(Module):
    r"""Flattens a contiguous range of dims into a tensor, as ``torch.nn.Flatten``.

    Args:
        start_dim (int): first dim to flatten. Default: 1
        end_dim (int): last dim to flatten. Default: -1

    Shape:
        - Input: :math:`(*, S_{\text{start}},..., S_{i}, ..., S_{\text{end}}, *)`.
        - Output: :math:`(*, \prod_{i=\text{start}}^{\text{end}} S_{i}, *)`.

    Example::

        >>> cnnops.nn.Flatten()(np.zeros((32, 1, 5, 5))).shape
        (32, 25)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Any) -> np.ndarray:
        return F.flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
