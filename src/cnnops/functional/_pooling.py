"""Functional pooling ops (see :mod:`cnnops.nn.modules.pooling` for the module forms).

Every function follows ``torch.nn.functional``'s signature, output shapes and
errors (exception class and message, checked in PyTorch's order).  The
arguments are normalised and validated here; the C kernels (cnnops._pooling)
validate again and never read or write out of bounds.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from .. import _pooling as _C
from .._validation import as_float_array, contiguous, new_output
from .._validation import is_int as _is_int

__all__ = [
    "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "max_unpool1d", "max_unpool2d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d",
]

_IntOrSeq = Union[int, Sequence[int]]

_TORCH_DTYPE_NAMES = {
    "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
    "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64", "bool": "Bool",
    "float16": "Half", "float32": "Float", "float64": "Double",
    "complex64": "ComplexFloat", "complex128": "ComplexDouble",
}


# -- argument helpers (PyTorch's integer-list parsing and checks) ------------------------
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _int_list(v: Any, op: str, name: str, pos: int) -> list[int]:
    """An int or a sequence of ints as a list, else PyTorch's TypeError
    (ValueError for an int outside int64, as PyTorch's argument parser)."""
    if _is_int(v):
        if not _INT64_MIN <= int(v) <= _INT64_MAX:
            raise ValueError("Overflow when unpacking long long")
        return [int(v)]
    if isinstance(v, (tuple, list)):
        out = []
        for i, e in enumerate(v):
            if not _is_int(e):
                raise TypeError(
                    f"{op}(): argument '{name}' failed to unpack the object at pos {pos} with "
                    f'error "type must be tuple of ints,but got {type(e).__name__}"'
                )
            if not _INT64_MIN <= int(e) <= _INT64_MAX:
                raise TypeError(
                    f"{op}(): argument '{name}' failed to unpack the object at pos {pos} with "
                    f'error "Overflow when unpacking long long"'
                )
            out.append(int(e))
        return out
    raise TypeError(f"{op}(): argument '{name}' (position {pos}) must be tuple of ints, "
                    f"not {type(v).__name__}")


def _one_window_stride(s: int, out: int, size: int, pad: int) -> int:
    """The stride to hand the C core (int32 parameters).  PyTorch accepts any
    int64 stride; one beyond int32 can only give a single output window
    (the input would need 2**31 elements for two), and there any stride of
    at least the padded input size gives the same result, so clamp it."""
    if s <= _INT32_MAX or out > 1:
        return s
    return max(_INT32_MAX, size + 2 * pad + 1)


_INT32_MAX = (1 << 31) - 1


def _cdiv(a: int, b: int) -> int:
    """C++ integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _pool_out(in_: int, k: int, p: int, s: int, d: int, ceil_mode: bool) -> int:
    """ATen's pooling_output_shape, with its checks, for one dim."""
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > _cdiv((k - 1) * d + 1, 2):
        raise RuntimeError(
            f"pad should be at most half of effective kernel size, but got pad={p}, "
            f"kernel_size={k} and dilation={d}"
        )
    out = (in_ + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= in_ + p:
        out -= 1
    return out


def _shape_str(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(s)) for s in shape) + "]"


def _pool2d_shape_check(shape: tuple[int, ...], kh: int, kw: int, sh: int, sw: int, ph: int,
                        pw: int, dh: int, dw: int, oh: int, ow: int) -> None:
    """ATen's pool2d_shape_check."""
    if not (kw > 0 and kh > 0):
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kh} kW: {kw}")
    if not (sw > 0 and sh > 0):
        raise RuntimeError(f"stride should be greater than zero, but got dH: {sh} dW: {sw}")
    if not (dh > 0 and dw > 0):
        raise RuntimeError(
            f"dilation should be greater than zero, but got dilationH: {dh} dilationW: {dw}"
        )
    nd = len(shape)
    valid_dims = nd >= 3 and shape[1] != 0 and shape[2] != 0
    if not ((nd == 3 and shape[0] != 0 and valid_dims) or (nd == 4 and valid_dims and shape[3] != 0)):
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
            f"but got:{_shape_str(shape)}"
        )
    if not (_cdiv(kw, 2) >= pw and _cdiv(kh, 2) >= ph):
        raise RuntimeError(
            "pad should be smaller than or equal to half of kernel size, but got "
            f"padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}"
        )
    if ow < 1 or oh < 1:
        c, h, w = shape[-3], shape[-2], shape[-1]
        raise RuntimeError(
            f"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{oh}x{ow}). "
            "Output size is too small"
        )


