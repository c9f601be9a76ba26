"""Functional activations (see :mod:`cnnops.nn.modules.activation` for modules).

Every function takes anything array-like (cnnops' dtype policy: float32 and
float64 keep their dtype, integer and bool inputs become float32), returns a
new C-contiguous array of the input's shape, or with ``inplace=True`` writes
into the given ``numpy.ndarray`` and returns that same object.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, Optional

import numpy as np

from .. import _activation as _C
from .. import _random
from .._validation import F32, F64, as_contiguous_float, check_inplace, new_output

__all__ = [
    "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "prelu", "rrelu", "rrelu_",
    "sigmoid", "tanh", "hardsigmoid", "hardswish", "silu", "mish", "softplus",
    "elu", "elu_", "gelu",
]

_unary = _C.unary
_RELU, _RELU6, _LEAKY, _SIGMOID, _TANH = _C.RELU, _C.RELU6, _C.LEAKY_RELU, _C.SIGMOID, _C.TANH
_HSIG, _HSWISH, _SILU, _MISH = _C.HARDSIGMOID, _C.HARDSWISH, _C.SILU, _C.MISH
_SOFTPLUS, _ELU, _GELU, _GELU_TANH = _C.SOFTPLUS, _C.ELU, _C.GELU, _C.GELU_TANH
_ndarray = np.ndarray
_FLT_MAX = float(np.finfo(np.float32).max)


def _check_fits(dtype: np.dtype, params: tuple) -> None:
    """PyTorch converts scalar parameters to the input's dtype and refuses
    finite values beyond float32's range for float32 inputs."""
    if dtype is F32:
        for v in params:
            if abs(v) > _FLT_MAX and not math.isinf(v):
                raise RuntimeError("value cannot be converted to type float without overflow")


def _out(op: int, input: Any, p0: float = 0.0, p1: float = 0.0, checks: tuple = ()) -> np.ndarray:
    """Out of place: a new C-contiguous array of the input's (policy) dtype.
    ``checks``: scalar parameters that must fit the dtype."""
    x = as_contiguous_float(input)
    if checks:
        _check_fits(x.dtype, checks)
    y = new_output(x.shape, x.dtype)
    _unary(op, x, y, p0, p1)
    return y


def _inplace(op: int, input: Any, name: str, p0: float = 0.0, p1: float = 0.0,
             checks: tuple = ()) -> np.ndarray:
    """In place: the kernel writes into ``input`` itself (through a contiguous
    temporary if ``input`` is not C-contiguous) and ``input`` is returned."""
    if type(input) is _ndarray and input.size == 0:
        # NumPy gives empty arrays zero strides, which the overlap check
        # would take for self-overlap: check a flat view instead.
        check_inplace(input.reshape(0), name)
        if checks:
            _check_fits(input.dtype, checks)
        return input
    x = check_inplace(input, name)
    if checks:
        _check_fits(x.dtype, checks)
    if x.flags.c_contiguous and x.flags.aligned and x.dtype.isnative:
        _unary(op, x, x, p0, p1)
        return x
    tmp = as_contiguous_float(x).copy()
    _unary(op, tmp, tmp, p0, p1)
    x[...] = tmp
    return x


def _pointwise(input: Any, inplace: bool, op: int, name: str, p0: float = 0.0, p1: float = 0.0,
               checks: tuple = ()) -> np.ndarray:
    if inplace:
        return _inplace(op, input, name, p0, p1, checks)
    return _out(op, input, p0, p1, checks)


def _number(v: Any, fn: str, arg: str, pos: int) -> float:
    """A Python/NumPy real number as float, else PyTorch's TypeError."""
    if isinstance(v, numbers.Real):
        return float(v)
    raise TypeError(f"{fn}(): argument '{arg}' (position {pos}) must be Number, not {type(v).__name__}")


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
    if inplace:
        return _inplace(_RELU, input, "relu")
    # fast path (the common case: a C-contiguous float array), kept short
    # because tiny inputs are dominated by Python overhead
    x = as_contiguous_float(input)
    y = new_output(x.shape, x.dtype)
    _unary(_RELU, x, y)
    return y


def relu_(input: np.ndarray) -> np.ndarray:
    r"""relu_(input) -> ndarray

    In-place version of :func:`relu`.
    """
    return _inplace(_RELU, input, "relu")


