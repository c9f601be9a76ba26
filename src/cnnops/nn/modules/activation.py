"""Activation modules (thin wrappers over cnnops.functional), as torch.nn's."""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ... import functional as F
from ..parameter import Parameter
from .module import Module

__all__ = [
    "ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "Sigmoid", "Tanh", "Hardsigmoid",
    "Hardswish", "SiLU", "Mish", "Softplus", "ELU", "GELU",
]

_relu = F.relu


def _inplace_repr(inplace: bool) -> str:
    return "inplace=True" if inplace else ""


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
        return _relu(input, self.inplace)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class ReLU6(Module):
    r"""Applies :math:`\text{ReLU6}(x) = \min(\max(0, x), 6)` element-wise.

    Args:
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.ReLU6()(np.array([-1.0, 3.0, 7.0]))
        array([0., 3., 6.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.min_val = 0.0
        self.max_val = 6.0
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.relu6(input, self.inplace)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class LeakyReLU(Module):
    r"""Applies element-wise
    :math:`\text{LeakyReLU}(x) = \max(0, x) + \text{negative\_slope} \cdot \min(0, x)`.

    Args:
        negative_slope (float): slope for :math:`x \le 0` (any real value). Default: ``1e-2``
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.LeakyReLU(0.1)(np.array([-1.0, 2.0, -3.0, 4.0, 0.0]))
        array([-0.1,  2. , -0.3,  4. ,  0. ])
    """

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        inplace_str = ", inplace=True" if self.inplace else ""
        return f"negative_slope={self.negative_slope}{inplace_str}"


class PReLU(Module):
    r"""Applies :math:`\text{PReLU}(x) = \max(0,x) + a \cdot \min(0,x)` element-wise
    with a learnable slope :math:`a`: one shared slope, or one per channel
    (dimension 1 of the input) when ``num_parameters`` is the channel count.

    Args:
        num_parameters (int): number of slopes, 1 or the input's channel count. Default: 1
        init (float): initial value of every slope. Default: 0.25
        dtype: dtype of ``weight`` (float32 or float64). Default: float32

    Attributes:
        weight (Parameter): the slopes, shape ``(num_parameters,)``.

    Shape:
        - Input: :math:`(N, C, *)`, :math:`(C)` or :math:`()`. Output: same shape.
        - The input dtype must equal ``weight``'s (as in PyTorch; no promotion).

    Example::

        >>> m = cnnops.nn.PReLU(2)
        >>> m(np.array([[-1.0, 2.0], [-4.0, -8.0]], np.float32))
        array([[-0.25,  2.  ],
               [-1.  , -2.  ]], dtype=float32)
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None,
                 dtype: Any = None) -> None:
        if isinstance(num_parameters, bool) or not isinstance(num_parameters, (int, np.integer)):
            raise TypeError(
                "empty(): argument 'size' (position 1) must be tuple of ints, not "
                f"{type(num_parameters).__name__}"
            )
        if num_parameters < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {num_parameters}: [{num_parameters}]"
            )
        dt = np.dtype(np.float32 if dtype is None else dtype)
        if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise TypeError(f"PReLU: unsupported dtype {dt}; cnnops supports float32 and float64")
        super().__init__()
        self.num_parameters = int(num_parameters)
        self.init = init
        self.weight = Parameter(np.empty(self.num_parameters, dt))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Fill ``weight`` with ``init``."""
        self.weight[...] = self.init

    def forward(self, input: Any) -> np.ndarray:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    r"""Randomized leaky ReLU: :math:`x` if :math:`x > 0` else :math:`a x`.

    In training mode (``module.training``, the default) every element with
    :math:`x \le 0` gets its own slope :math:`a \sim \mathcal{U}(\text{lower}, \text{upper})`
    from ``generator`` or cnnops' seedable generator (:func:`cnnops.manual_seed`);
    after ``eval()`` the slope is :math:`(\text{lower} + \text{upper}) / 2`.
    ``lower > upper`` is accepted here and raises ``RuntimeError`` on the
    first call, as in PyTorch.

    Args:
        lower (float): lower bound of the uniform distribution. Default: :math:`1/8`
        upper (float): upper bound of the uniform distribution. Default: :math:`1/3`
        inplace (bool): write the result into the input array. Default: ``False``
        generator (numpy.random.Generator, optional): noise source for this
            module (cnnops extension). Default: cnnops' global generator.

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> m = cnnops.nn.RReLU(0.1, 0.3).eval()
        >>> m(np.array([-1.0, 2.0]))
        array([-0.2,  2. ])
    """

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False,
                 generator: Optional[np.random.Generator] = None) -> None:
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace
        self.generator = generator

    def forward(self, input: Any) -> np.ndarray:
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace,
                       generator=self.generator)

    def extra_repr(self) -> str:
        inplace_str = ", inplace=True" if self.inplace else ""
        return f"lower={self.lower}, upper={self.upper}{inplace_str}"


class Sigmoid(Module):
    r"""Applies :math:`\text{Sigmoid}(x) = \sigma(x) = \frac{1}{1 + e^{-x}}` element-wise.

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Sigmoid()(np.array([[0.0, 1.0], [-1.0, 2.0]], np.float32))
        array([[0.5       , 0.7310586 ],
               [0.26894143, 0.880797  ]], dtype=float32)
    """

    def forward(self, input: Any) -> np.ndarray:
        return F.sigmoid(input)


class Tanh(Module):
    r"""Applies :math:`\tanh(x)` element-wise.

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Tanh()(np.array([0.0, 1.0]))
        array([0.        , 0.76159416])
    """

    def forward(self, input: Any) -> np.ndarray:
        return F.tanh(input)


class Hardsigmoid(Module):
    r"""Applies :math:`\text{Hardsigmoid}(x) = \min(\max(x + 3, 0), 6) / 6` element-wise.

    Args:
        inplace (bool): write the result into the input array. Default: ``False``
            (not shown in ``repr``, as in PyTorch).

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Hardsigmoid()(np.array([-4.0, 0.0, 1.5, 4.0]))
        array([0.  , 0.5 , 0.75, 1.  ])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.hardsigmoid(input, self.inplace)