def _pair_args(op: str, kernel_size: Any, stride: Any, padding: Any, dilation: Any,
               with_dilation: bool) -> tuple[int, int, int, int, int, int, int, int]:
    """PyTorch's 2-D argument-length checks and defaults -> kh, kw, sh, sw, ph, pw, dh, dw."""
    k = _int_list(kernel_size, op, "kernel_size", 2)
    s = [] if stride is None else _int_list(stride, op, "stride", 3)
    p = _int_list(padding, op, "padding", 4)
    d = _int_list(dilation, op, "dilation", 5) if with_dilation else [1]
    if len(k) not in (1, 2):
        raise RuntimeError(f"{op}: kernel_size must either be a single int, or a tuple of two ints")
    if len(s) not in (0, 1, 2):
        raise RuntimeError(
            f"{op}: stride must either be omitted, a single int, or a tuple of two ints"
        )
    if len(p) not in (1, 2):
        raise RuntimeError(f"{op}: padding must either be a single int, or a tuple of two ints")
    if len(d) not in (1, 2):
        raise RuntimeError(f"{op}: dilation must be either a single int, or a tuple of two ints")
    kh = k[0]
    kw = kh if len(k) == 1 else k[1]
    sh = kh if not s else s[0]
    sw = kw if not s else (sh if len(s) == 1 else s[1])
    ph = p[0]
    pw = ph if len(p) == 1 else p[1]
    dh = d[0]
    dw = dh if len(d) == 1 else d[1]
    _check_int32(kh, kw, sh, sw, ph, pw, dh, dw)
    return kh, kw, sh, sw, ph, pw, dh, dw


def _check_int32(*values: int) -> None:
    """PyTorch's 2-D pooling kernels (and check1d) downcast their arguments to
    int; an argument beyond int32 is its RuntimeError (plain max_pool1d,
    which takes int64, does not come here)."""
    for v in values:
        if not -_INT32_MAX - 1 <= v <= _INT32_MAX:
            raise RuntimeError("value cannot be converted to type int without overflow")


def _check_1d_args(op: str, kernel_size: Any, stride: Any, padding: Any, dilation: Any,
                   with_dilation: bool) -> tuple[int, int, int, int]:
    """check1d of the 1-D ops (max_pool1d with indices, avg_pool1d) -> k, s, p, d."""
    k = _int_list(kernel_size, op, "kernel_size", 2)
    s = [] if stride is None else _int_list(stride, op, "stride", 3)
    if not s:
        s = k
    p = _int_list(padding, op, "padding", 4)
    d = _int_list(dilation, op, "dilation", 5) if with_dilation else [1]
    for name, v in (("kernel_size", k), ("stride", s), ("padding", p)) + (
            (("dilation", d),) if with_dilation else ()):
        if len(v) != 1:
            raise RuntimeError(f"{op}() argument '{name}' should contain one int (got {len(v)})")
    _check_int32(k[0], s[0], p[0], d[0])
    return k[0], s[0], p[0], d[0]


def _check_rank_1d(op: str, x: np.ndarray) -> None:
    if x.ndim not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for argument #1 "
            f"'self' (while checking arguments for {op})"
        )


def _as4d(x: np.ndarray) -> np.ndarray:
    """C-contiguous (N, C, H, W) view of a 3-D or 4-D input."""
    x = contiguous(x)
    return x[None] if x.ndim == 3 else x