def relu6(input: Any, inplace: bool = False) -> np.ndarray:
    r"""relu6(input, inplace=False) -> ndarray

    Applies :math:`\text{ReLU6}(x) = \min(\max(0, x), 6)` element-wise
    (PyTorch's ``hardtanh(x, 0, 6)``: NaN propagates, ``-0.0`` stays ``-0.0``).

    See :class:`cnnops.nn.ReLU6` for more details.

    Example::

        >>> cnnops.functional.relu6(np.array([-1.0, 3.0, 7.0]))
        array([0., 3., 6.])
    """
    return _pointwise(input, inplace, _RELU6, "relu6")


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> np.ndarray:
    r"""leaky_relu(input, negative_slope=0.01, inplace=False) -> ndarray

    Applies element-wise
    :math:`\text{LeakyReLU}(x) = x \text{ if } x > 0 \text{ else } \text{negative\_slope} \cdot x`.
    Any real slope is accepted (negative, or above 1).

    See :class:`cnnops.nn.LeakyReLU` for more details.

    Example::

        >>> cnnops.functional.leaky_relu(np.array([-1.0, 2.0]), 0.1)
        array([-0.1,  2. ])
    """
    s = _number(negative_slope, "leaky_relu", "negative_slope", 2)
    return _pointwise(input, inplace, _LEAKY, "leaky_relu", s, 0.0, (s,))


def leaky_relu_(input: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    r"""leaky_relu_(input, negative_slope=0.01) -> ndarray

    In-place version of :func:`leaky_relu`.
    """
    return leaky_relu(input, negative_slope, inplace=True)


def prelu(input: Any, weight: Any) -> np.ndarray:
    r"""prelu(input, weight) -> ndarray

    Applies element-wise :math:`\text{PReLU}(x) = \max(0,x) + \text{weight} \cdot \min(0,x)`
    where ``weight`` holds either one slope for every element or one slope per
    channel (dimension 1 of the input; a 1-D input has one channel).

    Args:
        input: array-like of any shape.
        weight: a scalar or 1-D array of 1 or ``C`` slopes, same dtype as the
            input (after integer inputs are converted to float32).

    Shape:
        - Input: :math:`(N, C, *)`, :math:`(C)` or :math:`()`.
        - Output: same shape as the input.

    See :class:`cnnops.nn.PReLU` for more details.

    Example::

        >>> x = np.array([[-1.0, -1.0], [2.0, -2.0]])
        >>> cnnops.functional.prelu(x, np.array([0.1, 0.5]))
        array([[-0.1, -0.5],
               [ 2. , -1. ]])
    """
    x = as_contiguous_float(input)
    w = as_contiguous_float(weight, "weight")
    if w.ndim > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {w.ndim}"
        )
    nw = w.size
    if x.ndim == 0 and nw != 1:
        raise RuntimeError("Not allow zero-dim input tensor.")
    channels = x.shape[1] if x.ndim >= 2 else 1
    if nw != 1 and nw != channels:
        raise RuntimeError(
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = "
            f"{nw} and channel size = {channels}."
        )
    if x.dtype != w.dtype:
        names = {F32: "Float", F64: "Double"}
        raise RuntimeError(
            f"prelu: Type promoting not supported. Got {names[x.dtype]} and {names[w.dtype]}"
        )
    y = new_output(x.shape, x.dtype)
    if x.size == 0:
        return y
    outer = x.shape[0] if x.ndim >= 2 else 1
    inner = x.size // (outer * channels)
    _C.prelu_fwd(x, w, y, outer, channels, inner)
    return y


