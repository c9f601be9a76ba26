"""Pooling modules (thin wrappers over cnnops.functional).

Constructor arguments are stored exactly as PyTorch stores them (MaxPool*d
and AvgPool2d keep them as given, AvgPool1d and MaxUnpool*d as tuples), so
``repr`` prints character for character what PyTorch prints.
"""
from __future__ import annotations

import collections.abc
from typing import Any, Optional, Sequence, Union

import numpy as np

from ... import functional as F
from .module import Module

__all__ = [
    "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "MaxUnpool1d", "MaxUnpool2d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
]

_IntOrSeq = Union[int, Sequence[int]]


def _ntuple(x: Any, n: int) -> tuple:
    if isinstance(x, collections.abc.Iterable):
        return tuple(x)
    return (x,) * n


class _MaxPoolNd(Module):
    def __init__(self, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
                 padding: _IntOrSeq = 0, dilation: _IntOrSeq = 1, return_indices: bool = False,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    r"""1-D max pooling over an input of shape :math:`(N, C, L)` or :math:`(C, L)`.

    .. math::
        out(N_i, C_j, k) = \max_{m=0,\ldots,\text{kernel\_size}-1}
            input(N_i, C_j, \text{stride} \times k + \text{dilation} \times m - \text{padding})

    Out-of-range (padding) positions never win; NaN propagates (the index of
    the last NaN in the window is returned); ties keep the first index.

    Args:
        kernel_size: window size.
        stride: window stride. Default: ``kernel_size``
        padding: implicit -inf padding on both sides, at most ``kernel_size // 2``. Default: 0
        dilation: spacing between window elements. Default: 1
        return_indices: also return the argmax indices (for :class:`MaxUnpool1d`). Default: ``False``
        ceil_mode: round the output size up (the last window must start inside the input
            or the left padding). Default: ``False``

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`.
        - Output: :math:`(N, C, L_{out})` or :math:`(C, L_{out})`, with
          :math:`L_{out} = \left\lfloor \frac{L_{in} + 2p - d(k-1) - 1}{s} + 1 \right\rfloor`
          (ceil in ceil_mode).

    Example::

        >>> m = cnnops.nn.MaxPool1d(3, stride=2)
        >>> m(np.random.randn(20, 16, 50).astype(np.float32)).shape
        (20, 16, 24)
    """

    def forward(self, input: Any) -> Any:
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool2d(_MaxPoolNd):
    r"""2-D max pooling over an input of shape :math:`(N, C, H, W)` or :math:`(C, H, W)`.

    .. math::
        out(N_i, C_j, h, w) = \max_{m, n} input(N_i, C_j, s_0 h + d_0 m - p_0, s_1 w + d_1 n - p_1)

    Out-of-range (padding) positions never win; NaN propagates (the index of
    the last NaN in row-major window order is returned); ties keep the first
    index.  Indices are int64 flat offsets ``h * W + w`` within each input
    plane, exactly PyTorch's, so :class:`MaxUnpool2d` (ours or PyTorch's)
    accepts them.

    Args:
        kernel_size: window size, an int or ``(kH, kW)``.
        stride: window stride. Default: ``kernel_size``
        padding: implicit -inf padding, at most half the kernel. Default: 0
        dilation: spacing between window elements. Default: 1
        return_indices: also return the argmax indices. Default: ``False``
        ceil_mode: round the output size up. Default: ``False``

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`(N, C, H_{out}, W_{out})` or :math:`(C, H_{out}, W_{out})`, with
          :math:`H_{out} = \left\lfloor \frac{H_{in} + 2p_0 - d_0(k_0-1) - 1}{s_0} + 1 \right\rfloor`
          (ceil in ceil_mode, the same for W).

    Example::

        >>> m = cnnops.nn.MaxPool2d((2, 2), stride=(2, 2))
        >>> m(np.zeros((1, 3, 512, 512), np.float32)).shape
        (1, 3, 256, 256)
    """

    def forward(self, input: Any) -> Any:
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class _AvgPoolNd(Module):
    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    r"""1-D average pooling over an input of shape :math:`(N, C, L)` or :math:`(C, L)`.

    .. math::
        out(N_i, C_j, l) = \frac{1}{k} \sum_{m=0}^{k-1} input(N_i, C_j, s l + m - p)

    Args:
        kernel_size: window size.
        stride: window stride. Default: ``kernel_size``
        padding: implicit zero padding on both sides, at most ``kernel_size // 2``. Default: 0
        ceil_mode: round the output size up. Default: ``False``
        count_include_pad: count the zero padding in the divisor. Default: ``True``

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`.
        - Output: :math:`(N, C, L_{out})` or :math:`(C, L_{out})`,
          :math:`L_{out} = \left\lfloor \frac{L_{in} + 2p - k}{s} + 1 \right\rfloor`.

    Example::

        >>> m = cnnops.nn.AvgPool1d(3, stride=2)
        >>> m(np.array([[[1., 2, 3, 4, 5, 6, 7]]]))
        array([[[2., 4., 6.]]])
    """

    def __init__(self, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
                 padding: _IntOrSeq = 0, ceil_mode: bool = False,
                 count_include_pad: bool = True) -> None:
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, 1)
        self.stride = _ntuple(stride if stride is not None else kernel_size, 1)
        self.padding = _ntuple(padding, 1)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input: Any) -> np.ndarray:
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


