"""Linear modules (thin wrappers over cnnops.functional)."""
from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ... import _linear as _C
from ... import functional as F
from ..._validation import new_output
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Linear", "Flatten"]

_F64 = np.dtype(np.float64)


def _dropped() -> None:
    return None


class _PackedWeight:
    """A Linear weight packed for inference (see :func:`cnnops.nn.utils.freeze`).

    Holds the read-only weight it was packed from (the module's forward uses
    the pack only while that very array is its weight) and the pack: panels
    of 64 bytes per input feature (cnnops/linear.h), 64-byte aligned.
    Copies and pickles of a module drop the pack (the copy's weight is a
    fresh, writable array that the pack would not follow).
    """

    __slots__ = ("weight", "data")

    def __init__(self, weight: np.ndarray) -> None:
        n, k = weight.shape
        dt = weight.dtype
        size = _C.linear_packed_size(k, n, dt == _F64)
        raw = np.empty(size + 64 // dt.itemsize, dt)
        off = (-raw.ctypes.data % 64) // dt.itemsize
        data = raw[off:off + size]
        _C.linear_pack(weight, data)
        data.flags.writeable = False
        self.weight = weight
        self.data = data

    def __deepcopy__(self, memo: dict) -> None:
        return None

    def __reduce__(self) -> tuple:
        return (_dropped, ())

    def forward(self, input: Any, bias: Any) -> np.ndarray | None:
        """The packed forward for the common cases (input of the weight's
        dtype with the in_features last, a 1-D bias or none); ``None`` for
        anything else, which the caller sends to ``F.linear`` (same checks
        and errors as an unfrozen layer)."""
        w = self.weight
        if not isinstance(input, np.ndarray) or input.dtype is not w.dtype or input.ndim == 0:
            return None
        n, k = w.shape
        if input.shape[-1] != k or not (bias is None or (
                isinstance(bias, np.ndarray) and bias.dtype is w.dtype and bias.shape == (n,))):
            return None
        lead = input.shape[:-1]
        x = input if input.ndim == 2 else input.reshape(math.prod(lead), k)
        it = x.itemsize
        if not (x.dtype.isnative and x.flags.aligned and x.strides[0] % it == 0
                and x.strides[1] % it == 0):
            x = np.ascontiguousarray(x)
        if bias is not None and not (bias.flags.c_contiguous and bias.flags.aligned):
            bias = np.ascontiguousarray(bias)
        y = new_output((x.shape[0], n), w.dtype)
        _C.linear_fwd_packed(x, self.data, n, bias, y)
        return y if input.ndim == 2 else y.reshape(lead + (n,))


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
    thread count).  For inference, :func:`cnnops.nn.utils.freeze` packs the
    weight once (read-only from then on), so small batches no longer stream
    it row by row: what ONNX Runtime does with a constant weight.

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
        self._packed: _PackedWeight | None = None  # set by cnnops.nn.utils.freeze
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
        pk = self.__dict__.get("_packed")
        if pk is not None:
            if p["weight"] is pk.weight:
                y = pk.forward(input, p["bias"])
                if y is not None:
                    return y
            else:  # the weight was replaced since freeze(): the pack is stale
                self._packed = None
        return F.linear(input, p["weight"], p["bias"])

    @property
    def frozen(self) -> bool:
        """Whether the forward runs from a packed weight (:func:`cnnops.nn.utils.freeze`)."""
        pk = self.__dict__.get("_packed")
        return pk is not None and self._parameters["weight"] is pk.weight

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