def rrelu(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False, *, generator: Optional[np.random.Generator] = None) -> np.ndarray:
    r"""rrelu(input, lower=1./8, upper=1./3, training=False, inplace=False, *, generator=None) -> ndarray

    Randomized leaky ReLU: :math:`x` if :math:`x > 0`, else :math:`a x`.

    In training mode each element with :math:`x \le 0` gets its own slope
    :math:`a \sim \mathcal{U}(\text{lower}, \text{upper})`, drawn from
    ``generator`` (a ``numpy.random.Generator``) or, by default, cnnops'
    seedable generator (:func:`cnnops.manual_seed`).  Values match PyTorch in
    distribution, not bit for bit.  In evaluation mode (the functional
    default, ``training=False``) the slope is :math:`(\text{lower} + \text{upper}) / 2`.

    Raises:
        RuntimeError: if a bound is not finite or ``lower > upper`` (in either mode),
            or, for float32 input, a bound beyond float32's range (as PyTorch).

    See :class:`cnnops.nn.RReLU` for more details.

    Example::

        >>> cnnops.functional.rrelu(np.array([-1.0, 2.0]), 0.1, 0.3)
        array([-0.2,  2. ])
    """
    lo = _number(lower, "rrelu", "lower", 2)
    hi = _number(upper, "rrelu", "upper", 3)
    if not math.isfinite(lo):
        raise RuntimeError(f"rrelu: lower bound must be finite, got {lo}")
    if not math.isfinite(hi):
        raise RuntimeError(f"rrelu: upper bound must be finite, got {hi}")
    if lo > hi:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if not training:
        return _pointwise(input, inplace, _LEAKY, "rrelu", (lo + hi) / 2, 0.0, (lo, hi))
    gen = _random.default_generator() if generator is None else generator
    if not isinstance(gen, np.random.Generator):
        raise TypeError(f"rrelu(): generator must be a numpy.random.Generator, not {type(gen).__name__}")
    if inplace:
        if type(input) is _ndarray and input.size == 0:
            check_inplace(input.reshape(0), "rrelu")
            _check_fits(input.dtype, (lo, hi))
            return input
        x = check_inplace(input, "rrelu")
        _check_fits(x.dtype, (lo, hi))
        work = x if (x.flags.c_contiguous and x.flags.aligned and x.dtype.isnative) else \
            as_contiguous_float(x).copy()
        out = work
    else:
        work = as_contiguous_float(input)
        _check_fits(work.dtype, (lo, hi))
        out = new_output(work.shape, work.dtype)
    if work.size:
        noise = gen.uniform(lo, hi, work.size).astype(work.dtype, copy=False)
        _C.rrelu_fwd(work, noise, out)
    if inplace:
        if out is not input:
            input[...] = out
        return input
    return out


def rrelu_(input: np.ndarray, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
           *, generator: Optional[np.random.Generator] = None) -> np.ndarray:
    r"""rrelu_(input, lower=1./8, upper=1./3, training=False, *, generator=None) -> ndarray

    In-place version of :func:`rrelu`.
    """
    return rrelu(input, lower, upper, training, True, generator=generator)


def sigmoid(input: Any) -> np.ndarray:
    r"""sigmoid(input) -> ndarray

    Applies :math:`\sigma(x) = \frac{1}{1 + e^{-x}}` element-wise, computed
    stably (:math:`e^{-|x|}` never overflows; tiny results keep their
    precision).

    See :class:`cnnops.nn.Sigmoid` for more details.

    Example::

        >>> cnnops.functional.sigmoid(np.array([0.0]))
        array([0.5])
    """
    return _out(_SIGMOID, input)


def tanh(input: Any) -> np.ndarray:
    r"""tanh(input) -> ndarray

    Applies :math:`\tanh(x)` element-wise (``tanh(-0.0)`` is ``-0.0``).

    See :class:`cnnops.nn.Tanh` for more details.

    Example::

        >>> cnnops.functional.tanh(np.array([0.0]))
        array([0.])
    """
    return _out(_TANH, input)


def hardsigmoid(input: Any, inplace: bool = False) -> np.ndarray:
    r"""hardsigmoid(input, inplace=False) -> ndarray

    Applies :math:`\text{Hardsigmoid}(x) = \min(\max(x + 3, 0), 6) / 6` element-wise.

    See :class:`cnnops.nn.Hardsigmoid` for more details.

    Example::

        >>> cnnops.functional.hardsigmoid(np.array([-4.0, 0.0, 4.0]))
        array([0. , 0.5, 1. ])
    """
    return _pointwise(input, inplace, _HSIG, "hardsigmoid")


def hardswish(input: Any, inplace: bool = False) -> np.ndarray:
    r"""hardswish(input, inplace=False) -> ndarray

    Applies :math:`\text{Hardswish}(x) = x \cdot \min(\max(x + 3, 0), 6) / 6`
    element-wise (``hardswish(-inf)`` is NaN, as in PyTorch).

    See :class:`cnnops.nn.Hardswish` for more details.

    Example::

        >>> cnnops.functional.hardswish(np.array([-4.0, 1.0, 4.0]))
        array([-0.        ,  0.66666667,  4.        ])
    """
    return _pointwise(input, inplace, _HSWISH, "hardswish")