# -- max pooling ------------------------------------------------------------------------
def _max_pool2d_impl(x: np.ndarray, kh: int, kw: int, sh: int, sw: int, ph: int, pw: int,
                     dh: int, dw: int, ceil_mode: bool, return_indices: bool,
                     shape_for_msgs: tuple[int, ...]) -> Any:
    oh = _pool_out(x.shape[-2], kh, ph, sh, dh, ceil_mode)
    ow = _pool_out(x.shape[-1], kw, pw, sw, dw, ceil_mode)
    _pool2d_shape_check(shape_for_msgs, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow)
    sh, sw = _one_window_stride(sh, oh, x.shape[-2], ph), _one_window_stride(sw, ow, x.shape[-1], pw)
    x4 = _as4d(x)
    n, c = x4.shape[0], x4.shape[1]
    y = new_output((n, c, oh, ow), x4.dtype)
    idx = new_output((n, c, oh, ow), np.dtype(np.int64)) if return_indices else None
    _C.maxpool2d_fwd(x4, y, idx, (kh, kw), (sh, sw), (ph, pw), (dh, dw), bool(ceil_mode))
    if x.ndim == 3:
        y = y[0]
        idx = idx[0] if idx is not None else None
    return (y, idx) if return_indices else y


def max_pool2d(input: Any, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
               padding: _IntOrSeq = 0, dilation: _IntOrSeq = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Any:
    r"""max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    2-D max pooling over an input of shape :math:`(N, C, H, W)` or :math:`(C, H, W)`.
    Returns the output, or ``(output, indices)`` with ``return_indices=True``
    (int64 flat offsets ``h * W + w`` within each input plane, as PyTorch).

    See :class:`cnnops.nn.MaxPool2d` for details.

    Example::

        >>> x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> cnnops.functional.max_pool2d(x, 2)
        array([[[[ 5.,  7.],
                 [13., 15.]]]], dtype=float32)
    """
    x = as_float_array(input)
    kh, kw, sh, sw, ph, pw, dh, dw = _pair_args("max_pool2d", kernel_size, stride, padding,
                                                dilation, True)
    if x.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    return _max_pool2d_impl(x, kh, kw, sh, sw, ph, pw, dh, dw, ceil_mode, return_indices,
                            x.shape)


def max_pool1d(input: Any, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
               padding: _IntOrSeq = 0, dilation: _IntOrSeq = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Any:
    r"""max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    1-D max pooling over an input of shape :math:`(N, C, L)` or :math:`(C, L)`.
    Returns the output, or ``(output, indices)`` with ``return_indices=True``.
    Validation and messages follow PyTorch's two code paths (with and
    without indices).

    See :class:`cnnops.nn.MaxPool1d` for details.

    Example::

        >>> cnnops.functional.max_pool1d(np.array([[[1., 3, 2, 5]]]), 2)
        array([[[3., 5.]]])
    """
    x = as_float_array(input)
    if return_indices:
        _check_rank_1d("max_pool1d", x)
        k, s, p, d = _check_1d_args("max_pool1d", kernel_size, stride, padding, dilation, True)
        x2 = x[..., None, :]
        y, idx = _max_pool2d_impl(x2, 1, k, 1, s, 0, p, 1, d, ceil_mode, True, x2.shape)
        return y[..., 0, :], idx[..., 0, :]
    nd = x.ndim
    if not ((nd == 2 and x.shape[0] != 0 and x.shape[1] != 0)
            or (nd == 3 and x.shape[1] != 0 and x.shape[2] != 0)):
        raise RuntimeError(
            "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{_shape_str(x.shape)}"
        )
    k = _int_list(kernel_size, "max_pool1d", "kernel_size", 2)
    s = [] if stride is None else _int_list(stride, "max_pool1d", "stride", 3)
    p = _int_list(padding, "max_pool1d", "padding", 4)
    d = _int_list(dilation, "max_pool1d", "dilation", 5)
    if len(k) != 1:
        raise RuntimeError("max_pool1d() kernel_size must be an int, list of ints or tuple of ints "
                           f"of size 1 but got size {len(k)}")
    if len(s) not in (0, 1):
        raise RuntimeError("max_pool1d() stride must be None, an int, list of ints, or tuple of "
                           f"ints of size 1 but got size {len(s)}")
    if len(p) != 1:
        raise RuntimeError("max_pool1d() padding must be an int, list of ints, or tuple of ints "
                           f"of size 1 but got size {len(p)}")
    if len(d) != 1:
        raise RuntimeError("max_pool1d() dilation must be an int, list of ints or tuple of ints "
                           f"of size 1 but got size {len(d)}")
    if not s:
        s = k
    k0, s0, p0, d0 = k[0], s[0], p[0], d[0]
    if k0 <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k0}")
    if s0 <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s0}")
    if p0 < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p0}")
    if p0 > k0 // 2:
        raise RuntimeError("max_pool1d() padding should be at most half of kernel size, but got "
                           f"padding={p0} and kernel_size={k0}")
    if d0 <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d0}")
    ow = _pool_out(x.shape[-1], k0, p0, s0, d0, ceil_mode)
    if ow <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {ow}")
    x2 = x[..., None, :]
    y = _max_pool2d_impl(x2, 1, k0, 1, s0, 0, p0, 1, d0, ceil_mode, False, x2.shape)
    return y[..., 0, :]