class AvgPool2d(_AvgPoolNd):
    r"""2-D average pooling over an input of shape :math:`(N, C, H, W)` or :math:`(C, H, W)`.

    .. math::
        out(N_i, C_j, h, w) = \frac{1}{\text{divisor}} \sum_{m=0}^{k_H-1} \sum_{n=0}^{k_W-1}
            input(N_i, C_j, s_0 h + m - p_0, s_1 w + n - p_1)

    The divisor is ``divisor_override`` if given, else the window area clipped
    to the padded input (``count_include_pad=True``; a ceil-mode overhang past
    the padding is not counted) or to the input itself.

    Args:
        kernel_size: window size, an int or ``(kH, kW)``.
        stride: window stride. Default: ``kernel_size``
        padding: implicit zero padding, at most half the kernel. Default: 0
        ceil_mode: round the output size up. Default: ``False``
        count_include_pad: count the zero padding in the divisor. Default: ``True``
        divisor_override: a fixed divisor (non-zero; negative allowed). Default: ``None``

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`(N, C, H_{out}, W_{out})` or :math:`(C, H_{out}, W_{out})`, with
          :math:`H_{out} = \left\lfloor \frac{H_{in} + 2p_0 - k_0}{s_0} + 1 \right\rfloor`.

    Example::

        >>> m = cnnops.nn.AvgPool2d((2, 2), stride=(2, 2), divisor_override=3)
        >>> m(np.ones((1, 1, 4, 4), np.float32))
        array([[[[1.3333334, 1.3333334],
                 [1.3333334, 1.3333334]]]], dtype=float32)
    """

    def __init__(self, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
                 padding: _IntOrSeq = 0, ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: Optional[int] = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> np.ndarray:
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class _MaxUnpoolNd(Module):
    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    r"""Partial inverse of :class:`MaxPool1d`: zeros, with each input value put at its index.

    Args:
        kernel_size: window size of the max pooling.
        stride: its stride. Default: ``kernel_size``
        padding: its padding. Default: 0

    Call ``m(input, indices, output_size=None)``; ``output_size`` (``[L]`` or
    ``[N, C, L]``) resolves the ambiguous length, e.g. ``output_size=x.shape``.

    Shape:
        - Input and indices: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`.
        - Output: :math:`(N, C, L_{out})`, :math:`L_{out} = (L_{in}-1) s - 2p + k` by default.

    Example::

        >>> pool, unpool = cnnops.nn.MaxPool1d(2, return_indices=True), cnnops.nn.MaxUnpool1d(2)
        >>> y, i = pool(np.array([[[1., 3, 2, 5]]]))
        >>> unpool(y, i)
        array([[[0., 3., 0., 5.]]])
    """

    def __init__(self, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
                 padding: _IntOrSeq = 0) -> None:
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, 1)
        self.stride = _ntuple(stride if (stride is not None) else kernel_size, 1)
        self.padding = _ntuple(padding, 1)

    def forward(self, input: Any, indices: Any,
                output_size: Optional[Sequence[int]] = None) -> np.ndarray:
        return F.max_unpool1d(input, indices, self.kernel_size, self.stride, self.padding,
                              output_size)


