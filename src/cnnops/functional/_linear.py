"""Functional linear ops (see cnnops.nn.modules.linear for the module forms).

``linear`` runs on cnnops' own GEMM (csrc/gemm: packed, cache-blocked,
AVX-512 / AVX2+FMA / portable micro-kernels, OpenMP over blocks of the
output, bitwise identical for any thread count).  ``gemm`` exposes that GEMM
directly, BLAS style.  ``flatten`` is a reshape (a view when possible).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _linear as _C
from .._validation import as_float_array, new_output, normalize_dim

__all__ = ["linear", "flatten", "gemm"]

_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_TORCH_NAME = {np.dtype(np.float32): "Float", np.dtype(np.float64): "Double"}


def _tname(a: np.ndarray) -> str:
    return _TORCH_NAME.get(a.dtype, str(a.dtype))


def _kernel_view(a: np.ndarray) -> np.ndarray:
    """``a`` if the C GEMM can take its strides (multiples of the item size,
    native byte order, aligned elements), else a C-contiguous copy."""
    it = a.itemsize
    if a.dtype.isnative and a.flags.aligned and all(s % it == 0 for s in a.strides):
        return a
    return np.array(a, dtype=a.dtype.newbyteorder("="), order="C", copy=True)


def _fmt_shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _check_expand(b: np.ndarray, target: tuple[int, ...]) -> None:
    """PyTorch's expand() errors for a bias that cannot expand to ``target``."""
    if b.ndim > len(target):
        raise RuntimeError(
            f"expand(torch.{_tname(b)}Tensor{{{_fmt_shape(b.shape)}}}, size={_fmt_shape(target)}): "
            f"the number of sizes provided ({len(target)}) must be greater or equal to the "
            f"number of dimensions in the tensor ({b.ndim})"
        )
    off = len(target) - b.ndim
    for i, s in enumerate(b.shape):
        if s != 1 and s != target[off + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({target[off + i]}) must match the existing size "
                f"({s}) at non-singleton dimension {off + i}.  Target sizes: {_fmt_shape(target)}.  "
                f"Tensor sizes: {_fmt_shape(b.shape)}"
            )


def _check_broadcast_into(b: np.ndarray, out_shape: tuple[int, ...]) -> None:
    """PyTorch's errors for ``out += bias`` when bias does not fit ``out``."""
    nd = max(len(out_shape), b.ndim)
    a_s = (1,) * (nd - len(out_shape)) + tuple(out_shape)
    b_s = (1,) * (nd - b.ndim) + tuple(b.shape)
    for i in range(nd - 1, -1, -1):
        if a_s[i] != b_s[i] and a_s[i] != 1 and b_s[i] != 1:
            raise RuntimeError(
                f"The size of tensor a ({a_s[i]}) must match the size of tensor b ({b_s[i]}) "
                f"at non-singleton dimension {i}"
            )
    bshape = tuple(x if y == 1 else y for x, y in zip(a_s, b_s))
    if bshape != tuple(out_shape):
        raise RuntimeError(
            f"output with shape {_fmt_shape(out_shape)} doesn't match the broadcast shape "
            f"{_fmt_shape(bshape)}"
        )


