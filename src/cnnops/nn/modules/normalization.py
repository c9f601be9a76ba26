"""Normalization modules (thin wrappers over cnnops.functional), shaped as PyTorch's.

Parameters (``weight``, ``bias``) and buffers (``running_mean``,
``running_var``, ``num_batches_tracked``) carry PyTorch's names, so
``state_dict()`` keys match PyTorch's, and ``repr`` prints exactly as
PyTorch 2.13 prints the same layer.
"""
from __future__ import annotations

import numbers
import warnings
from typing import Any, Optional, Sequence, Union

import numpy as np

from ... import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d",
           "InstanceNorm3d", "GroupNorm", "LayerNorm", "LocalResponseNorm"]


def _float_dtype(dtype: Any) -> np.dtype:
    dt = np.dtype(np.float32 if dtype is None else dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64, got {dt}")
    return dt


class _NormBase(Module):
    """Common base of BatchNorm and InstanceNorm (PyTorch's ``_NormBase``)."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: Optional[float] = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, dtype: Any = None,
                 bias: bool = True) -> None:
        super().__init__()
        dt = _float_dtype(dtype)
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if self.affine:
            self.weight = Parameter(np.empty(num_features, dt))
            if bias:
                self.bias = Parameter(np.empty(num_features, dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", np.zeros(num_features, dt))
            self.register_buffer("running_var", np.ones(num_features, dt))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches tracked."""
        if self.track_running_stats:
            self.running_mean[...] = 0
            self.running_var[...] = 1
            self.num_batches_tracked[...] = 0

    def reset_parameters(self) -> None:
        """Reset the running statistics, weight to 1 and bias to 0."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input: np.ndarray) -> None:
        raise NotImplementedError

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class _BatchNorm(_NormBase):
    def forward(self, input: Any) -> np.ndarray:
        x = input if isinstance(input, np.ndarray) else np.asarray(input)
        self._check_input_dim(x)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            np.add(self.num_batches_tracked, 1, out=self.num_batches_tracked)
            factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        bn_training = True if self.training else (self.running_mean is None and self.running_var is None)
        use_buffers = not self.training or self.track_running_stats
        return F.batch_norm(x, self.running_mean if use_buffers else None,
                            self.running_var if use_buffers else None, self.weight, self.bias,
                            bn_training, factor, self.eps)


_BN_DOC = r"""Applies Batch Normalization over a {inp} input.

    .. math:: y = \frac{{x - \mathrm{{E}}[x]}}{{\sqrt{{\mathrm{{Var}}[x] + \epsilon}}}} * \gamma + \beta

    The mean and (biased) variance are computed per channel over the batch
    and spatial dims in training mode; the running estimates (kept with
    ``momentum``, updated with the unbiased variance) are used in
    evaluation mode.  ``momentum=None`` keeps a cumulative average.
    Statistics are accumulated in float64 for float32 data.

    Args:
        num_features (int): number of channels :math:`C`.
        eps (float): added to the variance. Default: 1e-5
        momentum (float or None): running-statistics factor. Default: 0.1
        affine (bool): learnable :math:`\gamma` (``weight``, 1) and :math:`\beta` (``bias``, 0). Default: ``True``
        track_running_stats (bool): keep ``running_mean``, ``running_var`` and
            ``num_batches_tracked`` buffers; if ``False`` batch statistics are
            used in evaluation mode too. Default: ``True``
        dtype (keyword-only): float32 (default) or float64 parameters and buffers.
        bias (bool, keyword-only): learn :math:`\beta` (with affine). Default: ``True``

    Shape:
        - Input: {shape}
        - Output: same shape as the input.

    Example::

        >>> m = cnnops.nn.{name}(3)
        >>> y = m(np.random.randn({example}).astype(np.float32))
        >>> m.num_batches_tracked
        array(1)
"""


class BatchNorm1d(_BatchNorm):
    __doc__ = _BN_DOC.format(inp="2D or 3D", shape=r":math:`(N, C)` or :math:`(N, C, L)`",
                             name="BatchNorm1d", example="4, 3")

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim != 2 and input.ndim != 3:
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")


class BatchNorm2d(_BatchNorm):
    __doc__ = _BN_DOC.format(inp="4D", shape=r":math:`(N, C, H, W)`", name="BatchNorm2d",
                             example="2, 3, 5, 5")

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim != 4:
            raise ValueError(f"expected 4D input (got {input.ndim}D input)")


class BatchNorm3d(_BatchNorm):
    __doc__ = _BN_DOC.format(inp="5D", shape=r":math:`(N, C, D, H, W)`", name="BatchNorm3d",
                             example="2, 3, 2, 5, 5")

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim != 5:
            raise ValueError(f"expected 5D input (got {input.ndim}D input)")


class _InstanceNorm(_NormBase):
    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = False, track_running_stats: bool = False, *, dtype: Any = None,
                 bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype=dtype,
                         bias=bias)

    def _get_no_batch_dim(self) -> int:
        raise NotImplementedError

    def _apply_instance_norm(self, input: np.ndarray) -> np.ndarray:
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)

    def forward(self, input: Any) -> np.ndarray:
        x = input if isinstance(input, np.ndarray) else np.asarray(input)
        self._check_input_dim(x)
        feature_dim = x.ndim - self._get_no_batch_dim()
        if x.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features"
                                 f" ({self.num_features}), but got: {x.shape[feature_dim]}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. "
                          "You can silence this warning by not passing in num_features, "
                          "which is not used because affine=False", stacklevel=2)
        if x.ndim == self._get_no_batch_dim():
            return self._apply_instance_norm(x[np.newaxis])[0]
        return self._apply_instance_norm(x)


_IN_DOC = r"""Applies Instance Normalization over a {inp} input.

    .. math:: y = \frac{{x - \mathrm{{E}}[x]}}{{\sqrt{{\mathrm{{Var}}[x] + \epsilon}}}} * \gamma + \beta

    Each channel of each sample is normalised by its own mean and biased
    variance over the spatial dims.  With ``track_running_stats=True`` the
    running estimates are updated in training and used in evaluation mode
    (``num_batches_tracked`` is never incremented and ``momentum=None``
    freezes the estimates, as in PyTorch).  Unbatched input is accepted.

    Args:
        num_features (int): number of channels :math:`C`.
        eps (float): added to the variance. Default: 1e-5
        momentum (float or None): running-statistics factor. Default: 0.1
        affine (bool): learnable per-channel ``weight`` and ``bias``. Default: ``False``
        track_running_stats (bool): keep running estimates. Default: ``False``
        dtype (keyword-only): float32 (default) or float64 parameters and buffers.
        bias (bool, keyword-only): learn ``bias`` (with affine). Default: ``True``

    Shape:
        - Input: {shape}
        - Output: same shape as the input.

    Example::

        >>> m = cnnops.nn.{name}(3)
        >>> y = m(np.random.randn({example}).astype(np.float32))
"""


class InstanceNorm1d(_InstanceNorm):
    __doc__ = _IN_DOC.format(inp="2D (unbatched) or 3D", shape=r":math:`(N, C, L)` or :math:`(C, L)`",
                             name="InstanceNorm1d", example="4, 3, 10")

    def _get_no_batch_dim(self) -> int:
        return 2

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")


class InstanceNorm2d(_InstanceNorm):
    __doc__ = _IN_DOC.format(inp="3D (unbatched) or 4D",
                             shape=r":math:`(N, C, H, W)` or :math:`(C, H, W)`",
                             name="InstanceNorm2d", example="2, 3, 5, 5")

    def _get_no_batch_dim(self) -> int:
        return 3

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim not in (3, 4):
            raise ValueError(f"expected 3D or 4D input (got {input.ndim}D input)")


class InstanceNorm3d(_InstanceNorm):
    __doc__ = _IN_DOC.format(inp="4D (unbatched) or 5D",
                             shape=r":math:`(N, C, D, H, W)` or :math:`(C, D, H, W)`",
                             name="InstanceNorm3d", example="2, 3, 2, 5, 5")

    def _get_no_batch_dim(self) -> int:
        return 4

    def _check_input_dim(self, input: np.ndarray) -> None:
        if input.ndim not in (4, 5):
            raise ValueError(f"expected 4D or 5D input (got {input.ndim}D input)")


class GroupNorm(Module):
    r"""Applies Group Normalization over a mini-batch of inputs.

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    The channels are split into ``num_groups`` groups of consecutive
    channels; the mean and biased variance are computed over each group of
    each sample; :math:`\gamma` and :math:`\beta` are per channel.  The same
    computation in training and evaluation mode.

    Args:
        num_groups (int): number of groups; must divide ``num_channels``.
        num_channels (int): number of channels :math:`C`.
        eps (float): added to the variance. Default: 1e-5
        affine (bool): learnable per-channel ``weight`` (1) and ``bias`` (0). Default: ``True``
        dtype: float32 (default) or float64 parameters.
        bias (bool, keyword-only): learn ``bias`` (with affine). Default: ``True``

    Shape:
        - Input: :math:`(N, C, *)`
        - Output: same shape as the input.

    Example::

        >>> m = cnnops.nn.GroupNorm(3, 6)
        >>> y = m(np.random.randn(20, 6, 10, 10).astype(np.float32))
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 *, dtype: Any = None, bias: bool = True) -> None:
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        dt = _float_dtype(dtype)
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        if self.affine:
            self.weight = Parameter(np.empty(num_channels, dt))
            if bias:
                self.bias = Parameter(np.empty(num_channels, dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """weight 1, bias 0."""
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Any) -> np.ndarray:
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class LayerNorm(Module):
    r"""Applies Layer Normalization over the last dims of the input.

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    The mean and biased variance are computed over the last
    ``len(normalized_shape)`` dims; :math:`\gamma` and :math:`\beta` have
    shape ``normalized_shape``.

    Args:
        normalized_shape (int or tuple or list): the trailing shape (an int
            means a 1-element tuple).
        eps (float): added to the variance. Default: 1e-5
        elementwise_affine (bool): learnable ``weight`` (1) and ``bias`` (0). Default: ``True``
        bias (bool): learn ``bias`` (with elementwise_affine). Default: ``True``
        dtype: float32 (default) or float64 parameters.

    Shape:
        - Input: :math:`(N, *)`
        - Output: same shape as the input.

    Example::

        >>> m = cnnops.nn.LayerNorm(10)
        >>> y = m(np.random.randn(20, 5, 10).astype(np.float32))
    """

    def __init__(self, normalized_shape: Union[int, Sequence[int]], eps: float = 1e-5,
                 elementwise_affine: bool = True, bias: bool = True, *, dtype: Any = None) -> None:
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        dt = _float_dtype(dtype)
        if self.elementwise_affine:
            self.weight = Parameter(np.empty(self.normalized_shape, dt))
            if bias:
                self.bias = Parameter(np.empty(self.normalized_shape, dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """weight 1, bias 0."""
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Any) -> np.ndarray:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class LocalResponseNorm(Module):
    r"""Applies local response normalization across channels.

    .. math::
        b_c = a_c\left(k + \frac{\alpha}{n}
        \sum_{c'=\max(0, c-n/2)}^{\min(N-1,c+n/2)}a_{c'}^2\right)^{-\beta}

    exactly as PyTorch computes it (zero padding along the channels, the
    sum always divided by ``size``, an even size taking one more channel
    before :math:`c` than after).  O(1) work per element for any ``size``.

    Args:
        size (int): number of neighbouring channels used for normalization.
        alpha (float): multiplicative factor. Default: 0.0001
        beta (float): exponent. Default: 0.75
        k (float): additive factor. Default: 1

    Shape:
        - Input: :math:`(N, C, *)`, 3 or more dims.
        - Output: same shape as the input.

    Example::

        >>> lrn = cnnops.nn.LocalResponseNorm(2)
        >>> y = lrn(np.random.randn(32, 5, 24, 24).astype(np.float32))
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input: Any) -> np.ndarray:
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
