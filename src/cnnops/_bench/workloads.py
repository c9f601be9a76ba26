"""The report's workloads: the representative sizes of the op issues.

Every workload names its cnnops op by its ``torch.nn.functional`` name
(``cnnops.functional.<op>``, same signature), so the report fills in by
itself as ops land: an op that does not exist yet is shown as "-".

A workload's ``build(shape, dtype, rng)`` returns a :class:`Case` with one
callable factory per peer (cnnops, PyTorch, NumPy, ONNX Runtime) and the
bytes it must move (for the bandwidth bound) or the flops (GEMM).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from .onnx_models import Node, OnnxSpec, one

Thunk = Callable[[], Any]


@dataclass
class Case:
    desc: str                                            # shape text for the table
    traffic: int = 0                                     # bytes read + written (0: not memory-bound)
    flops: float = 0.0                                   # GEMM / Linear flops per call
    cnnops: Optional[Callable[[Any], Optional[Thunk]]] = None   # cnnops.functional -> thunk
    torch: Optional[Callable[[Any], Thunk]] = None              # torch module -> thunk
    numpy: Optional[Thunk] = None
    onnx: Optional[Callable[[], Optional[OnnxSpec]]] = None
    inputs: dict[str, np.ndarray] = field(default_factory=dict)  # kept alive for the bound copy
    atol_scale: float = 1.0       # check tolerance multiplier (reductions of length K: about K)


@dataclass
class Workload:
    family: str
    label: str
    op: str                        # cnnops.functional attribute name
    shape: tuple[int, ...]         # full-size primary shape
    mins: tuple[int, ...]          # smallest value of each dim when scaled down
    build: Callable[[tuple[int, ...], np.dtype, np.random.Generator], Case]
    kind: str = "memory"           # "memory" (bound ratio), "gemm" (GFLOPS), "latency"
    quick: bool = False            # part of --quick
    large: bool = False            # part of --scaling
    dtype: str = "float32"

    @property
    def key(self) -> str:
        return f"{self.family}/{self.label}/{self.dtype}"

    def scaled_shape(self, scale: float) -> tuple[int, ...]:
        """Shrink the shape to about ``scale`` times the elements (never below ``mins``)."""
        if scale >= 1.0:
            return self.shape
        dims = list(self.shape)
        if self.kind == "gemm":   # M = N = K scale together
            n = max(self.mins[0], int(round(self.shape[0] * scale ** (1.0 / 3.0))))
            return tuple(n for _ in dims)
        target = math.prod(self.shape) * scale
        while math.prod(dims) > target:
            cands = [i for i, d in enumerate(dims) if d > self.mins[i]]
            if not cands:
                break
            i = max(cands, key=lambda j: dims[j] / self.mins[j])
            dims[i] = max(self.mins[i], dims[i] // 2)
        return tuple(dims)


# ----------------------------------------------------------------------------- helpers

def data(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator, scale: float = 3.0) -> np.ndarray:
    """Standard-normal values times ``scale`` (both signs, saturating regions hit)."""
    dt = np.dtype(dtype)
    x = rng.standard_normal(math.prod(shape), dtype=dt if dt.kind == "f" else np.float64)
    x *= scale
    return x.astype(dt, copy=False).reshape(shape)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ",".join(str(s) for s in shape) + ")"


def _op(F: Any, name: str) -> Any:
    return getattr(F, name, None)


def _cn(name: str, *args: Any, **kw: Any) -> Callable[[Any], Optional[Thunk]]:
    """cnnops factory: ``F.<name>(*args, **kw)`` or None if the op does not exist yet."""
    def make(F: Any) -> Optional[Thunk]:
        fn = _op(F, name)
        if fn is None:
            return None
        return lambda: fn(*args, **kw)
    return make


def _tc(name: str, *args: Any, **kw: Any) -> Callable[[Any], Thunk]:
    """PyTorch factory: ``torch.nn.functional.<name>`` on tensors sharing the arrays' memory.

    ``name`` may be ``"torch.sigmoid"`` for a function of the torch namespace.
    """
    def make(torch: Any) -> Thunk:
        if name.startswith("torch."):
            fn = getattr(torch, name[6:])
        else:
            fn = getattr(torch.nn.functional, name)
        targs = [torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args]
        tkw = {k: (torch.from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        return lambda: fn(*targs, **tkw)
    return make


def _errstate(fn: Callable[[], Any]) -> Thunk:
    def run() -> Any:
        with np.errstate(all="ignore"):
            return fn()
    return run


# ----------------------------------------------------------------------------- activations

ACT_SHAPE = (16, 64, 128, 128)        # 16M elements (issue 3)
ACT_MINS = (1, 2, 1, 1)
RRELU_SLOPE = (1.0 / 8.0 + 1.0 / 3.0) / 2.0


def _gelu_np(x: np.ndarray) -> Optional[Thunk]:
    try:
        from scipy.special import erf  # optional: NumPy has no erf
    except ImportError:
        return None
    c = x.dtype.type(1.0 / math.sqrt(2.0))
    h = x.dtype.type(0.5)
    return lambda: x * h * (1 + erf(x * c))


def _gelu_tanh_np(x: np.ndarray) -> Thunk:
    t = x.dtype.type
    k = t(math.sqrt(2.0 / math.pi))
    return lambda: t(0.5) * x * (1 + np.tanh(k * (x + t(0.044715) * x * x * x)))


def _activation(label: str, op: str, *, torch_name: Optional[str] = None,
                np_fn: Callable[[np.ndarray], Optional[Thunk]],
                onnx_fn: Callable[[np.ndarray], Optional[OnnxSpec]],
                kw: Optional[dict[str, Any]] = None, per_channel_weight: bool = False,
                quick: bool = False, large: bool = False) -> Workload:
    kw = kw or {}

    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        args: tuple[Any, ...] = ()
        if per_channel_weight:
            w = rng.uniform(0.1, 0.3, shape[1]).astype(dtype)
            args = (w,)
        np_thunk = np_fn(x) if not per_channel_weight else np_fn(x, w)  # type: ignore[call-arg]
        return Case(
            desc=_shape_text(shape),
            traffic=2 * x.nbytes,
            cnnops=_cn(op, x, *args, **kw),
            torch=_tc(torch_name or op, x, *args, **kw),
            numpy=_errstate(np_thunk) if np_thunk is not None else None,
            onnx=lambda: onnx_fn(x) if not per_channel_weight else onnx_fn(x, w),  # type: ignore[call-arg]
            inputs={"x": x},
        )

    return Workload("activation", label, op, ACT_SHAPE, ACT_MINS, build, quick=quick, large=large)


def _c(x: np.ndarray, v: float) -> np.ndarray:
    return np.asarray(v, dtype=x.dtype)


def activation_workloads() -> list[Workload]:
    def silu_onnx(x: np.ndarray) -> OnnxSpec:   # no SiLU op in ONNX: Sigmoid + Mul (two nodes)
        return OnnxSpec([Node("Sigmoid", ["x"], ["s"]), Node("Mul", ["x", "s"], ["y"])], {"x": x})

    def mish_np(x: np.ndarray) -> Thunk:
        return lambda: x * np.tanh(np.logaddexp(0, x))

    return [
        _activation("relu", "relu", np_fn=lambda x: (lambda: np.maximum(x, 0)),
                    onnx_fn=lambda x: one("Relu", x), quick=True, large=True),
        _activation("relu6", "relu6", np_fn=lambda x: (lambda: np.clip(x, 0, 6)),
                    onnx_fn=lambda x: one("Clip", x, {"lo": _c(x, 0), "hi": _c(x, 6)})),
        _activation("leaky_relu(0.01)", "leaky_relu", kw={"negative_slope": 0.01},
                    np_fn=lambda x: (lambda: np.where(x > 0, x, x * x.dtype.type(0.01))),
                    onnx_fn=lambda x: one("LeakyRelu", x, alpha=0.01)),
        _activation("prelu(C=64)", "prelu", per_channel_weight=True,
                    np_fn=lambda x, w: (lambda: np.where(x > 0, x, x * w[:, None, None])),
                    onnx_fn=lambda x, w: one("PRelu", x, {"slope": w.reshape(-1, 1, 1)})),
        _activation("rrelu(eval)", "rrelu", kw={"training": False},
                    np_fn=lambda x: (lambda: np.where(x > 0, x, x * x.dtype.type(RRELU_SLOPE))),
                    onnx_fn=lambda x: one("LeakyRelu", x, alpha=RRELU_SLOPE)),
        _activation("sigmoid", "sigmoid", torch_name="torch.sigmoid",
                    np_fn=lambda x: (lambda: 1 / (1 + np.exp(-x))),
                    onnx_fn=lambda x: one("Sigmoid", x), quick=True),
        _activation("tanh", "tanh", torch_name="torch.tanh", np_fn=lambda x: (lambda: np.tanh(x)),
                    onnx_fn=lambda x: one("Tanh", x)),
        _activation("hardsigmoid", "hardsigmoid",
                    np_fn=lambda x: (lambda: np.clip(x / x.dtype.type(6) + x.dtype.type(0.5), 0, 1)),
                    onnx_fn=lambda x: one("HardSigmoid", x, alpha=1.0 / 6.0, beta=0.5)),
        _activation("hardswish", "hardswish",
                    np_fn=lambda x: (lambda: x * np.clip(x / x.dtype.type(6) + x.dtype.type(0.5), 0, 1)),
                    onnx_fn=lambda x: one("HardSwish", x)),
        _activation("silu", "silu", np_fn=lambda x: (lambda: x / (1 + np.exp(-x))), onnx_fn=silu_onnx),
        _activation("mish", "mish", np_fn=mish_np, onnx_fn=lambda x: one("Mish", x)),
        _activation("softplus", "softplus", np_fn=lambda x: (lambda: np.logaddexp(0, x)),
                    onnx_fn=lambda x: one("Softplus", x)),
        _activation("elu", "elu", np_fn=lambda x: (lambda: np.where(x > 0, x, np.expm1(x))),
                    onnx_fn=lambda x: one("Elu", x, alpha=1.0)),
        _activation("gelu", "gelu", np_fn=_gelu_np, onnx_fn=lambda x: one("Gelu", x), quick=True, large=True),
        _activation("gelu(tanh)", "gelu", kw={"approximate": "tanh"}, np_fn=_gelu_tanh_np,
                    onnx_fn=lambda x: one("Gelu", x, approximate="tanh")),
    ]


# ----------------------------------------------------------------------------- softmax

def _softmax_np(x: np.ndarray, dim: int, kind: str) -> Thunk:
    def run() -> np.ndarray:
        z = -x if kind == "softmin" else x
        m = z.max(axis=dim, keepdims=True)
        s = z - m
        if kind == "log_softmax":
            return s - np.log(np.exp(s).sum(axis=dim, keepdims=True))
        e = np.exp(s)
        e /= e.sum(axis=dim, keepdims=True)
        return e
    return run


def _softmax(label: str, op: str, shape: tuple[int, ...], mins: tuple[int, ...], dim: int,
             quick: bool = False, large: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        if op == "softmin":
            spec = lambda: OnnxSpec([Node("Neg", ["x"], ["n"]), Node("Softmax", ["n"], ["y"], axis=dim)], {"x": x})
        else:
            spec = lambda: one({"softmax": "Softmax", "log_softmax": "LogSoftmax"}[op], x, axis=dim)
        return Case(desc=f"{_shape_text(shape)} dim={dim}", traffic=2 * x.nbytes,
                    cnnops=_cn(op, x, dim=dim), torch=_tc(op, x, dim=dim),
                    numpy=_errstate(_softmax_np(x, dim, op)), onnx=spec, inputs={"x": x})

    return Workload("softmax", label, op, shape, mins, build, quick=quick, large=large)


def softmax_workloads() -> list[Workload]:
    rows, rmins = (16384, 1024), (1, 1024)
    return [
        _softmax("softmax(dim=-1)", "softmax", rows, rmins, -1, quick=True, large=True),
        _softmax("log_softmax(dim=-1)", "log_softmax", rows, rmins, -1),
        _softmax("softmin(dim=-1)", "softmin", rows, rmins, -1),
        _softmax("softmax(dim=1)", "softmax", ACT_SHAPE, (1, 64, 1, 1), 1),
    ]


# ----------------------------------------------------------------------------- linear / GEMM

def _frozen_linear(x: np.ndarray, w: np.ndarray, bias: np.ndarray) -> Callable[[Any], Optional[Thunk]]:
    """cnnops factory: an ``nn.Linear`` holding ``w`` and ``bias``, frozen by
    ``cnnops.nn.utils.freeze`` (None where that does not exist)."""
    def make(F: Any) -> Optional[Thunk]:
        import importlib

        nn = importlib.import_module(F.__name__.rsplit(".", 1)[0] + ".nn")
        if not hasattr(getattr(nn, "utils", None), "freeze"):
            return None
        layer = nn.Linear(w.shape[1], w.shape[0], dtype=w.dtype)
        layer.weight[...] = w
        layer.bias[...] = bias
        nn.utils.freeze(layer)
        return lambda: layer(x)
    return make


def _linear(batch: int, fin: int, fout: int, quick: bool = False, frozen: bool = False) -> Workload:
    """Linear at one batch size; ``frozen``: cnnops runs a frozen ``nn.Linear``
    (weight packed once, as ORT packs its constant weight); the peers are the same."""
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        b, k, n = shape
        x = data((b, k), dtype, rng, 1.0)
        w = data((n, k), dtype, rng, 1.0 / math.sqrt(k))
        bias = data((n,), dtype, rng, 0.1)
        mine = _frozen_linear(x, w, bias) if frozen else _cn("linear", x, w, bias)
        return Case(desc=f"x({b},{k}) W({n},{k})", flops=2.0 * b * k * n, atol_scale=float(k),
                    cnnops=mine, torch=_tc("linear", x, w, bias),
                    numpy=lambda: x @ w.T + bias,
                    onnx=lambda: OnnxSpec([Node("Gemm", ["x", "w", "b"], ["y"], transB=1)], {"x": x},
                                          {"w": w, "b": bias}),
                    inputs={"x": x, "w": w})

    label = f"{'frozen nn.Linear' if frozen else 'linear'} {fin}->{fout} batch {batch}"
    return Workload("linear", label, "linear", (batch, fin, fout),
                    (1, 8, 8), build, kind="latency", quick=quick)


def _gemm(n: int, dtype: str, quick: bool = False, large: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dt: Any, rng: np.random.Generator) -> Case:
        m, nn, k = shape
        a = data((m, k), dt, rng, 1.0)
        b = data((nn, k), dt, rng, 1.0)
        return Case(desc=f"M=N=K={m} linear(A B^T)", flops=2.0 * m * nn * k, atol_scale=float(k),
                    cnnops=_cn("linear", a, b), torch=_tc("linear", a, b),
                    numpy=lambda: a @ b.T,
                    onnx=lambda: OnnxSpec([Node("Gemm", ["a", "b"], ["y"], transB=1)], {"a": a}, {"b": b}),
                    inputs={"a": a, "b": b})

    return Workload("gemm", f"gemm {n}", "linear", (n, n, n), (16, 16, 16), build,
                    kind="gemm", quick=quick, large=large, dtype=dtype)


def linear_workloads() -> list[Workload]:
    return [
        _linear(1, 1024, 1024, quick=True),
        _linear(16, 1024, 1024),
        _linear(256, 1024, 1024, quick=True),
        _linear(256, 4096, 4096),
        _linear(1, 1024, 1024, quick=True, frozen=True),
        _linear(16, 1024, 1024, quick=True, frozen=True),
        _linear(256, 1024, 1024, frozen=True),
        _linear(256, 4096, 4096, frozen=True),
        _gemm(1024, "float32", quick=True),
        _gemm(2048, "float32", large=True),
        _gemm(1024, "float64"),
        _gemm(2048, "float64"),
    ]


# ----------------------------------------------------------------------------- pooling

POOL_SHAPE = (32, 64, 112, 112)
POOL_MINS = (1, 1, 8, 8)


def _pool2d_np(x: np.ndarray, k: int, s: int, p: int, kind: str) -> Thunk:
    """Plain NumPy pooling: strided slices of a padded copy (square kernel, dilation 1)."""
    n, c, h, w = x.shape
    oh = (h + 2 * p - k) // s + 1
    ow = (w + 2 * p - k) // s + 1

    def run() -> np.ndarray:
        if p:
            xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)),
                        constant_values=(-np.inf if kind == "max" else 0))
        else:
            xp = x
        acc = None
        for i in range(k):
            for j in range(k):
                sl = xp[:, :, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s]
                if acc is None:
                    acc = sl.copy()
                elif kind == "max":
                    np.maximum(acc, sl, out=acc)
                else:
                    acc += sl
        if kind == "avg":
            acc *= x.dtype.type(1.0 / (k * k))
        return acc
    return run


def _pool2x2_indices_np(x: np.ndarray) -> Thunk:
    n, c, h, w = x.shape
    oh, ow = h // 2, w // 2

    def run() -> tuple[np.ndarray, np.ndarray]:
        v = x[:, :, :2 * oh, :2 * ow].reshape(n, c, oh, 2, ow, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, 4)
        a = v.argmax(axis=-1)
        vals = np.take_along_axis(v, a[..., None], axis=-1)[..., 0]
        rows = np.arange(oh)[:, None] * 2 + a // 2
        cols = np.arange(ow)[None, :] * 2 + a % 2
        return vals, (rows * w + cols).astype(np.int64)
    return run


def _pool(label: str, op: str, k: int, s: int, p: int, kind: str, *, indices: bool = False,
          quick: bool = False, large: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        n, c, h, w = shape
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        out_bytes = n * c * oh * ow * x.itemsize * (3 if indices else 1)   # int64 indices: 2x more
        kw: dict[str, Any] = {"stride": s, "padding": p}
        if indices:
            kw["return_indices"] = True
        if kind == "max":
            spec = lambda: one("MaxPool", x, n_out=2 if indices else 1,
                               out_dtypes=(None, np.int64) if indices else (), kernel_shape=[k, k],
                               strides=[s, s], pads=[p, p, p, p])
        else:
            spec = lambda: one("AveragePool", x, kernel_shape=[k, k], strides=[s, s], pads=[p, p, p, p],
                               count_include_pad=1)
        np_thunk = _pool2x2_indices_np(x) if indices else _pool2d_np(x, k, s, p, kind)
        return Case(desc=_shape_text(shape), traffic=x.nbytes + out_bytes,
                    cnnops=_cn(op, x, k, **kw), torch=_tc(op, x, k, **kw),
                    numpy=np_thunk, onnx=spec, inputs={"x": x})

    return Workload("pooling", label, op, POOL_SHAPE, POOL_MINS, build, quick=quick, large=large)


def _unpool() -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        n, c, h, w = shape
        vals, idx = _pool2x2_indices_np(x)()
        vals = np.ascontiguousarray(vals)
        out_hw = (2 * (h // 2), 2 * (w // 2))
        plane = out_hw[0] * out_hw[1]

        def np_run() -> np.ndarray:
            y = np.zeros((n * c, plane), dtype=x.dtype)
            np.put_along_axis(y, idx.reshape(n * c, -1), vals.reshape(n * c, -1), axis=1)
            return y.reshape(n, c, *out_hw)

        def spec() -> OnnxSpec:   # ORT's indices are flat over the whole tensor
            gidx = idx + (np.arange(n * c, dtype=np.int64) * plane).reshape(n, c, 1, 1)
            return OnnxSpec([Node("MaxUnpool", ["x", "i"], ["y"], kernel_shape=[2, 2], strides=[2, 2])],
                            {"x": vals, "i": gidx})

        return Case(desc=f"{_shape_text(vals.shape)}->{out_hw[0]}x{out_hw[1]}",
                    traffic=vals.nbytes + idx.nbytes + n * c * plane * x.itemsize,
                    cnnops=_cn("max_unpool2d", vals, idx, 2, 2), torch=_tc("max_unpool2d", vals, idx, 2, 2),
                    numpy=np_run, onnx=spec, inputs={"x": vals, "i": idx})

    return Workload("pooling", "max_unpool2d(2,2)", "max_unpool2d", POOL_SHAPE, POOL_MINS, build)


def _pool1d(label: str, op: str, kind: str) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        n, c, l = shape
        ol = l // 2
        red = (lambda v: v.max(axis=-1)) if kind == "max" else (lambda v: v.mean(axis=-1))
        return Case(desc=_shape_text(shape), traffic=x.nbytes + n * c * ol * x.itemsize,
                    cnnops=_cn(op, x, 2, 2), torch=_tc(op, x, 2, 2),
                    numpy=lambda: red(x[:, :, :2 * ol].reshape(n, c, ol, 2)),
                    onnx=lambda: one("MaxPool" if kind == "max" else "AveragePool", x,
                                     kernel_shape=[2], strides=[2]),
                    inputs={"x": x})

    return Workload("pooling", label, op, (32, 64, 112 * 112), (1, 1, 16), build)


def _adaptive(label: str, op: str, out: int, kind: str, quick: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng)
        n, c, h, w = shape
        exact = h % out == 0 and w % out == 0

        def np_run() -> np.ndarray:
            v = x.reshape(n, c, out, h // out, out, w // out)
            return v.max(axis=(3, 5)) if kind == "max" else v.mean(axis=(3, 5))

        def spec() -> Optional[OnnxSpec]:
            if out == 1:
                return one("GlobalMaxPool" if kind == "max" else "GlobalAveragePool", x)
            if not exact:
                return None   # no adaptive pooling in ONNX; equal windows only when sizes divide
            return one("MaxPool" if kind == "max" else "AveragePool", x,
                       kernel_shape=[h // out, w // out], strides=[h // out, w // out])

        return Case(desc=f"{_shape_text(shape)}->{out}x{out}", traffic=x.nbytes + n * c * out * out * x.itemsize,
                    cnnops=_cn(op, x, out), torch=_tc(op, x, out),
                    numpy=np_run if exact else None, onnx=spec, inputs={"x": x})

    return Workload("pooling", label, op, POOL_SHAPE, (1, 1, 7, 7) if out == 7 else (1, 1, 1, 1), build,
                    quick=quick)


def pooling_workloads() -> list[Workload]:
    return [
        _pool("max_pool2d(2,2)", "max_pool2d", 2, 2, 0, "max", quick=True, large=True),
        _pool("max_pool2d(3,2,1)", "max_pool2d", 3, 2, 1, "max"),
        _pool("avg_pool2d(2,2)", "avg_pool2d", 2, 2, 0, "avg"),
        _pool("avg_pool2d(3,1,1)", "avg_pool2d", 3, 1, 1, "avg", quick=True, large=True),
        _pool("max_pool2d(2,2)+indices", "max_pool2d", 2, 2, 0, "max", indices=True),
        _unpool(),
        _pool1d("max_pool1d(2,2)", "max_pool1d", "max"),
        _pool1d("avg_pool1d(2,2)", "avg_pool1d", "avg"),
        _adaptive("adaptive_avg_pool2d(7)", "adaptive_avg_pool2d", 7, "avg"),
        _adaptive("adaptive_avg_pool2d(1)", "adaptive_avg_pool2d", 1, "avg"),
        _adaptive("adaptive_max_pool2d(7)", "adaptive_max_pool2d", 7, "max"),
    ]


# ----------------------------------------------------------------------------- normalization

NORM_SHAPE = (32, 64, 56, 56)
EPS = 1e-5


def _bcast(v: np.ndarray, ndim: int) -> np.ndarray:
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _batch_norm(training: bool, quick: bool = False, large: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)
        c = shape[1]
        rm = data((c,), dtype, rng, 0.1)
        rv = rng.uniform(0.5, 2.0, c).astype(dtype)
        w = rng.uniform(0.5, 1.5, c).astype(dtype)
        b = data((c,), dtype, rng, 0.1)
        rm_c, rv_c, rm_t, rv_t = rm.copy(), rv.copy(), rm.copy(), rv.copy()
        axes = tuple(i for i in range(x.ndim) if i != 1)

        def np_run() -> np.ndarray:
            if training:
                mean = x.mean(axis=axes)
                var = x.var(axis=axes)
            else:
                mean, var = rm, rv
            scale = w / np.sqrt(var + x.dtype.type(EPS))
            return x * _bcast(scale, x.ndim) + _bcast(b - mean * scale, x.ndim)

        def spec() -> OnnxSpec:
            if training:
                return OnnxSpec([Node("BatchNormalization", ["x", "w", "b", "m", "v"], ["y", "rm", "rv"],
                                      epsilon=EPS, momentum=0.9, training_mode=1)],
                                {"x": x}, {"w": w, "b": b, "m": rm, "v": rv},
                                [("y", None), ("rm", None), ("rv", None)])
            return OnnxSpec([Node("BatchNormalization", ["x", "w", "b", "m", "v"], ["y"], epsilon=EPS)],
                            {"x": x}, {"w": w, "b": b, "m": rm, "v": rv})

        return Case(desc=_shape_text(shape), traffic=2 * x.nbytes,
                    cnnops=_cn("batch_norm", x, rm_c, rv_c, w, b, training=training),
                    torch=_tc("batch_norm", x, rm_t, rv_t, w, b, training=training),
                    numpy=np_run, onnx=spec, inputs={"x": x})

    return Workload("normalization", f"batch_norm({'train' if training else 'eval'})", "batch_norm",
                    NORM_SHAPE, (1, 64, 4, 4), build, quick=quick, large=large)


def _group_norm() -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)
        n, c = shape[:2]
        w = rng.uniform(0.5, 1.5, c).astype(dtype)
        b = data((c,), dtype, rng, 0.1)

        def np_run() -> np.ndarray:
            g = x.reshape(n, 32, -1)
            mean = g.mean(axis=-1, keepdims=True)
            var = g.var(axis=-1, keepdims=True)
            y = ((g - mean) / np.sqrt(var + x.dtype.type(EPS))).reshape(x.shape)
            return y * _bcast(w, x.ndim) + _bcast(b, x.ndim)

        return Case(desc=f"{_shape_text(shape)} G=32", traffic=2 * x.nbytes,
                    cnnops=_cn("group_norm", x, 32, w, b), torch=_tc("group_norm", x, 32, w, b),
                    numpy=np_run,
                    onnx=lambda: one("GroupNormalization", x, {"w": w, "b": b}, num_groups=32, epsilon=EPS),
                    inputs={"x": x})

    return Workload("normalization", "group_norm(32)", "group_norm", NORM_SHAPE, (1, 64, 4, 4), build)


def _instance_norm() -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)
        c = shape[1]

        def np_run() -> np.ndarray:
            mean = x.mean(axis=(2, 3), keepdims=True)
            var = x.var(axis=(2, 3), keepdims=True)
            return (x - mean) / np.sqrt(var + x.dtype.type(EPS))

        return Case(desc=_shape_text(shape), traffic=2 * x.nbytes,
                    cnnops=_cn("instance_norm", x), torch=_tc("instance_norm", x), numpy=np_run,
                    onnx=lambda: one("InstanceNormalization", x,
                                     {"s": np.ones(c, dtype=x.dtype), "b": np.zeros(c, dtype=x.dtype)},
                                     epsilon=EPS),
                    inputs={"x": x})

    return Workload("normalization", "instance_norm", "instance_norm", NORM_SHAPE, (1, 1, 4, 4), build)


def _layer_norm(quick: bool = False, large: bool = False) -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)
        d = shape[-1]
        w = rng.uniform(0.5, 1.5, d).astype(dtype)
        b = data((d,), dtype, rng, 0.1)

        def np_run() -> np.ndarray:
            mean = x.mean(axis=-1, keepdims=True)
            var = x.var(axis=-1, keepdims=True)
            return (x - mean) / np.sqrt(var + x.dtype.type(EPS)) * w + b

        return Case(desc=f"{_shape_text(shape)} over {d}", traffic=2 * x.nbytes,
                    cnnops=_cn("layer_norm", x, (d,), w, b), torch=_tc("layer_norm", x, (d,), w, b),
                    numpy=np_run,
                    onnx=lambda: one("LayerNormalization", x, {"w": w, "b": b}, axis=-1, epsilon=EPS),
                    inputs={"x": x})

    return Workload("normalization", "layer_norm(768)", "layer_norm", (64, 512, 768), (1, 1, 768), build,
                    quick=quick, large=large)


def _normalize() -> Workload:
    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)

        def np_run() -> np.ndarray:
            nrm = np.sqrt(np.einsum("ij,ij->i", x, x))[:, None]
            return x / np.maximum(nrm, x.dtype.type(1e-12))

        return Case(desc=f"{_shape_text(shape)} p=2 dim=1", traffic=2 * x.nbytes,
                    cnnops=_cn("normalize", x, p=2.0, dim=1), torch=_tc("normalize", x, p=2.0, dim=1),
                    numpy=np_run, onnx=lambda: one("LpNormalization", x, p=2, axis=1), inputs={"x": x})

    return Workload("normalization", "normalize(p=2,dim=1)", "normalize", (65536, 256), (1, 256), build)


def _lrn(quick: bool = False, large: bool = False) -> Workload:
    size, alpha, beta, k = 5, 1e-4, 0.75, 1.0

    def build(shape: tuple[int, ...], dtype: Any, rng: np.random.Generator) -> Case:
        x = data(shape, dtype, rng, 1.0)
        c = shape[1]

        def np_run() -> np.ndarray:   # window sum over channels through a cumulative sum
            sq = x * x
            pad = np.zeros((shape[0], 1) + shape[2:], dtype=x.dtype)
            cs = np.concatenate([pad, np.cumsum(sq, axis=1)], axis=1)   # cs[:, i] = sum sq[:, :i]
            lo = np.clip(np.arange(c) - size // 2, 0, c)
            hi = np.clip(np.arange(c) + (size - 1) // 2 + 1, 0, c)
            s = cs[:, hi] - cs[:, lo]
            return x / (x.dtype.type(k) + x.dtype.type(alpha / size) * s) ** x.dtype.type(beta)

        return Case(desc=f"{_shape_text(shape)} size=5", traffic=2 * x.nbytes,
                    cnnops=_cn("local_response_norm", x, size), torch=_tc("local_response_norm", x, size),
                    numpy=np_run,
                    onnx=lambda: one("LRN", x, size=size, alpha=alpha, beta=beta, bias=k),
                    inputs={"x": x})

    return Workload("normalization", "local_response_norm(5)", "local_response_norm", (32, 96, 55, 55),
                    (1, 8, 4, 4), build, quick=quick, large=large)


def normalization_workloads() -> list[Workload]:
    return [
        _batch_norm(False, quick=True, large=True),
        _batch_norm(True),
        _group_norm(),
        _instance_norm(),
        _layer_norm(quick=True, large=True),
        _normalize(),
        _lrn(large=True),
    ]


def all_workloads(dtypes: tuple[str, ...] = ("float32",)) -> list[Workload]:
    """Every workload, float32 by default; ``dtypes`` adds other dtypes (GEMM has both always)."""
    base = (activation_workloads() + softmax_workloads() + linear_workloads()
            + pooling_workloads() + normalization_workloads())
    out: list[Workload] = []
    for w in base:
        if w.kind == "gemm":
            out.append(w)
            continue
        for dt in dtypes:
            out.append(w if dt == w.dtype else _with_dtype(w, dt))
    return out


def _with_dtype(w: Workload, dtype: str) -> Workload:
    from dataclasses import replace

    return replace(w, dtype=dtype, quick=w.quick and dtype == "float32")
