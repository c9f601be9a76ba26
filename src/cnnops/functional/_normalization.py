"""Functional normalization ops (see :mod:`cnnops.nn.modules.normalization` for the modules).

Every function follows ``torch.nn.functional``'s signature, defaults, results
and errors (exception class and message, checked in PyTorch's order).  The
arguments are normalised and validated here; the C kernels
(``cnnops._normalization``) validate again and never read or write out of
bounds.  Statistics of float32 data are accumulated in float64, so inputs
far from zero (a 1e4 offset) still normalise to float32 accuracy, and every
result is bitwise identical for any thread count.

Running statistics (``running_mean``/``running_var``) are NumPy arrays
updated **in place**, as PyTorch updates its buffers.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence, Union

import numpy as np

from .. import _normalization as _C
from .._validation import as_contiguous_float, as_float_array, contiguous, new_output, normalize_dim
from .._validation import is_int as _is_int

__all__ = ["batch_norm", "instance_norm", "group_norm", "layer_norm", "local_response_norm",
           "normalize"]

_TORCH_NAME = {np.dtype(np.float32): "Float", np.dtype(np.float64): "Double"}


# -- helpers ------------------------------------------------------------------------------
def _is_real(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _torch_size(shape: Sequence[int]) -> str:
    return f"torch.Size([{', '.join(str(int(d)) for d in shape)}])"


def _shape_list(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(d)) for d in shape) + "]"


def _check_float_arg(v: Any, op: str, name: str, pos: int) -> float:
    """PyTorch's parsing of a ``float`` argument (ints accepted, None rejected)."""
    if not _is_real(v):
        raise TypeError(f"{op}(): argument '{name}' (position {pos}) must be float, "
                        f"not {type(v).__name__}")
    return float(v)


def _mixed_dtype(x_dtype: np.dtype, p_dtype: np.dtype) -> RuntimeError:
    if x_dtype == np.float32:
        return RuntimeError(f"mixed dtype (CPU): expect parameter to have scalar type of "
                            f"{_TORCH_NAME[x_dtype]}")
    return RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _param(a: Any, dtype: np.dtype) -> Optional[np.ndarray]:
    """An optional weight/bias/statistic as a flat contiguous array of ``dtype``.

    An ndarray of another dtype is PyTorch's mixed-dtype error (tensors are
    never cast); lists and scalars are converted.
    """
    if a is None:
        return None
    if isinstance(a, np.ndarray):
        if a.dtype.newbyteorder("=") != dtype:
            raise _mixed_dtype(dtype, a.dtype)
        arr = a if a.dtype.isnative else a.astype(dtype)
    else:
        arr = as_float_array(a, "parameter").astype(dtype, copy=False)
    return contiguous(arr).reshape(-1)


class _Running:
    """A running-statistics buffer the kernel updates in place.

    The caller's array is updated: directly when it is a writeable,
    contiguous, native array of the input's dtype, else through a contiguous
    copy written back.  ``cast``: another float dtype is accepted (and the
    update cast back), as PyTorch's instance_norm does.
    """

    def __init__(self, buf: Any, dtype: np.dtype, op: str, name: str, update: bool,
                 cast: bool = False) -> None:
        self.buf = buf
        self.flat: Optional[np.ndarray] = None
        self.copy_back = False
        if buf is None:
            return
        if not update:
            if cast and isinstance(buf, np.ndarray) and buf.dtype.kind == "f":
                buf = buf.astype(dtype)
            flat = _param(buf, dtype)
            # the bridge takes writeable buffers; evaluation never writes them
            self.flat = flat if flat.flags.writeable else flat.copy()
            return
        if not isinstance(buf, np.ndarray):
            raise TypeError(f"{op}(): {name} must be a numpy.ndarray (it is updated in place), "
                            f"got {type(buf).__name__}")
        if buf.dtype.newbyteorder("=") != dtype and not (cast and buf.dtype.kind == "f"):
            raise _mixed_dtype(dtype, buf.dtype)
        if not buf.flags.writeable:
            raise ValueError(f"{op}(): {name} is read-only but must be updated in place")
        if buf.flags.c_contiguous and buf.flags.aligned and buf.dtype == dtype:
            self.flat = buf.reshape(-1)
        else:
            self.flat = np.array(buf, dtype=dtype, order="C", copy=True).reshape(-1)
            self.copy_back = True

    def finish(self) -> None:
        if self.copy_back:
            self.buf[...] = self.flat.reshape(self.buf.shape)