# -- average pooling --------------------------------------------------------------------
def _avg_pool2d_impl(x: np.ndarray, kh: int, kw: int, sh: int, sw: int, ph: int, pw: int,
                     ceil_mode: bool, count_include_pad: bool, divisor_override: Optional[int],
                     shape_for_msgs: tuple[int, ...]) -> np.ndarray:
    if x.ndim == 0:
        raise IndexError("Dimension specified as -3 but tensor has no dimensions")
    if x.ndim < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-x.ndim}, {x.ndim - 1}], but got -3)")
    oh = _pool_out(x.shape[-2], kh, ph, sh, 1, ceil_mode)
    ow = _pool_out(x.shape[-1], kw, pw, sw, 1, ceil_mode)
    _pool2d_shape_check(shape_for_msgs, kh, kw, sh, sw, ph, pw, 1, 1, oh, ow)
    sh, sw = _one_window_stride(sh, oh, x.shape[-2], ph), _one_window_stride(sw, ow, x.shape[-1], pw)
    x4 = _as4d(x)
    n, c = x4.shape[0], x4.shape[1]
    y = new_output((n, c, oh, ow), x4.dtype)
    _C.avgpool2d_fwd(x4, y, (kh, kw), (sh, sw), (ph, pw), bool(ceil_mode), bool(count_include_pad),
                     0 if divisor_override is None else int(divisor_override))
    return y[0] if x.ndim == 3 else y


def avg_pool2d(input: Any, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
               padding: _IntOrSeq = 0, ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: Optional[int] = None) -> np.ndarray:
    r"""avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)

    2-D average pooling over an input of shape :math:`(N, C, H, W)` or :math:`(C, H, W)`.

    See :class:`cnnops.nn.AvgPool2d` for details.

    Example::

        >>> cnnops.functional.avg_pool2d(np.ones((1, 1, 4, 4), np.float32), 2, divisor_override=3)
        array([[[[1.3333334, 1.3333334],
                 [1.3333334, 1.3333334]]]], dtype=float32)
    """
    x = as_float_array(input)
    kh, kw, sh, sw, ph, pw, _, _ = _pair_args("avg_pool2d", kernel_size, stride, padding, 1, False)
    if divisor_override is not None:
        if not _is_int(divisor_override):
            raise TypeError("avg_pool2d(): argument 'divisor_override' must be int, "
                            f"not {type(divisor_override).__name__}")
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero")
    return _avg_pool2d_impl(x, kh, kw, sh, sw, ph, pw, ceil_mode, count_include_pad,
                            divisor_override, x.shape)