class MaxUnpool2d(_MaxUnpoolNd):
    r"""Partial inverse of :class:`MaxPool2d`: zeros, with each input value put at its index.

    Indices are flat offsets within each output plane (what ``MaxPool2d(...,
    return_indices=True)`` returns, ours or PyTorch's).  Every index is
    checked against the output plane before anything is written; an index
    out of range raises ``RuntimeError: Found an invalid max index``.  With
    duplicate indices the last one in row-major input order wins.  Indices
    must be int64, as in PyTorch: other dtypes (int32, uint8, float, ...)
    are rejected with PyTorch's ``RuntimeError``, never converted.

    Args:
        kernel_size: window size of the max pooling.
        stride: its stride. Default: ``kernel_size``
        padding: its padding. Default: 0

    Call ``m(input, indices, output_size=None)``; pass ``output_size=x.shape``
    when the pooled input had an odd size.

    Shape:
        - Input and indices: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`H_{out} = (H_{in}-1) s_0 - 2p_0 + k_0` (the same for W) by default.

    Example::

        >>> pool = cnnops.nn.MaxPool2d(2, stride=2, return_indices=True)
        >>> unpool = cnnops.nn.MaxUnpool2d(2, stride=2)
        >>> y, i = pool(np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4))
        >>> unpool(y, i)[0, 0]
        array([[ 0.,  0.,  0.,  0.],
               [ 0.,  5.,  0.,  7.],
               [ 0.,  0.,  0.,  0.],
               [ 0., 13.,  0., 15.]], dtype=float32)
    """

    def __init__(self, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
                 padding: _IntOrSeq = 0) -> None:
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, 2)
        self.stride = _ntuple(stride if (stride is not None) else kernel_size, 2)
        self.padding = _ntuple(padding, 2)

    def forward(self, input: Any, indices: Any,
                output_size: Optional[Sequence[int]] = None) -> np.ndarray:
        return F.max_unpool2d(input, indices, self.kernel_size, self.stride, self.padding,
                              output_size)


class _AdaptiveAvgPoolNd(Module):
    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class _AdaptiveMaxPoolNd(Module):
    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    r"""1-D adaptive average pooling to ``output_size`` bins.

    Shape: :math:`(N, C, L)` or :math:`(C, L)` to :math:`(\ldots, \text{output\_size})`.

    Example::

        >>> cnnops.nn.AdaptiveAvgPool1d(2)(np.array([[1., 2, 3, 4]]))
        array([[1.5, 3.5]])
    """

    def forward(self, input: Any) -> np.ndarray:
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    r"""2-D adaptive average pooling to ``output_size``.

    Bin ``i`` along H covers ``[floor(i*H/oH), ceil((i+1)*H/oH))`` (the same
    along W); bins may overlap, and ``oH > H`` is allowed.

    Args:
        output_size: an int, or ``(oH, oW)`` where ``None`` keeps the input size.

    Shape:
        - Input: :math:`(N, C, H, W)` or :math:`(C, H, W)`.
        - Output: :math:`(N, C, oH, oW)` or :math:`(C, oH, oW)`.

    Example::

        >>> cnnops.nn.AdaptiveAvgPool2d((5, None))(np.zeros((1, 64, 8, 9))).shape
        (1, 64, 5, 9)
    """

    def forward(self, input: Any) -> np.ndarray:
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    r"""1-D adaptive max pooling to ``output_size`` bins (optionally with indices).

    Example::

        >>> cnnops.nn.AdaptiveMaxPool1d(2)(np.array([[1., 4, 3, 2]]))
        array([[4., 3.]])
    """

    def forward(self, input: Any) -> Any:
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    r"""2-D adaptive max pooling to ``output_size`` (optionally with indices).

    Bins as :class:`AdaptiveAvgPool2d`; the max follows :class:`MaxPool2d`'s
    rules (NaN propagates, ties keep the first index, flat in-plane indices).

    Args:
        output_size: an int, or ``(oH, oW)`` where ``None`` keeps the input size.
        return_indices: also return the argmax indices. Default: ``False``

    Shape:
        - Input: :math:`(N, C, H, W)` or :math:`(C, H, W)`.
        - Output: :math:`(N, C, oH, oW)` or :math:`(C, oH, oW)`.

    Example::

        >>> cnnops.nn.AdaptiveMaxPool2d((None, 7))(np.zeros((1, 64, 10, 9))).shape
        (1, 64, 10, 7)
    """

    def forward(self, input: Any) -> Any:
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)