def _ncs(shape: Sequence[int]) -> tuple[int, int, int]:
    n = int(shape[0]) if len(shape) > 0 else 1
    c = int(shape[1]) if len(shape) > 1 else 1
    return n, c, int(math.prod(shape[2:]))


# -- batch norm ---------------------------------------------------------------------------
def batch_norm(input: Any, running_mean: Optional[np.ndarray], running_var: Optional[np.ndarray],
               weight: Optional[Any] = None, bias: Optional[Any] = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> np.ndarray:
    r"""batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5) -> ndarray

    Applies Batch Normalization for each channel (dim 1) across a batch:

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    In training mode the statistics are the batch mean and biased variance
    over every dim but 1, and ``running_mean``/``running_var`` (if given)
    are updated **in place**: ``rm = (1 - momentum) * rm + momentum * mean``,
    ``rv = (1 - momentum) * rv + momentum * unbiased_var``.  In evaluation
    mode the running statistics are used.

    Args:
        input: array of shape :math:`(N, C, *)`.
        running_mean, running_var: arrays of C elements, or None (training only).
        weight, bias: arrays of C elements (:math:`\gamma`, :math:`\beta`), or None.
        training (bool): use batch statistics and update the running ones.
        momentum (float): factor of the running-statistics update.
        eps (float): added to the variance (> 0 in training, >= 0 in evaluation).

    See :class:`cnnops.nn.BatchNorm2d` for more details.

    Example::

        >>> x = np.random.randn(2, 3).astype(np.float32)
        >>> rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
        >>> y = cnnops.functional.batch_norm(x, rm, rv, training=True)
    """
    x = as_float_array(input)
    shape = x.shape
    if training:
        if len(shape) == 0:
            raise IndexError("tuple index out of range")
        if int(shape[0]) * int(math.prod(shape[2:])) == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input size "
                             + _torch_size(shape))
    eps_f = _check_float_arg(eps, "batch_norm", "eps", 8)
    if training and eps_f <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps_f < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    mom = _check_float_arg(momentum, "batch_norm", "momentum", 7)
    if training:
        if (running_mean is None) != (running_var is None):
            raise ValueError("running_mean and running_var must either both be None or neither be None")
    else:
        if running_mean is None:
            raise RuntimeError("running_mean must be defined in evaluation mode")
        if running_var is None:
            raise RuntimeError("running_var must be defined in evaluation mode")
    if x.ndim == 1 and x.size == 0:  # PyTorch checks nothing more here
        return new_output(shape, x.dtype)
    c = int(shape[1]) if x.ndim >= 2 else 0
    for name, a in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if a is not None:
            k = int(np.size(a))
            if k != c:
                raise RuntimeError(f"{name} should contain {c} elements not {k}")
    if x.ndim < 2:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    if c == 0 and (weight is not None or bias is not None):
        raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
    dtype = x.dtype
    w = _param(weight, dtype)
    b = _param(bias, dtype)
    rm = _Running(running_mean, dtype, "batch_norm", "running_mean", training)
    rv = _Running(running_var, dtype, "batch_norm", "running_var", training)
    for name, a in (("running_mean", running_mean), ("running_var", running_var)):
        if a is not None and np.ndim(a) != 1:
            raise RuntimeError(f"TensorAccessor expected 1 dims but tensor has {np.ndim(a)}")
    x = contiguous(x)
    y = new_output(shape, dtype)
    n, c, s = _ncs(shape)
    _C.batch_norm_fwd(x.reshape(-1), y.reshape(-1), n, c, s, w, b, rm.flat, rv.flat,
                      bool(training), mom, eps_f)
    rm.finish()
    rv.finish()
    return y