def avg_pool1d(input: Any, kernel_size: _IntOrSeq, stride: Optional[_IntOrSeq] = None,
               padding: _IntOrSeq = 0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> np.ndarray:
    r"""avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)

    1-D average pooling over an input of shape :math:`(N, C, L)` or :math:`(C, L)`
    (PyTorch runs it as avg_pool2d on ``(N, C, 1, L)``, and so do its error messages).

    See :class:`cnnops.nn.AvgPool1d` for details.

    Example::

        >>> cnnops.functional.avg_pool1d(np.array([[[1., 2, 3, 4, 5, 6, 7]]]), 3, 2)
        array([[[2., 4., 6.]]])
    """
    x = as_float_array(input)
    _check_rank_1d("avg_pool1d", x)
    k, s, p, _ = _check_1d_args("avg_pool1d", kernel_size, stride, padding, 1, False)
    x2 = x[..., None, :]
    y = _avg_pool2d_impl(x2, 1, k, 1, s, 0, p, ceil_mode, count_include_pad, None, x2.shape)
    return y[..., 0, :]


# -- max unpooling ----------------------------------------------------------------------
def _as_tuple(v: Any, n: int) -> tuple:
    if isinstance(v, (tuple, list)):
        return tuple(v)
    return (v,) * n


def _unpool_output_size(in_shape: tuple[int, ...], kernel_size: tuple, stride: tuple,
                        padding: tuple, output_size: Any) -> list[int]:
    """torch.nn.functional._unpool_output_size, then the non-negative check."""
    nk = len(kernel_size)
    default = []
    for d in range(nk):
        default.append((in_shape[-nk + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d])
    if output_size is None:
        ret = default
    else:
        if len(output_size) == nk + 2:
            output_size = output_size[2:]
        if len(output_size) != nk:
            raise ValueError(
                f"output_size should be a sequence containing {nk} or {nk + 2} elements, but it "
                f"has a length of '{len(output_size)}'"
            )
        for d in range(nk):
            lo, hi = default[d] - stride[d], default[d] + stride[d]
            if not (lo < output_size[d] < hi):
                raise ValueError(
                    f'invalid output_size "{output_size}" (dim {d} must be between {lo} and {hi})'
                )
        ret = [int(v) for v in output_size]
    for d in range(nk):
        if ret[d] < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                             f"dimensions, but got output_size[{d}]={ret[d]}")
    return ret


def _as_indices(indices: Any) -> np.ndarray:
    """Indices must be int64 (as PyTorch; other dtypes are rejected, not converted)."""
    a = indices if isinstance(indices, np.ndarray) else np.asarray(indices)
    if a.dtype.kind != "i" or a.dtype.itemsize != 8:
        name = _TORCH_DTYPE_NAMES.get(a.dtype.name, str(a.dtype))
        raise RuntimeError(f"elements in indices should be type int64 but got: {name}")
    if not a.dtype.isnative:
        a = a.astype(np.int64)
    return a


def _max_unpool2d_impl(x: np.ndarray, idx: np.ndarray, oh: int, ow: int, ndim_report: int) -> np.ndarray:
    if x.ndim not in (3, 4):
        raise RuntimeError("Input to max_unpooling2d should be a 3d or 4d Tensor, but got a "
                           f"tensor with {ndim_report} dimensions.")
    if x.shape != idx.shape:
        raise RuntimeError(
            f"Expected shape of indices to be same as that of the input tensor "
            f"({_shape_str(x.shape)}) but got indices tensor with shape: {_shape_str(idx.shape)}"
        )
    for i in range(1, x.ndim):
        if x.shape[i] <= 0:
            raise RuntimeError(
                "max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for "
                f"non-batch dimensions, but got {_shape_str(x.shape)} with dimension {i} being empty."
            )
    x4 = _as4d(x)
    i4 = _as4d(idx)
    n, c = x4.shape[0], x4.shape[1]
    y = new_output((n, c, oh, ow), x4.dtype)
    bad = _C.maxunpool2d_fwd(x4, i4, y)
    if bad >= 0:
        raise RuntimeError(f"Found an invalid max index: {int(i4.reshape(-1)[bad])} "
                           f"(output volumes are of size {oh}x{ow})")
    return y[0] if x.ndim == 3 else y


def max_unpool2d(input: Any, indices: Any, kernel_size: _IntOrSeq,
                 stride: Optional[_IntOrSeq] = None, padding: _IntOrSeq = 0,
                 output_size: Optional[Sequence[int]] = None) -> np.ndarray:
    r"""max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None)

    Partial inverse of :func:`max_pool2d`: a zero array of the output size
    with ``input``'s values placed at ``indices`` (flat offsets within each
    output plane).  Every index is checked before anything is written.

    See :class:`cnnops.nn.MaxUnpool2d` for details.

    Example::

        >>> x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> y, i = cnnops.functional.max_pool2d(x, 2, return_indices=True)
        >>> cnnops.functional.max_unpool2d(y, i, 2)[0, 0]
        array([[ 0.,  0.,  0.,  0.],
               [ 0.,  5.,  0.,  7.],
               [ 0.,  0.,  0.,  0.],
               [ 0., 13.,  0., 15.]], dtype=float32)
    """
    x = as_float_array(input)
    k = _as_tuple(kernel_size, 2)
    s = _as_tuple(stride, 2) if stride is not None else k
    p = _as_tuple(padding, 2)
    if x.ndim < 2:
        raise IndexError("tuple index out of range")
    oh, ow = _unpool_output_size(x.shape, k, s, p, output_size)
    idx = _as_indices(indices)
    return _max_unpool2d_impl(x, idx, oh, ow, x.ndim)


def max_unpool1d(input: Any, indices: Any, kernel_size: _IntOrSeq,
                 stride: Optional[_IntOrSeq] = None, padding: _IntOrSeq = 0,
                 output_size: Optional[Sequence[int]] = None) -> np.ndarray:
    r"""max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None)

    Partial inverse of :func:`max_pool1d` (run as max_unpool2d on ``(N, C, L, 1)``,
    as PyTorch does).  ``output_size`` is a sequence (``[L]`` or ``[N, C, L]``).

    See :class:`cnnops.nn.MaxUnpool1d` for details.

    Example::

        >>> y, i = cnnops.functional.max_pool1d(np.array([[[1., 3, 2, 5]]]), 2, return_indices=True)
        >>> cnnops.functional.max_unpool1d(y, i, 2)
        array([[[0., 3., 0., 5.]]])
    """
    x = as_float_array(input)
    k = _as_tuple(kernel_size, 1)
    s = _as_tuple(stride, 1) if stride is not None else k
    p = _as_tuple(padding, 1)
    if x.ndim < 1:
        raise IndexError("tuple index out of range")
    (ol,) = _unpool_output_size(x.shape, k, s, p, output_size)
    idx = _as_indices(indices)
    y = _max_unpool2d_impl(x[..., None], idx[..., None], ol, 1, x.ndim + 1)
    return y[..., 0]


# -- adaptive pooling -------------------------------------------------------------------
def _list_with_default(out_size: Any, defaults: tuple[int, ...]) -> Any:
    if _is_int(out_size):
        return int(out_size)
    if len(defaults) <= len(out_size):
        raise ValueError(f"Input dimension should be at least {len(out_size) + 1}")
    return [v if v is not None else d for v, d in zip(out_size, defaults[-len(out_size):])]


def _adaptive_size(out: Any, op: str) -> list[int]:
    if _is_int(out):
        return [int(out), int(out)]
    return [int(v) if _is_int(v) else v for v in out]


def adaptive_avg_pool2d(input: Any, output_size: Any) -> np.ndarray:
    r"""adaptive_avg_pool2d(input, output_size)

    2-D adaptive average pooling to ``output_size`` (an int, or a pair whose
    ``None`` entries keep the input size).  Bin ``i`` covers
    ``[floor(i*H/oH), ceil((i+1)*H/oH))``.

    See :class:`cnnops.nn.AdaptiveAvgPool2d` for details.

    Example::

        >>> cnnops.functional.adaptive_avg_pool2d(np.arange(16.).reshape(1, 4, 4), 2)
        array([[[ 2.5,  4.5],
                [10.5, 12.5]]])
    """
    x = as_float_array(input)
    osz = _adaptive_size(_list_with_default(output_size, x.shape), "adaptive_avg_pool2d")
    if len(osz) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if not (osz[0] >= 0 and osz[1] >= 0):
        raise RuntimeError("adaptive_avg_pool2d: elements of output_size must be greater than or "
                           f"equal to 0 but received {{{osz[0]}, {osz[1]}}}")
    nd = x.ndim
    if osz == [1, 1] and (nd not in (3, 4) or x.shape[-1] == 0 or x.shape[-2] == 0):
        # PyTorch computes a 1x1 output with mean(dim=(-1, -2), keepdim=True), which takes
        # any rank >= 2 (and gives NaN for empty planes).
        if nd < 2:
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-max(nd, 1)}, {max(nd, 1) - 1}], but got -2)")
        area = x.dtype.type(x.shape[-1] * x.shape[-2])
        with np.errstate(invalid="ignore", divide="ignore"):  # empty planes give NaN, as torch
            return np.ascontiguousarray(x.sum(axis=(-1, -2), keepdims=True, dtype=x.dtype) / area)
    if nd not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {_shape_str(x.shape)}")
    for i in (-2, -1):
        if x.shape[i] <= 0:
            raise RuntimeError(
                "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {_shape_str(x.shape)} with dimension {i + nd} "
                "being empty"
            )
    x4 = _as4d(x)
    y = new_output((x4.shape[0], x4.shape[1], osz[0], osz[1]), x4.dtype)
    _C.adaptive_avgpool2d_fwd(x4, y)
    return y[0] if nd == 3 else y