class Hardswish(Module):
    r"""Applies :math:`\text{Hardswish}(x) = x \cdot \min(\max(x + 3, 0), 6) / 6` element-wise.

    Args:
        inplace (bool): write the result into the input array. Default: ``False``
            (not shown in ``repr``, as in PyTorch).

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Hardswish()(np.array([-4.0, 1.0, 4.0]))
        array([-0.        ,  0.66666667,  4.        ])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.hardswish(input, self.inplace)


class SiLU(Module):
    r"""Applies the Sigmoid Linear Unit :math:`\text{SiLU}(x) = x \sigma(x)` element-wise.

    Args:
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.SiLU()(np.array([0.0, 1.0]))
        array([0.        , 0.73105858])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.silu(input, self.inplace)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class Mish(Module):
    r"""Applies :math:`\text{Mish}(x) = x \tanh(\text{Softplus}(x))` element-wise.

    Args:
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Mish()(np.array([0.0, 1.0]))
        array([0.        , 0.86509839])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.mish(input, self.inplace)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class Softplus(Module):
    r"""Applies :math:`\text{Softplus}(x) = \frac{1}{\beta} \log(1 + e^{\beta x})`
    element-wise, and :math:`x` where :math:`\beta x > \text{threshold}`.

    Args:
        beta (float): the :math:`\beta` value. Default: 1.0
        threshold (float): above it the function is the identity. Default: 20.0

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.Softplus(beta=2)(np.array([0.0, 1.0]))
        array([0.34657359, 1.06346401])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Any) -> np.ndarray:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class ELU(Module):
    r"""Applies :math:`\text{ELU}(x) = x` if :math:`x > 0` else :math:`\alpha (e^x - 1)` element-wise.

    Args:
        alpha (float): the :math:`\alpha` value. Default: 1.0
        inplace (bool): write the result into the input array. Default: ``False``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.ELU()(np.array([-1.0, 2.0]))
        array([-0.63212056,  2.        ])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Any) -> np.ndarray:
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        inplace_str = ", inplace=True" if self.inplace else ""
        return f"alpha={self.alpha}{inplace_str}"


class GELU(Module):
    r"""Applies the Gaussian Error Linear Unit :math:`\text{GELU}(x) = x \Phi(x)` element-wise,
    or its tanh approximation
    :math:`0.5 x (1 + \tanh(\sqrt{2/\pi} (x + 0.044715 x^3)))` with ``approximate='tanh'``.

    Args:
        approximate (str): ``'none'`` or ``'tanh'``; anything else raises
            ``RuntimeError`` on call (as in PyTorch). Default: ``'none'``

    Shape:
        - Input: :math:`(*)`. Output: :math:`(*)`, same shape.

    Example::

        >>> cnnops.nn.GELU()(np.array([-1.0, 0.0, 1.0]))
        array([-0.15865525,  0.        ,  0.84134475])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Any) -> np.ndarray:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={repr(self.approximate)}"