# -- instance norm ------------------------------------------------------------------------
def instance_norm(input: Any, running_mean: Optional[np.ndarray] = None,
                  running_var: Optional[np.ndarray] = None, weight: Optional[Any] = None,
                  bias: Optional[Any] = None, use_input_stats: bool = True, momentum: float = 0.1,
                  eps: float = 1e-5) -> np.ndarray:
    r"""instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-5) -> ndarray

    Applies Instance Normalization: each channel of each sample is normalised
    by its own mean and biased variance over the spatial dims,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    With ``use_input_stats`` and running statistics given, those are updated
    in place with the batch mean of the per-instance mean and unbiased
    variance; with ``use_input_stats=False`` the running statistics are used
    instead of the instance statistics.

    Args:
        input: array of shape :math:`(N, C, *)`.
        running_mean, running_var: arrays of C elements, or None.
        weight, bias: arrays of C elements, or None.
        use_input_stats (bool): normalise with the instance statistics.
        momentum (float): factor of the running-statistics update.
        eps (float): added to the variance.

    See :class:`cnnops.nn.InstanceNorm2d` for more details.

    Example::

        >>> y = cnnops.functional.instance_norm(np.random.randn(2, 3, 5, 5))
    """
    x = as_float_array(input)
    shape = x.shape
    if use_input_stats and math.prod(shape[2:]) == 1:
        raise ValueError("Expected more than 1 spatial element when training, got input size "
                         + _torch_size(shape))
    mom = _check_float_arg(momentum, "instance_norm", "momentum", 7)
    eps_f = _check_float_arg(eps, "instance_norm", "eps", 8)
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be None")
    if not use_input_stats and running_mean is None:
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    if x.ndim < 2:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    n, c, s = _ncs(shape)
    for name, a in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if a is not None:
            k = int(np.size(a))
            if k != c:  # PyTorch checks the batch-repeated copies
                raise RuntimeError(f"{name} should contain {n * c} elements not {n * k}")
    if n * c == 0 and (weight is not None or bias is not None):
        raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
    dtype = x.dtype
    if isinstance(running_var, np.ndarray) and running_var.dtype.newbyteorder("=") != dtype:
        raise RuntimeError(f"expected scalar type {_TORCH_NAME.get(dtype, dtype)} but found "
                           f"{_TORCH_NAME.get(running_var.dtype.newbyteorder('='), running_var.dtype)}")
    w = _param(weight, dtype)
    b = _param(bias, dtype)
    update = bool(use_input_stats)
    rm = _Running(running_mean, dtype, "instance_norm", "running_mean", update, cast=True)
    rv = _Running(running_var, dtype, "instance_norm", "running_var", update)
    x = contiguous(x)
    y = new_output(shape, dtype)
    _C.instance_norm_fwd(x.reshape(-1), y.reshape(-1), n, c, s, w, b, rm.flat, rv.flat,
                         update, mom, eps_f)
    rm.finish()
    rv.finish()
    return y