def silu(input: Any, inplace: bool = False) -> np.ndarray:
    r"""silu(input, inplace=False) -> ndarray

    Applies the Sigmoid Linear Unit :math:`\text{SiLU}(x) = x \sigma(x)`
    element-wise (``silu(-inf)`` is NaN, as in PyTorch).

    See :class:`cnnops.nn.SiLU` for more details.

    Example::

        >>> cnnops.functional.silu(np.array([0.0, 1.0]))
        array([0.        , 0.73105858])
    """
    return _pointwise(input, inplace, _SILU, "silu")


def mish(input: Any, inplace: bool = False) -> np.ndarray:
    r"""mish(input, inplace=False) -> ndarray

    Applies :math:`\text{Mish}(x) = x \tanh(\text{softplus}(x))` element-wise
    (``mish(-inf)`` is NaN, as in PyTorch).

    See :class:`cnnops.nn.Mish` for more details.

    Example::

        >>> cnnops.functional.mish(np.array([0.0, 1.0]))
        array([0.        , 0.86509839])
    """
    return _pointwise(input, inplace, _MISH, "mish")


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    r"""softplus(input, beta=1, threshold=20) -> ndarray

    Applies :math:`\text{Softplus}(x) = \frac{1}{\beta} \log(1 + e^{\beta x})`
    element-wise, reverting to :math:`x` where :math:`\beta x > \text{threshold}`
    (strictly).  The logarithm is evaluated stably, so it never overflows
    (PyTorch gives ``inf`` for float32 :math:`\beta x > 88.7` below a raised
    threshold; cnnops gives the finite value).

    See :class:`cnnops.nn.Softplus` for more details.

    Example::

        >>> cnnops.functional.softplus(np.array([0.0, 30.0]))
        array([ 0.69314718, 30.        ])
    """
    b = _number(beta, "softplus", "beta", 2)
    t = _number(threshold, "softplus", "threshold", 3)
    return _out(_SOFTPLUS, input, b, t, (b, t))


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> np.ndarray:
    r"""elu(input, alpha=1.0, inplace=False) -> ndarray

    Applies :math:`\text{ELU}(x) = x \text{ if } x > 0 \text{ else } \alpha (e^x - 1)`
    element-wise (``expm1`` is used, so small negative inputs keep their precision).

    See :class:`cnnops.nn.ELU` for more details.

    Example::

        >>> cnnops.functional.elu(np.array([-1.0, 2.0]))
        array([-0.63212056,  2.        ])
    """
    a = _number(alpha, "elu", "alpha", 2)
    return _pointwise(input, inplace, _ELU, "elu", a, 0.0, (a,))


def elu_(input: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    r"""elu_(input, alpha=1.0) -> ndarray

    In-place version of :func:`elu`.
    """
    return elu(input, alpha, inplace=True)


def gelu(input: Any, approximate: str = "none") -> np.ndarray:
    r"""gelu(input, approximate='none') -> ndarray

    Applies the Gaussian Error Linear Unit element-wise:
    :math:`\text{GELU}(x) = x \Phi(x) = \frac{x}{2}\left(1 + \text{erf}(x / \sqrt{2})\right)`,
    or with ``approximate='tanh'``
    :math:`\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)\right)\right)`.
    ``gelu(-inf)`` is NaN, exact ``gelu(+inf)`` is ``+inf`` and ``gelu(-0.0)``
    is ``-0.0`` in both dtypes, on every CPU: PyTorch's float64 kernel.  (PyTorch
    2.13's float32 kernels differ by CPU there: NaN and ``-0.0`` with AVX-512,
    ``+inf`` and ``+0.0`` with AVX2.)

    Raises:
        TypeError: ``approximate`` is not a string.
        RuntimeError: ``approximate`` is neither ``'none'`` nor ``'tanh'``.

    See :class:`cnnops.nn.GELU` for more details.

    Example::

        >>> cnnops.functional.gelu(np.array([-1.0, 0.0, 1.0]))
        array([-0.15865525,  0.        ,  0.84134475])
    """
    if approximate == "none":
        return _out(_GELU, input)
    if approximate == "tanh":
        return _out(_GELU_TANH, input)
    if not isinstance(approximate, str):
        raise TypeError(f"gelu(): argument 'approximate' must be str, not {type(approximate).__name__}")
    raise RuntimeError("approximate argument must be either none or tanh.")