def adaptive_max_pool2d(input: Any, output_size: Any, return_indices: bool = False) -> Any:
    r"""adaptive_max_pool2d(input, output_size, return_indices=False)

    2-D adaptive max pooling to ``output_size`` (an int, or a pair whose
    ``None`` entries keep the input size); NaN propagates, ties keep the
    first index; indices are flat offsets within each input plane.

    See :class:`cnnops.nn.AdaptiveMaxPool2d` for details.

    Example::

        >>> cnnops.functional.adaptive_max_pool2d(np.arange(16.).reshape(1, 4, 4), 2)
        array([[[ 5.,  7.],
                [13., 15.]]])
    """
    x = as_float_array(input)
    osz = _adaptive_size(_list_with_default(output_size, x.shape), "adaptive_max_pool2d")
    nd = x.ndim
    if nd not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {_shape_str(x.shape)}")
    for i in range(1, nd):
        if x.shape[i] <= 0:
            raise RuntimeError(
                "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {_shape_str(x.shape)} with dimension {i} "
                "being empty"
            )
    if len(osz) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    out_shape = x.shape[:-2] + tuple(osz)
    for v in osz:
        if v < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {v}: "
                               f"{_shape_str(out_shape)}")
    x4 = _as4d(x)
    y = new_output((x4.shape[0], x4.shape[1], osz[0], osz[1]), x4.dtype)
    idx = new_output(y.shape, np.dtype(np.int64)) if return_indices else None
    if x4.shape[0] * x4.shape[1] > 0:
        _C.adaptive_maxpool2d_fwd(x4, y, idx)
    if nd == 3:
        y = y[0]
        idx = idx[0] if idx is not None else None
    return (y, idx) if return_indices else y


