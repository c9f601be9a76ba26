"""Parameter initialisation, as torch.nn.init (drawing from cnnops' generator)."""
from __future__ import annotations

import math

import numpy as np

from .._random import default_generator

__all__ = [
    "calculate_gain", "uniform_", "normal_", "constant_", "zeros_", "ones_",
    "kaiming_uniform_", "kaiming_normal_", "xavier_uniform_", "xavier_normal_",
]


def _gen(generator: np.random.Generator | None) -> np.random.Generator:
    return default_generator() if generator is None else generator


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """Recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``."""
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                  "conv_transpose2d", "conv_transpose3d", "sigmoid"]
    if nonlinearity in linear_fns:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {slope} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fans(a: np.ndarray) -> tuple[int, int]:
    if a.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = int(np.prod(a.shape[2:])) if a.ndim > 2 else 1
    return a.shape[1] * receptive, a.shape[0] * receptive


def uniform_(a: np.ndarray, low: float = 0.0, high: float = 1.0,
             generator: np.random.Generator | None = None) -> np.ndarray:
    """Fill ``a`` in place with U(low, high) and return it."""
    a[...] = _gen(generator).uniform(low, high, size=a.shape)
    return a


def normal_(a: np.ndarray, mean: float = 0.0, std: float = 1.0,
            generator: np.random.Generator | None = None) -> np.ndarray:
    """Fill ``a`` in place with N(mean, std²) and return it."""
    a[...] = _gen(generator).normal(mean, std, size=a.shape)
    return a


def constant_(a: np.ndarray, val: float) -> np.ndarray:
    """Fill ``a`` in place with ``val`` and return it."""
    a[...] = val
    return a


def zeros_(a: np.ndarray) -> np.ndarray:
    """Fill ``a`` with zeros."""
    return constant_(a, 0.0)


def ones_(a: np.ndarray) -> np.ndarray:
    """Fill ``a`` with ones."""
    return constant_(a, 1.0)


def kaiming_uniform_(a_: np.ndarray, a: float = 0.0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu",
                     generator: np.random.Generator | None = None) -> np.ndarray:
    r"""He uniform init: U(-b, b), :math:`b = \text{gain}\sqrt{3/\text{fan\_mode}}`."""
    if 0 in a_.shape:
        return a_
    fan_in, fan_out = _fans(a_)
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode)
    if fan is None:
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    bound = math.sqrt(3.0) * calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return uniform_(a_, -bound, bound, generator)


def kaiming_normal_(a_: np.ndarray, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu",
                    generator: np.random.Generator | None = None) -> np.ndarray:
    r"""He normal init: N(0, std²), :math:`\text{std} = \text{gain}/\sqrt{\text{fan\_mode}}`."""
    if 0 in a_.shape:
        return a_
    fan_in, fan_out = _fans(a_)
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode)
    if fan is None:
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    return normal_(a_, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(fan), generator)


def xavier_uniform_(a: np.ndarray, gain: float = 1.0,
                    generator: np.random.Generator | None = None) -> np.ndarray:
    r"""Glorot uniform init: :math:`b = \text{gain}\sqrt{6/(\text{fan\_in}+\text{fan\_out})}`."""
    fan_in, fan_out = _fans(a)
    bound = gain * math.sqrt(6.0 / float(fan_in + fan_out))
    return uniform_(a, -bound, bound, generator)


def xavier_normal_(a: np.ndarray, gain: float = 1.0,
                   generator: np.random.Generator | None = None) -> np.ndarray:
    r"""Glorot normal init: :math:`\text{std} = \text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}`."""
    fan_in, fan_out = _fans(a)
    return normal_(a, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)