def linear(input: Any, weight: Any, bias: Any = None) -> np.ndarray:
    r"""linear(input, weight, bias=None) -> ndarray

    Applies an affine transformation to the last dimension of ``input``:
    :math:`y = x W^T + b`.

    Computed by cnnops' own GEMM with the bias fused into the kernel's store;
    ``input`` and ``weight`` of any strides are used in place (no transposed
    or contiguous copies).  Each output element is a plain sum of products,
    so NaN and Inf propagate as in a dot product.  Results are bitwise
    identical for any thread count.

    Args:
        input: array of shape :math:`(*, \text{in\_features})` (1-D allowed).
        weight: array of shape :math:`(\text{out\_features}, \text{in\_features})`
            (a 1-D weight gives ``input @ weight``).
        bias: ``None`` or an array broadcastable to the output, usually
            :math:`(\text{out\_features})`.

    Shape:
        - Input: :math:`(*, H_{in})`, any number of leading dimensions (0 allowed).
        - Weight: :math:`(H_{out}, H_{in})`.
        - Output: :math:`(*, H_{out})`.  ``in_features == 0`` gives the bias.

    Dtypes: float32 and float64 (int and bool inputs become float32);
    ``input`` and ``weight`` (and ``bias``) must have the same dtype, as in
    PyTorch.

    See :class:`cnnops.nn.Linear` for more details.

    Example::

        >>> w = np.array([[1., 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]], np.float32)
        >>> cnnops.functional.linear(np.array([[1., 2, 3]], np.float32), w, np.full(4, 0.5, np.float32))
        array([[ 6.5, 12.5, 18.5, 24.5]], dtype=float32)
    """
    # Fast path (the per-call cost of a small Linear): 2-D float input and
    # weight of one dtype, a matching 1-D bias or none, kernel-ready strides.
    # Anything else takes the general path below, which checks and explains.
    if (isinstance(input, np.ndarray) and isinstance(weight, np.ndarray) and input.ndim == 2
            and weight.ndim == 2 and input.dtype is weight.dtype
            and (input.dtype is _F32 or input.dtype is _F64)
            and input.shape[1] == weight.shape[1]
            and input.flags.aligned and weight.flags.aligned
            and (bias is None or (isinstance(bias, np.ndarray) and bias.dtype is input.dtype
                                  and bias.shape == (weight.shape[0],)
                                  and bias.flags.c_contiguous and bias.flags.aligned))):
        it = input.itemsize
        sx, sw = input.strides, weight.strides
        if sx[0] % it == 0 and sx[1] % it == 0 and sw[0] % it == 0 and sw[1] % it == 0:
            y = new_output((input.shape[0], weight.shape[0]), input.dtype)
            _C.linear_fwd(input, weight, bias, y)
            return y
    x = as_float_array(input, "input")
    w = as_float_array(weight, "weight")
    if x.ndim == 0 or w.ndim == 0:
        raise RuntimeError(
            f"both arguments to linear need to be at least 1D, but they are {x.ndim}D and {w.ndim}D"
        )
    if w.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {w.ndim}D")
    b = None if bias is None else as_float_array(bias, "bias")
    if b is not None:
        if b.dtype != w.dtype:
            raise RuntimeError(
                f"self and mat2 must have the same dtype, but got {_tname(b)} and {_tname(w)}"
            )
        if x.dtype != w.dtype:
            raise RuntimeError(
                f"mat1 and mat2 must have the same dtype, but got {_tname(x)} and {_tname(w)}"
            )
    elif x.dtype != w.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: "
            f"{_tname(x).lower()} != {_tname(w).lower()}"
        )

    in_x = x.shape[-1]
    lead = x.shape[:-1]
    m = math.prod(lead)
    if w.ndim == 1:  # matrix-vector product, as torch.matmul
        if b is not None and x.ndim == 2:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        if w.shape[0] != in_x:
            raise RuntimeError(
                f"size mismatch, got input ({m}), mat ({m}x{in_x}), vec ({w.shape[0]})"
            )
        w2 = w.reshape(1, -1)
        out_shape = lead
    else:
        if w.shape[1] != in_x:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied "
                f"({m}x{in_x} and {w.shape[1]}x{w.shape[0]})"
            )
        w2 = w
        out_shape = lead + (w.shape[0],)
    n = w2.shape[0]

    fused = None
    if b is not None:
        if x.ndim == 2 and w.ndim == 2:
            _check_expand(b, (m, n))
        elif x.ndim == 1 and w.ndim == 2 and b.ndim >= 2:
            # PyTorch runs a 1-D input as a (1, in) matrix: a 2-D bias must
            # expand to (1, out), and only a (1, out) one is accepted -- except
            # for out_features == 1, where PyTorch 2.13 rejects (1, 1) too.
            if b.ndim > 2 or b.shape[-1] != n or n == 1:
                _check_expand(b, (1, n))
            if b.shape != (1, n) or n == 1:
                raise RuntimeError(
                    f"output with shape {_fmt_shape(out_shape)} doesn't match the broadcast shape "
                    f"{_fmt_shape((b.shape[0] if b.shape[-1] == n else 1, n))}"
                )
            b = b.reshape(n)
        else:
            _check_broadcast_into(b, out_shape)
        if b.ndim == 1 and b.shape[0] == n:
            fused = b if b.dtype.isnative and b.flags.c_contiguous and b.flags.aligned else \
                np.array(b, dtype=b.dtype.newbyteorder("="), order="C", copy=True)

    x2 = _kernel_view(x.reshape(m, in_x))
    y = new_output((m, n), x.dtype)
    _C.linear_fwd(x2, _kernel_view(w2), fused, y)
    y = y.reshape(out_shape)
    if b is not None and fused is None:
        y += b  # broadcasting bias (checked above to fit the output's shape)
    return y