def adaptive_avg_pool1d(input: Any, output_size: Any) -> np.ndarray:
    r"""adaptive_avg_pool1d(input, output_size)

    1-D adaptive average pooling of :math:`(N, C, L)` or :math:`(C, L)` to ``output_size``.

    Example::

        >>> cnnops.functional.adaptive_avg_pool1d(np.array([[1., 2, 3, 4]]), 2)
        array([[1.5, 3.5]])
    """
    x = as_float_array(input)
    o = _int_list(output_size, "adaptive_avg_pool1d", "output_size", 2)
    if len(o) != 1:
        raise RuntimeError(f"adaptive_avg_pool1d() argument 'output_size' should contain one int (got {len(o)})")
    if x.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for "
                           "argument #1 'self' (while checking arguments for adaptive_avg_pool1d)")
    y = adaptive_avg_pool2d(x[..., None, :], (1, o[0]))
    return y[..., 0, :]


def adaptive_max_pool1d(input: Any, output_size: Any, return_indices: bool = False) -> Any:
    r"""adaptive_max_pool1d(input, output_size, return_indices=False)

    1-D adaptive max pooling of :math:`(N, C, L)` or :math:`(C, L)` to ``output_size``.

    Example::

        >>> cnnops.functional.adaptive_max_pool1d(np.array([[1., 4, 3, 2]]), 2)
        array([[4., 3.]])
    """
    x = as_float_array(input)
    o = _int_list(output_size, "adaptive_max_pool1d", "output_size", 2)
    if len(o) != 1:
        raise RuntimeError(f"adaptive_max_pool1d() argument 'output_size' should contain one int (got {len(o)})")
    if x.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for "
                           "argument #1 'self' (while checking arguments for adaptive_max_pool1d)")
    r = adaptive_max_pool2d(x[..., None, :], (1, o[0]), return_indices)
    if return_indices:
        return r[0][..., 0, :], r[1][..., 0, :]
    return r[..., 0, :]