# -- group norm ---------------------------------------------------------------------------
def group_norm(input: Any, num_groups: int, weight: Optional[Any] = None,
               bias: Optional[Any] = None, eps: float = 1e-5) -> np.ndarray:
    r"""group_norm(input, num_groups, weight=None, bias=None, eps=1e-5) -> ndarray

    Applies Group Normalization: the C channels are split into
    ``num_groups`` groups of consecutive channels, each group of each sample
    is normalised by its mean and biased variance, then scaled and shifted
    per channel,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    Args:
        input: array of shape :math:`(N, C, *)`.
        num_groups (int): number of groups; must divide C.
        weight, bias: arrays of C elements, or None.
        eps (float): added to the variance.

    See :class:`cnnops.nn.GroupNorm` for more details.

    Example::

        >>> y = cnnops.functional.group_norm(np.random.randn(2, 6), 2)
    """
    x = as_float_array(input)
    shape = x.shape
    if x.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {x.ndim}")
    if isinstance(num_groups, (bool, np.bool_)) or not _is_real(num_groups):
        raise TypeError(f"group_norm(): argument 'num_groups' (position 2) must be int, "
                        f"not {type(num_groups).__name__}")
    first = int(shape[0]) * int(shape[1]) // num_groups  # ZeroDivisionError for 0, as PyTorch
    vsize = [first, num_groups, *[int(d) for d in shape[2:]]]
    if first * math.prod(shape[2:]) == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size "
                         + str(vsize))
    if not _is_int(num_groups):
        raise TypeError(f"group_norm(): argument 'num_groups' (position 2) must be int, "
                        f"not {type(num_groups).__name__}")
    g = int(num_groups)
    eps_f = _check_float_arg(eps, "group_norm", "eps", 5)
    n, c, s = _ncs(shape)
    if g <= 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {g}")
    if c % g != 0:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {_shape_list(shape)} and num_groups={g}")
    for name, a in (("weight", weight), ("bias", bias)):
        if a is not None and (np.ndim(a) != 1 or np.size(a) != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape "
                               f"{_shape_list(np.shape(a))} and input of shape {_shape_list(shape)}")
    dtype = x.dtype
    w = _param(weight, dtype)
    b = _param(bias, dtype)
    x = contiguous(x)
    y = new_output(shape, dtype)
    _C.group_norm_fwd(x.reshape(-1), y.reshape(-1), n, c, s, g, w, b, eps_f)
    return y


# -- layer norm ---------------------------------------------------------------------------
def _normalized_shape(v: Any, op: str) -> list[int]:
    if isinstance(v, (tuple, list)):
        out = []
        for i, e in enumerate(v):
            if not _is_int(e):
                raise TypeError(f"{op}(): argument 'normalized_shape' (position 2) must be tuple of "
                                f"ints, but found element of type {type(e).__name__} at pos {i}")
            out.append(int(e))
        return out
    raise TypeError(f"{op}(): argument 'normalized_shape' (position 2) must be tuple of ints, "
                    f"not {type(v).__name__}")


def layer_norm(input: Any, normalized_shape: Sequence[int], weight: Optional[Any] = None,
               bias: Optional[Any] = None, eps: float = 1e-5) -> np.ndarray:
    r"""layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5) -> ndarray

    Applies Layer Normalization over the last ``len(normalized_shape)`` dims:

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta

    with the mean and biased variance of each trailing block, and
    :math:`\gamma`, :math:`\beta` of shape ``normalized_shape``.

    Args:
        input: array of shape :math:`(*, \text{normalized\_shape})`.
        normalized_shape (tuple or list of ints): the trailing shape normalised over.
        weight, bias: arrays of shape ``normalized_shape``, or None.
        eps (float): added to the variance.

    See :class:`cnnops.nn.LayerNorm` for more details.

    Example::

        >>> y = cnnops.functional.layer_norm(np.random.randn(2, 5, 10), (5, 10))
    """
    ns = _normalized_shape(normalized_shape, "layer_norm")
    x = as_float_array(input)
    eps_f = _check_float_arg(eps, "layer_norm", "eps", 5)
    if len(ns) == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing "
                           "at least one element, but got normalized_shape = []")
    for name, a in (("weight", weight), ("bias", bias)):
        if a is not None and list(np.shape(a)) != ns:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {_shape_list(np.shape(a))} and normalized_shape = "
                               f"{_shape_list(ns)}")
    shape = x.shape
    k = len(ns)
    if x.ndim < k or list(shape[x.ndim - k:]) != ns:
        raise RuntimeError(f"Given normalized_shape={_shape_list(ns)}, expected input with shape "
                           f"[*, {', '.join(str(d) for d in ns)}], but got input of size"
                           f"{_shape_list(shape)}")
    dtype = x.dtype
    w = _param(weight, dtype)
    b = _param(bias, dtype)
    d = int(math.prod(ns))
    m = int(math.prod(shape[: x.ndim - k]))
    x = contiguous(x)
    y = new_output(shape, dtype)
    _C.layer_norm_fwd(x.reshape(-1), y.reshape(-1), m, d, w, b, eps_f)
    return y


