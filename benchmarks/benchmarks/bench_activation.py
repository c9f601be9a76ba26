"""Activations (issue 3): 16M float32 elements, (16, 64, 128, 128); float64 on half the batch."""
from __future__ import annotations

from .common import DTYPES, THREADS, Bench, data, func, halve_for, set_threads

SHAPE = (16, 64, 128, 128)

# label -> (cnnops.functional name, extra kwargs)
OPS = {
    "relu": ("relu", {}),
    "relu6": ("relu6", {}),
    "leaky_relu": ("leaky_relu", {"negative_slope": 0.01}),
    "prelu": ("prelu", {}),
    "rrelu_eval": ("rrelu", {"training": False}),
    "sigmoid": ("sigmoid", {}),
    "tanh": ("tanh", {}),
    "hardsigmoid": ("hardsigmoid", {}),
    "hardswish": ("hardswish", {}),
    "silu": ("silu", {}),
    "mish": ("mish", {}),
    "softplus": ("softplus", {}),
    "elu": ("elu", {}),
    "gelu": ("gelu", {}),
    "gelu_tanh": ("gelu", {"approximate": "tanh"}),
}


class Activation(Bench):
    """Forward of every activation, fresh output per call."""

    params = [list(OPS), DTYPES, THREADS]
    param_names = ["op", "dtype", "threads"]

    def setup(self, op: str, dtype: str, threads: int) -> None:
        name, kw = OPS[op]
        fn = func(name)
        shape = halve_for(dtype, SHAPE)
        x = data(shape, dtype)
        args = (x, data((shape[1],), dtype, seed=1, scale=0.1)) if name == "prelu" else (x,)
        set_threads(threads)
        self.call = lambda: fn(*args, **kw)
        self.call()   # fails here (not at timing) if the op is broken

    def time_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()


class ReluSizes(Bench):
    """ReLU float32 over a few sizes (issue 2's benchmark): per-call overhead to bandwidth-bound."""

    params = [[10, 1 << 16, 1 << 20, 1 << 24], THREADS]
    param_names = ["n", "threads"]

    def setup(self, n: int, threads: int) -> None:
        fn = func("relu")
        self.x = data((n,), "float32")
        set_threads(threads)
        self.fn = fn

    def time_relu(self, n: int, threads: int) -> None:
        self.fn(self.x)

    def time_relu_inplace(self, n: int, threads: int) -> None:
        self.fn(self.x, inplace=True)

    def peakmem_relu(self, n: int, threads: int) -> None:
        self.fn(self.x)


class ReluModuleCall(Bench):
    """Per-call overhead of ``cnnops.nn.ReLU()`` on a (1, 10) input (issue 3 target: ~1 us)."""

    def setup(self) -> None:
        import cnnops

        if not hasattr(getattr(cnnops, "nn", None), "ReLU"):
            raise NotImplementedError("cnnops.nn.ReLU")
        self.m = cnnops.nn.ReLU()
        self.x = data((1, 10), "float32")

    def time_module_call(self) -> None:
        self.m(self.x)
