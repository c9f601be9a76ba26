"""Registry of cnnops' functional ops for the robustness tests and the fuzzer.

Every entry names a ``cnnops.functional.<fn>`` callable whose signature is
``torch.nn.functional.<fn>``'s, and knows how to build one valid call
(``make(rng, dtype, shape)``) around a primary input of a given shape, so that
the adversarial suite (tests/test_adversarial.py), the thread/memory tests
(tests/test_threads_memory.py) and the fuzz harness (tests/fuzz/fuzz_ops.py)
can drive every op the same way.  Ops that do not exist (yet) in
``cnnops.functional`` are skipped: ``available()`` lists the present ones.

A call is ``Call(args, kwargs)``: ``args[0]`` is the primary input; NumPy
arrays anywhere in args/kwargs are converted to tensors for PyTorch.
``mutated`` names kwargs/args the op updates in place (batch_norm's running
statistics in training), which are compared after the call too.

This module imports no torch at import time (the fuzzer may run without it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

import cnnops
import cnnops.functional as CF


@dataclass
class Call:
    args: list
    kwargs: dict = field(default_factory=dict)

    def copy(self) -> "Call":
        def cp(v):
            return v.copy() if isinstance(v, np.ndarray) else v
        return Call([cp(a) for a in self.args], {k: cp(v) for k, v in self.kwargs.items()})


@dataclass
class Op:
    id: str                                   # unique test id, e.g. "max_pool2d[indices]"
    fn: str                                   # cnnops.functional / torch.nn.functional name
    family: str
    make: Callable[[np.random.Generator, Any, tuple], Call | None]
    shape: tuple                              # default primary shape
    pointwise: bool = False                   # shape-preserving elementwise
    mutated: tuple = ()                       # kwargs (str) / args (int) updated in place
    min_ndim: int = 0
    max_ndim: int = 8
    rtol32: float = 2e-5
    atol32: float = 2e-6
    torch_fn: Callable | None = None          # (torch, *args, **kw) -> result; default F.<fn>

    @property
    def present(self) -> bool:
        return callable(getattr(CF, self.fn, None))

    def cnn(self, call: Call) -> Any:
        return getattr(CF, self.fn)(*call.args, **call.kwargs)

    def ref(self, torch: Any, call: Call) -> Any:
        """PyTorch on tensor copies; returns (result, call_with_tensors)."""
        tcall = Call([to_t(torch, a) for a in call.args], {k: to_t(torch, v) for k, v in call.kwargs.items()})
        if self.torch_fn is not None:
            out = self.torch_fn(torch, *tcall.args, **tcall.kwargs)
        else:
            out = getattr(torch.nn.functional, self.fn)(*tcall.args, **tcall.kwargs)
        return out, tcall


def to_t(torch: Any, v: Any) -> Any:
    if isinstance(v, np.ndarray):
        a = np.array(v, dtype=v.dtype.newbyteorder("="), order="C", copy=True)
        return torch.from_numpy(a) if a.ndim else torch.tensor(a)
    if isinstance(v, (list, tuple)) and v and all(isinstance(e, np.ndarray) for e in v):
        return type(v)(to_t(torch, e) for e in v)
    return v


def to_np(v: Any) -> Any:
    if isinstance(v, tuple):
        return tuple(to_np(e) for e in v)
    if hasattr(v, "detach"):
        return v.detach().numpy()
    return v


# -- makers ---------------------------------------------------------------------
def _data(rng: np.random.Generator, dtype: Any, shape: tuple) -> np.ndarray:
    return np.asarray(rng.standard_normal(shape) * 2).astype(dtype)


def _ch(shape: tuple) -> int:
    return shape[1] if len(shape) >= 2 else 1


def pointwise(**kw: Any) -> Callable:
    def make(rng, dtype, shape):
        return Call([_data(rng, dtype, shape)], dict(kw))
    return make


def make_prelu(rng, dtype, shape):
    w = np.asarray(rng.random(_ch(shape)) * 0.5).astype(dtype)
    return Call([_data(rng, dtype, shape), w])


def dim_op(dim: int = -1) -> Callable:
    def make(rng, dtype, shape):
        d = dim if len(shape) else 0
        if len(shape) and not -len(shape) <= d < len(shape):
            d = -1
        return Call([_data(rng, dtype, shape)], {"dim": d})
    return make


def make_linear(bias: bool = True) -> Callable:
    def make(rng, dtype, shape):
        if len(shape) < 1:
            return None
        fin = shape[-1]
        fout = max(5, fin // 2)
        w = (rng.standard_normal((fout, fin)) / math.sqrt(max(fin, 1))).astype(dtype)
        b = rng.standard_normal(fout).astype(dtype) if bias else None
        return Call([_data(rng, dtype, shape), w, b])
    return make


def pool(**kw: Any) -> Callable:
    def make(rng, dtype, shape):
        return Call([_data(rng, dtype, shape)], dict(kw))
    return make


def unpool(nd: int) -> Callable:
    """Input = pooled values, indices = one valid (unique) argmax per 2x2 (or 2) window."""
    def make(rng, dtype, shape):
        if len(shape) not in (nd + 1, nd + 2) or any(s < 1 for s in shape[-nd:]):
            return None
        x = _data(rng, dtype, shape)
        if nd == 1:
            L = shape[-1]
            idx = 2 * np.arange(L) + rng.integers(0, 2, shape)
        else:
            H, W = shape[-2:]
            hh = 2 * np.arange(H)[:, None] + rng.integers(0, 2, shape)
            ww = 2 * np.arange(W)[None, :] + rng.integers(0, 2, shape)
            idx = hh * (2 * W) + ww
        return Call([x, idx.astype(np.int64)], {"kernel_size": 2, "stride": 2})
    return make


def make_bn(training: bool) -> Callable:
    def make(rng, dtype, shape):
        C = _ch(shape)
        return Call([_data(rng, dtype, shape)],
                    dict(running_mean=rng.standard_normal(C).astype(dtype),
                         running_var=(rng.random(C) + 0.5).astype(dtype),
                         weight=rng.standard_normal(C).astype(dtype),
                         bias=rng.standard_normal(C).astype(dtype),
                         training=training, momentum=0.3, eps=1e-5))
    return make


def make_in(rng, dtype, shape):
    C = _ch(shape)
    return Call([_data(rng, dtype, shape)],
                dict(weight=rng.standard_normal(C).astype(dtype), bias=rng.standard_normal(C).astype(dtype),
                     eps=1e-5))


def make_in_tracked(rng, dtype, shape):
    C = _ch(shape)
    return Call([_data(rng, dtype, shape)],
                dict(running_mean=rng.standard_normal(C).astype(dtype),
                     running_var=(rng.random(C) + 0.5).astype(dtype),
                     use_input_stats=True, momentum=0.2, eps=1e-5))


def make_gn(groups: int = 2) -> Callable:
    def make(rng, dtype, shape):
        C = _ch(shape)
        g = groups if C % groups == 0 else 1
        return Call([_data(rng, dtype, shape), g],
                    dict(weight=rng.standard_normal(C).astype(dtype), bias=rng.standard_normal(C).astype(dtype),
                         eps=1e-5))
    return make


def make_ln(rng, dtype, shape):
    if len(shape) < 1:
        return None
    ns = tuple(shape[-2:]) if len(shape) >= 3 else (shape[-1],)
    return Call([_data(rng, dtype, shape), ns],
                dict(weight=rng.standard_normal(ns).astype(dtype), bias=rng.standard_normal(ns).astype(dtype),
                     eps=1e-5))


def make_lrn(rng, dtype, shape):
    return Call([_data(rng, dtype, shape), 3], dict(alpha=1e-2, beta=0.75, k=1.5))


def make_normalize(p: float = 2.0, dim: int = 1) -> Callable:
    def make(rng, dtype, shape):
        d = dim if len(shape) > dim else 0
        return Call([_data(rng, dtype, shape)], dict(p=p, dim=d, eps=1e-12))
    return make


def make_gemm(with_c: bool) -> Callable:
    def make(rng, dtype, shape):
        if len(shape) != 2:
            return None
        m, k = shape
        n = max(3, k // 2 + 1)
        a = _data(rng, dtype, (m, k))
        b = _data(rng, dtype, (k, n))
        if not with_c:
            return Call([a, b])
        return Call([a, b, _data(rng, dtype, (m, n))], dict(alpha=0.5, beta=-2.0))
    return make


def torch_gemm(torch, a, b, c=None, *, alpha=1.0, beta=0.0):
    """BLAS semantics: beta == 0 ignores c (NaN in c does not propagate)."""
    if c is None:
        prod = torch.mm(a, b)
        return prod * alpha if alpha != 1.0 else prod
    c.copy_(torch.addmm(c, a, b, beta=beta, alpha=alpha))
    return c


def torch_gelu(torch, x, approximate="none"):
    """PyTorch's GELU, except where its float32 kernels disagree across CPUs:
    gelu(+inf) is NaN on AVX-512 and +inf on AVX2, gelu(-0) is -0 on AVX-512
    and +0 on AVX2.  cnnops gives the float64 kernel's answer on every CPU
    (+inf, and the sign of the zero), so those inputs take it here."""
    out = torch.nn.functional.gelu(x, approximate=approximate)
    if isinstance(x, torch.Tensor) and x.dtype == torch.float32 and approximate == "none":
        fix = (x == math.inf) | (x == 0)
        if bool(fix.any()):
            out = out.clone()
            out[fix] = torch.nn.functional.gelu(x[fix].double()).float()
    return out


def _sm(name: str) -> Callable:
    return lambda torch, *a, **k: getattr(torch.nn.functional, name)(*a, **k)


# -- the registry -----------------------------------------------------------------
_P = dict(pointwise=True, shape=(2, 3, 4, 5))
OPS: list[Op] = [
    # activations
    Op("relu", "relu", "activation", pointwise(), **_P),
    Op("relu6", "relu6", "activation", pointwise(), **_P),
    Op("relu_", "relu_", "activation", pointwise(), mutated=(0,), **_P),
    Op("leaky_relu_", "leaky_relu_", "activation", pointwise(negative_slope=0.3), mutated=(0,), **_P),
    Op("rrelu_", "rrelu_", "activation", pointwise(lower=0.2, upper=0.4), mutated=(0,), **_P),
    Op("elu_", "elu_", "activation", pointwise(alpha=0.8), mutated=(0,), **_P),
    Op("relu[inplace]", "relu", "activation", pointwise(inplace=True), mutated=(0,), **_P),
    Op("leaky_relu", "leaky_relu", "activation", pointwise(negative_slope=0.2), **_P),
    Op("leaky_relu[neg]", "leaky_relu", "activation", pointwise(negative_slope=-1.5), **_P),
    Op("prelu", "prelu", "activation", make_prelu, **_P),
    Op("rrelu", "rrelu", "activation", pointwise(lower=0.1, upper=0.3, training=False), **_P),
    Op("sigmoid", "sigmoid", "activation", pointwise(), **_P),
    Op("tanh", "tanh", "activation", pointwise(), **_P),
    Op("hardsigmoid", "hardsigmoid", "activation", pointwise(), **_P),
    Op("hardswish", "hardswish", "activation", pointwise(), **_P),
    Op("silu", "silu", "activation", pointwise(), **_P),
    Op("silu[inplace]", "silu", "activation", pointwise(inplace=True), mutated=(0,), **_P),
    Op("mish", "mish", "activation", pointwise(), **_P),
    Op("softplus", "softplus", "activation", pointwise(beta=2.0, threshold=5.0), **_P),
    Op("elu", "elu", "activation", pointwise(alpha=1.3), **_P),
    Op("gelu", "gelu", "activation", pointwise(), torch_fn=torch_gelu, **_P),
    Op("gelu[tanh]", "gelu", "activation", pointwise(approximate="tanh"), **_P),
    Op("hardtanh", "hardtanh", "activation", pointwise(min_val=-0.5, max_val=2.0), **_P),
    Op("hardswish[inplace]", "hardswish", "activation", pointwise(inplace=True), mutated=(0,), **_P),
    Op("celu", "celu", "activation", pointwise(alpha=0.7), **_P),
    Op("selu", "selu", "activation", pointwise(), **_P),
    # softmax family
    Op("softmax", "softmax", "softmax", dim_op(-1), shape=(3, 4, 5)),
    Op("softmax[dim0]", "softmax", "softmax", dim_op(0), shape=(3, 4, 5)),
    Op("log_softmax", "log_softmax", "softmax", dim_op(1), shape=(3, 4, 5)),
    Op("softmin", "softmin", "softmax", dim_op(-1), shape=(3, 4, 5)),
    # linear
    Op("linear", "linear", "linear", make_linear(True), shape=(4, 3, 6), min_ndim=1, rtol32=1e-4, atol32=1e-5),
    Op("linear[nobias]", "linear", "linear", make_linear(False), shape=(7, 6), min_ndim=1,
       rtol32=1e-4, atol32=1e-5),
    Op("gemm", "gemm", "linear", make_gemm(False), shape=(9, 12), min_ndim=2, max_ndim=2,
       rtol32=1e-4, atol32=1e-5, torch_fn=torch_gemm),
    Op("gemm[c]", "gemm", "linear", make_gemm(True), shape=(9, 12), min_ndim=2, max_ndim=2, mutated=(2,),
       rtol32=1e-4, atol32=1e-5, torch_fn=torch_gemm),
    # pooling
    Op("max_pool1d", "max_pool1d", "pooling", pool(kernel_size=3, stride=2, padding=1), shape=(2, 3, 11),
       min_ndim=2, max_ndim=3),
    Op("max_pool1d[indices]", "max_pool1d", "pooling",
       pool(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True, return_indices=True),
       shape=(2, 3, 11), min_ndim=2, max_ndim=3),
    Op("max_pool2d", "max_pool2d", "pooling", pool(kernel_size=3, stride=2, padding=1), shape=(2, 3, 9, 8),
       min_ndim=3, max_ndim=4),
    Op("max_pool2d[indices]", "max_pool2d", "pooling",
       pool(kernel_size=(3, 2), stride=(2, 1), padding=(1, 1), dilation=(1, 2), ceil_mode=True,
            return_indices=True), shape=(2, 3, 9, 8), min_ndim=3, max_ndim=4),
    Op("avg_pool1d", "avg_pool1d", "pooling",
       pool(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
       shape=(2, 3, 11), min_ndim=2, max_ndim=3),
    Op("avg_pool2d", "avg_pool2d", "pooling", pool(kernel_size=3, stride=2, padding=1), shape=(2, 3, 9, 8),
       min_ndim=3, max_ndim=4),
    Op("avg_pool2d[ceil,div]", "avg_pool2d", "pooling",
       pool(kernel_size=(2, 3), stride=(3, 2), padding=(1, 1), ceil_mode=True, count_include_pad=False,
            divisor_override=-3), shape=(2, 3, 9, 8), min_ndim=3, max_ndim=4),
    Op("max_unpool1d", "max_unpool1d", "pooling", unpool(1), shape=(2, 3, 5), min_ndim=2, max_ndim=3),
    Op("max_unpool2d", "max_unpool2d", "pooling", unpool(2), shape=(2, 3, 4, 3), min_ndim=3, max_ndim=4),
    Op("adaptive_avg_pool1d", "adaptive_avg_pool1d", "pooling", pool(output_size=4), shape=(2, 3, 10),
       min_ndim=2, max_ndim=3),
    Op("adaptive_avg_pool2d", "adaptive_avg_pool2d", "pooling", pool(output_size=(3, 5)), shape=(2, 3, 7, 9),
       min_ndim=3, max_ndim=4),
    Op("adaptive_avg_pool2d[None]", "adaptive_avg_pool2d", "pooling", pool(output_size=(None, 2)),
       shape=(2, 3, 7, 9), min_ndim=3, max_ndim=4),
    Op("adaptive_max_pool1d", "adaptive_max_pool1d", "pooling", pool(output_size=4, return_indices=True),
       shape=(2, 3, 10), min_ndim=2, max_ndim=3),
    Op("adaptive_max_pool2d", "adaptive_max_pool2d", "pooling", pool(output_size=(3, 5)), shape=(2, 3, 7, 9),
       min_ndim=3, max_ndim=4),
    Op("adaptive_max_pool2d[indices]", "adaptive_max_pool2d", "pooling",
       pool(output_size=(4, 11), return_indices=True), shape=(2, 3, 7, 9), min_ndim=3, max_ndim=4),
    # normalization
    Op("batch_norm[train]", "batch_norm", "normalization", make_bn(True), shape=(4, 3, 5), min_ndim=2,
       mutated=("running_mean", "running_var"), rtol32=1e-4, atol32=1e-4),
    Op("batch_norm[eval]", "batch_norm", "normalization", make_bn(False), shape=(4, 3, 5, 2), min_ndim=2,
       rtol32=1e-4, atol32=1e-4),
    Op("instance_norm", "instance_norm", "normalization", make_in, shape=(2, 3, 6), min_ndim=2,
       rtol32=1e-4, atol32=1e-4),
    Op("instance_norm[running]", "instance_norm", "normalization", make_in_tracked, shape=(2, 3, 6, 2),
       min_ndim=2, mutated=("running_mean", "running_var"), rtol32=1e-4, atol32=1e-4),
    Op("group_norm", "group_norm", "normalization", make_gn(2), shape=(2, 4, 5), min_ndim=2,
       rtol32=1e-4, atol32=1e-4),
    Op("layer_norm", "layer_norm", "normalization", make_ln, shape=(2, 3, 5), min_ndim=1,
       rtol32=1e-4, atol32=1e-4),
    Op("local_response_norm", "local_response_norm", "normalization", make_lrn, shape=(2, 5, 4), min_ndim=3,
       rtol32=1e-4, atol32=1e-5),
    Op("normalize", "normalize", "normalization", make_normalize(2.0, 1), shape=(3, 4, 2),
       rtol32=1e-4, atol32=1e-6),
    Op("normalize[p1]", "normalize", "normalization", make_normalize(1.0, -1), shape=(3, 4, 2),
       rtol32=1e-4, atol32=1e-6),
    Op("normalize[inf]", "normalize", "normalization", make_normalize(math.inf, 0), shape=(3, 4, 2),
       rtol32=1e-4, atol32=1e-6),
]
BY_ID = {op.id: op for op in OPS}

# names in cnnops.functional that are helpers, not ops this registry must cover
NOT_OPS = {"flatten"}


def scaled_shape(op: Op, min_size: int = 2 ** 18) -> tuple:
    """``op.shape`` with dims doubled (last first) until it holds ``min_size``
    elements: big enough for the kernels to use several threads."""
    s = list(op.shape)
    i = len(s) - 1
    while s and int(np.prod(s)) < min_size:
        s[i] *= 2
        i = (i - 1) % len(s)
    return tuple(s)


def available(ids: Sequence[str] | None = None) -> list[Op]:
    """The registered ops whose function exists in cnnops.functional now."""
    ops = OPS if ids is None else [BY_ID[i] for i in ids]
    return [op for op in ops if op.present]


def uncovered() -> list[str]:
    """Public cnnops.functional callables no registry entry drives."""
    covered = {op.fn for op in OPS}
    names = getattr(CF, "__all__", [n for n in dir(CF) if not n.startswith("_")])
    return sorted(n for n in names if callable(getattr(CF, n, None)) and n not in covered and n not in NOT_OPS)


def tolerances(op: Op, dtype: Any) -> dict:
    if np.dtype(dtype) == np.float64:
        return dict(rtol=1e-9, atol=1e-11)
    return dict(rtol=op.rtol32, atol=op.atol32)


def compare(op: Op, got: Any, ref: Any, dtype: Any, msg: str = "", tol_scale: float = 1.0,
            finite_only: bool = False) -> None:
    """Assert cnnops' result equals PyTorch's: float outputs within tolerance
    (NaN where NaN, same infinities), index outputs exactly."""
    ref = to_np(ref)
    if isinstance(ref, tuple):
        assert isinstance(got, tuple) and len(got) == len(ref), f"{msg}: got {type(got)} for a tuple result"
        for g, r in zip(got, ref):
            compare(op, g, r, dtype, msg, tol_scale, finite_only)
        return
    assert isinstance(got, np.ndarray), f"{msg}: result is {type(got).__name__}"
    assert got.shape == ref.shape, f"{msg}: shape {got.shape} != torch {ref.shape}"
    if ref.dtype.kind in "iu":
        assert got.dtype == np.int64, f"{msg}: index dtype {got.dtype}"
        np.testing.assert_array_equal(got, ref, err_msg=msg)
        return
    assert got.dtype == np.dtype(dtype), f"{msg}: dtype {got.dtype} != {np.dtype(dtype)}"
    tol = tolerances(op, dtype)
    tol = {k: v * tol_scale for k, v in tol.items()}
    if finite_only:
        m = np.isfinite(got) & np.isfinite(ref)
        got, ref = got[m], ref[m]
    np.testing.assert_allclose(got.astype(np.float64), ref.astype(np.float64), equal_nan=True,
                               err_msg=msg, **tol)


def exc_compatible(ours: BaseException, theirs: BaseException) -> bool:
    """cnnops raised the exception class PyTorch raised (or a subclass).

    Allocation failure is a MemoryError for NumPy and a RuntimeError for
    PyTorch's CPU allocator: both count as the same clean failure.
    """
    if isinstance(ours, type(theirs)):
        return True
    if isinstance(ours, MemoryError) and ("alloc" in str(theirs).lower() or "memory" in str(theirs).lower()):
        return True
    return False