def flatten(input: Any, start_dim: int = 0, end_dim: int = -1) -> np.ndarray:
    r"""flatten(input, start_dim=0, end_dim=-1) -> ndarray

    Flattens dimensions ``start_dim`` .. ``end_dim`` of ``input`` into one,
    as ``torch.flatten``: a view when the memory layout allows, else a copy.
    ``start_dim == end_dim`` returns ``input`` itself; a 0-d input becomes
    shape ``(1,)``.  The dtype is kept (this is a reshape, not a kernel).

    Args:
        input: array-like.
        start_dim (int): first dimension to flatten. Default: 0
        end_dim (int): last dimension to flatten. Default: -1

    Example::

        >>> cnnops.flatten(np.zeros((8, 3, 32, 32)), 1).shape
        (8, 3072)
    """
    x = input if isinstance(input, np.ndarray) else np.asarray(input)
    nd = x.ndim
    s = normalize_dim(start_dim, nd)
    e = normalize_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if nd == 0:
        return x.reshape(1)
    if s == e:
        return x
    shape = x.shape[:s] + (math.prod(x.shape[s : e + 1]),) + x.shape[e + 1 :]
    return x.reshape(shape)


def gemm(a: Any, b: Any, c: np.ndarray | None = None, *, alpha: float = 1.0,
         beta: float = 0.0) -> np.ndarray:
    r"""gemm(a, b, c=None, *, alpha=1.0, beta=0.0) -> ndarray

    General matrix multiply on cnnops' GEMM, BLAS style:
    :math:`C = \alpha A B + \beta C` for 2-D ``a`` (m x k) and ``b`` (k x n).

    Any strides are used in place (``a.T`` costs nothing).  Without ``c`` a
    new C-ordered result is returned (``beta`` is then ignored); with ``c`` (a
    writeable float array of ``a``'s dtype, shape (m, n), any strides, not
    overlapping ``a`` or ``b``) the result is written into it and ``c`` is
    returned.  As BLAS: ``beta == 0`` does not read ``c``; ``alpha == 0`` or
    ``k == 0`` gives ``beta * c`` without reading ``a`` and ``b``.  Bitwise
    identical for any thread count.

    Example::

        >>> a = np.arange(6, dtype=np.float64).reshape(2, 3)
        >>> cnnops.functional.gemm(a, a.T)
        array([[ 5., 14.],
               [14., 50.]])
    """
    A = as_float_array(a, "a")
    B = as_float_array(b, "b")
    if A.ndim != 2 or B.ndim != 2:
        raise RuntimeError(f"gemm: a and b must be 2-D, got {A.ndim}-D and {B.ndim}-D")
    if A.dtype != B.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: "
            f"{_tname(A).lower()} != {_tname(B).lower()}"
        )
    if A.shape[1] != B.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied "
            f"({A.shape[0]}x{A.shape[1]} and {B.shape[0]}x{B.shape[1]})"
        )
    shape = (A.shape[0], B.shape[1])
    if c is None:
        out = new_output(shape, A.dtype)
        _C.gemm(_kernel_view(A), _kernel_view(B), out, float(alpha), 0.0)
        return out
    if not isinstance(c, np.ndarray) or c.dtype != A.dtype:
        raise TypeError(f"gemm: c must be a numpy.ndarray of dtype {A.dtype}")
    if c.shape != shape:
        raise RuntimeError(f"gemm: c has shape {c.shape}, expected {shape}")
    if not c.flags.writeable:
        raise ValueError("gemm: c is read-only")
    if np.may_share_memory(c, A) or np.may_share_memory(c, B):
        raise ValueError("gemm: c must not overlap a or b")
    if c.dtype.isnative and c.flags.aligned and all(s % c.itemsize == 0 for s in c.strides) and (
        c.size <= 1 or all(s != 0 for s, d in zip(c.strides, c.shape) if d > 1)
    ):
        _C.gemm(_kernel_view(A), _kernel_view(B), c, float(alpha), float(beta))
    else:
        tmp = np.array(c, dtype=c.dtype.newbyteorder("="), order="C", copy=True)
        _C.gemm(_kernel_view(A), _kernel_view(B), tmp, float(alpha), float(beta))
        c[...] = tmp
    return c