# -- local response norm ------------------------------------------------------------------
def local_response_norm(input: Any, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> np.ndarray:
    r"""local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0) -> ndarray

    Applies Local Response Normalization across channels (dim 1), exactly
    as PyTorch defines it:

    .. math::
        b_c = a_c\left(k + \frac{\alpha}{n}
        \sum_{c'=c-\lfloor n/2\rfloor}^{c+\lfloor (n-1)/2\rfloor} a_{c'}^2\right)^{-\beta}

    with :math:`n` = ``size`` and channels outside :math:`[0, C)` counted as
    zero (the sum is always divided by ``size``; an even size puts more
    channels before :math:`c`).  The window sum slides along the channels,
    so the cost does not grow with ``size``.  Integer inputs are computed in
    float32 (PyTorch truncates them).

    Args:
        input: array of 3 or more dims :math:`(N, C, *)`.
        size (int): number of neighbouring channels in the window.
        alpha (float): multiplicative factor. Default: 0.0001
        beta (float): exponent. Default: 0.75
        k (float): additive factor. Default: 1

    See :class:`cnnops.nn.LocalResponseNorm` for more details.

    Example::

        >>> y = cnnops.functional.local_response_norm(np.random.randn(1, 5, 10, 10), size=5)
    """
    x = as_float_array(input)
    dim = x.ndim
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          input (got {dim} dimensions)")
    if x.size == 0:
        return input if isinstance(input, np.ndarray) else x
    if not _is_int(size):
        raise TypeError("pad(): argument 'pad' failed to unpack the object at pos 3 with error "
                        f"\"type must be tuple of ints,but got {type(size).__name__}\"")
    size = int(size)
    if size <= 0:
        # PyTorch pads (negative pads crop), then avg-pools: reproduce which check fails
        if int(x.shape[1]) + size // 2 + (size - 1) // 2 < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        if -((-size) // 2) < 0:  # C++ truncation: size / 2 < pad (0)
            raise RuntimeError("pad should be at most half of effective kernel size, but got pad=0, "
                               f"kernel_size={size} and dilation=1")
        if dim == 3:
            raise RuntimeError(f"kernel size should be greater than zero, but got kH: {size} kW: 1")
        raise RuntimeError(f"kernel size should be greater than zero, but got kT: {size} kH: 1 kW: 1")
    alpha_f = _check_float_arg(alpha, "local_response_norm", "alpha", 3)
    beta_f = _check_float_arg(beta, "local_response_norm", "beta", 4)
    k_f = _check_float_arg(k, "local_response_norm", "k", 5)
    x = contiguous(x)
    y = new_output(x.shape, x.dtype)
    n, c, s = _ncs(x.shape)
    _C.local_response_norm_fwd(x.reshape(-1), y.reshape(-1), n, c, s, size, alpha_f, beta_f, k_f)
    return y


# -- normalize ----------------------------------------------------------------------------
def normalize(input: Any, p: float = 2.0, dim: Union[int, Sequence[int]] = 1, eps: float = 1e-12,
              out: Optional[np.ndarray] = None) -> np.ndarray:
    r"""normalize(input, p=2.0, dim=1, eps=1e-12, out=None) -> ndarray

    Performs :math:`L_p` normalization of inputs over dimension ``dim``:

    .. math:: v = \frac{v}{\max(\lVert v \rVert_p, \epsilon)}

    for each vector :math:`v` along ``dim``.  The norm is
    ``torch.linalg.vector_norm``'s: ``p=inf`` is max :math:`|v|`, ``-inf``
    min :math:`|v|`, ``0`` the count of non-zeros, any other ``p`` (also
    :math:`0<p<1` and negative) :math:`(\sum |v|^p)^{1/p}`.  Sums are
    accumulated in float64, so float32 inputs above ~1e19 (whose squares
    overflow float32 in PyTorch) still normalise correctly.

    Args:
        input: array of any shape.
        p (float): the exponent of the norm. Default: 2
        dim (int or tuple of ints): the dimension(s) to reduce. Default: 1
        eps (float): lower bound of the divisor. Default: 1e-12
        out (ndarray, optional): output array of the input's shape and dtype.

    Example::

        >>> cnnops.functional.normalize(np.array([[3.0, 4.0]]))
        array([[0.6, 0.8]])
    """
    x = as_float_array(input)
    if p is None:  # torch.norm's default: the 2-norm
        p = 2.0
    if isinstance(p, (bool, np.bool_)):
        p = float(p)
    p_f = _check_float_arg(p, "linalg_vector_norm", "ord", 2)
    eps_f = _check_float_arg(eps, "clamp_min", "min", 2)
    nd = x.ndim
    if dim is None:  # every dim
        dim = tuple(range(nd))
    if _is_int(dim) and not -(2 ** 63) <= int(dim) < 2 ** 63:
        raise TypeError("linalg_vector_norm(): argument 'dim' failed to unpack the object at pos 1 "
                        "with error \"type must be tuple of ints,but got int\"")
    if isinstance(dim, (tuple, list)):
        dims = []
        for i, d in enumerate(dim):
            if not _is_int(d):
                raise TypeError(f"linalg_vector_norm(): argument 'dim' (position 3) must be tuple of "
                                f"ints, but found element of type {type(d).__name__} at pos {i}")
            dims.append(normalize_dim(int(d), nd))
        seen: set[int] = set()
        for d in dims:
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
    elif _is_int(dim):
        dims = [normalize_dim(int(dim), nd)]
    else:
        raise TypeError(f"linalg_vector_norm(): argument 'dim' (position 3) must be tuple of ints, "
                        f"not {type(dim).__name__}")
    shape = x.shape
    dtype = x.dtype
    if math.isinf(p_f) or p_f < 0:
        for d in (dims if dims else range(nd)):
            if nd and shape[d] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {p_f:g} norm on the dimension "
                                   f"{d}because this dimension is empty and the operation does not "
                                   "have an identity")
    if out is not None:
        if not isinstance(out, np.ndarray):
            raise TypeError(f"normalize(): argument 'out' must be numpy.ndarray, not {type(out).__name__}")
        if out.dtype != dtype:
            raise RuntimeError(f"Expected out tensor to have dtype {dtype}, but got {out.dtype} instead")
        if out.shape != shape:
            raise RuntimeError(f"normalize(): out has shape {out.shape}, expected {shape}")
    if len(dims) == 0 or nd == 0:
        dims_sorted: list[int] = sorted(range(nd)) if len(dims) == 0 else []
    else:
        dims_sorted = sorted(dims)
    if nd == 0:
        outer, length, inner = 1, 1, 1
        xk = contiguous(x).reshape(1)
        perm = None
    elif len(dims_sorted) == 1:
        d0 = dims_sorted[0]
        outer = int(math.prod(shape[:d0]))
        length = int(shape[d0])
        inner = int(math.prod(shape[d0 + 1:]))
        xk = contiguous(x)
        perm = None
    else:
        # several dims: move them last and normalise the flattened rows
        rest = [i for i in range(nd) if i not in dims_sorted]
        perm = rest + dims_sorted
        xk = np.ascontiguousarray(np.transpose(x, perm))
        outer = int(math.prod(shape[i] for i in rest))
        length = int(math.prod(shape[i] for i in dims_sorted))
        inner = 1
    y = new_output(xk.shape, dtype)
    if y.size:
        _C.normalize_fwd(xk.reshape(-1), y.reshape(-1), outer, length, inner, p_f, eps_f)
    if perm is not None:
        y = np.ascontiguousarray(np.transpose(y, np.argsort(perm)))
    elif nd == 0:
        y = y.reshape(())
    if out is not None:
        out[...] = y
        return out
    return y
