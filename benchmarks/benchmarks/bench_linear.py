"""Linear and the GEMM under it (issue 4)."""
from __future__ import annotations

import math

from .common import DTYPES, THREADS, Bench, cnnops, data, func, set_threads

# label -> (batch, in_features, out_features)
LINEAR = {
    "1024x1024_b1": (1, 1024, 1024),
    "1024x1024_b16": (16, 1024, 1024),
    "1024x1024_b256": (256, 1024, 1024),
    "4096x4096_b256": (256, 4096, 4096),
}


class Linear(Bench):
    """``linear(x, W, b)``: Y = x W^T + b."""

    params = [list(LINEAR), DTYPES, THREADS]
    param_names = ["case", "dtype", "threads"]

    def setup(self, case: str, dtype: str, threads: int) -> None:
        fn = func("linear")
        b, k, n = LINEAR[case]
        x = data((b, k), dtype, scale=1.0)
        w = data((n, k), dtype, seed=1, scale=1.0 / math.sqrt(k))
        bias = data((n,), dtype, seed=2, scale=0.1)
        set_threads(threads)
        self.call = lambda: fn(x, w, bias)
        self.call()

    def time_forward(self, case: str, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, case: str, dtype: str, threads: int) -> None:
        self.call()


class LinearFrozen(Bench):
    """``nn.Linear`` after ``cnnops.nn.utils.freeze``: the forward reads a weight
    packed once (what ONNX Runtime does to a constant Gemm weight)."""

    params = [list(LINEAR), DTYPES, THREADS]
    param_names = ["case", "dtype", "threads"]

    def setup(self, case: str, dtype: str, threads: int) -> None:
        nn = getattr(cnnops, "nn", None)
        if nn is None or not hasattr(getattr(nn, "utils", None), "freeze"):
            raise NotImplementedError("cnnops.nn.utils.freeze does not exist (yet)")
        b, k, n = LINEAR[case]
        layer = nn.Linear(k, n, dtype=dtype)
        layer.weight[...] = data((n, k), dtype, seed=1, scale=1.0 / math.sqrt(k))
        nn.utils.freeze(layer)
        x = data((b, k), dtype, scale=1.0)
        set_threads(threads)
        self.call = lambda: layer(x)
        self.call()

    def time_forward(self, case: str, dtype: str, threads: int) -> None:
        self.call()


class Gemm(Bench):
    """M = N = K GEMM through ``linear(A, B)`` (A B^T, no bias); ``track_gflops`` reports throughput."""

    params = [[1024, 2048], DTYPES, THREADS]
    param_names = ["n", "dtype", "threads"]

    def setup(self, n: int, dtype: str, threads: int) -> None:
        fn = func("linear")
        if n == 2048 and threads == 1 and dtype == "float64":
            raise NotImplementedError("skipped to keep the suite affordable (about 1 s per call)")
        a = data((n, n), dtype, scale=1.0)
        b = data((n, n), dtype, seed=1, scale=1.0)
        set_threads(threads)
        self.call = lambda: fn(a, b)
        self.call()

    def time_gemm(self, n: int, dtype: str, threads: int) -> None:
        self.call()

    def track_gflops(self, n: int, dtype: str, threads: int) -> float:
        import time

        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            self.call()
            best = min(best, time.perf_counter() - t0)
        return 2.0 * n ** 3 / best / 1e9

    track_gflops.unit = "GFLOPS"  # type: ignore[attr-defined]
