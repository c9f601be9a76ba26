"""Pooling and unpooling (issue 5) on (32, 64, 112, 112); float64 on half the batch."""
from __future__ import annotations

import numpy as np

from .common import DTYPES, THREADS, Bench, data, func, halve_for, set_threads

SHAPE = (32, 64, 112, 112)

# label -> (cnnops.functional name, positional args after the input, kwargs, input rank)
OPS = {
    "max_pool2d_2_2": ("max_pool2d", (2, 2), {}, 4),
    "max_pool2d_3_2_1": ("max_pool2d", (3, 2, 1), {}, 4),
    "avg_pool2d_2_2": ("avg_pool2d", (2, 2), {}, 4),
    "avg_pool2d_3_1_1": ("avg_pool2d", (3, 1, 1), {}, 4),
    "max_pool2d_2_2_indices": ("max_pool2d", (2, 2), {"return_indices": True}, 4),
    "max_pool1d_2_2": ("max_pool1d", (2, 2), {}, 3),
    "avg_pool1d_2_2": ("avg_pool1d", (2, 2), {}, 3),
    "adaptive_avg_pool2d_7": ("adaptive_avg_pool2d", (7,), {}, 4),
    "adaptive_avg_pool2d_1": ("adaptive_avg_pool2d", (1,), {}, 4),
    "adaptive_max_pool2d_7": ("adaptive_max_pool2d", (7,), {}, 4),
}


class Pooling(Bench):
    params = [list(OPS), DTYPES, THREADS]
    param_names = ["op", "dtype", "threads"]

    def setup(self, op: str, dtype: str, threads: int) -> None:
        name, args, kw, rank = OPS[op]
        fn = func(name)
        shape = halve_for(dtype, SHAPE)
        if rank == 3:
            shape = (shape[0], shape[1], shape[2] * shape[3])
        x = data(shape, dtype)
        set_threads(threads)
        self.call = lambda: fn(x, *args, **kw)
        self.call()

    def time_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()


class MaxUnpool(Bench):
    """max_unpool2d(2, 2) of a 2x2 max-pooled (32, 64, 112, 112) input."""

    params = [DTYPES, THREADS]
    param_names = ["dtype", "threads"]

    def setup(self, dtype: str, threads: int) -> None:
        fn = func("max_unpool2d")
        n, c, h, w = halve_for(dtype, SHAPE)
        x = data((n, c, h, w), dtype)
        v = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
        a = v.argmax(axis=-1)
        vals = np.ascontiguousarray(np.take_along_axis(v, a[..., None], axis=-1)[..., 0])
        rows = np.arange(h // 2)[:, None] * 2 + a // 2
        cols = np.arange(w // 2)[None, :] * 2 + a % 2
        idx = np.ascontiguousarray((rows * w + cols).astype(np.int64))
        set_threads(threads)
        self.call = lambda: fn(vals, idx, 2, 2)
        self.call()

    def time_forward(self, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, dtype: str, threads: int) -> None:
        self.call()
