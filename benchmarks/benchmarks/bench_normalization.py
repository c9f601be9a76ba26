"""Normalization (issue 6) at the issue's shapes; float64 on half the batch."""
from __future__ import annotations

import numpy as np

from .common import DTYPES, THREADS, Bench, data, func, halve_for, set_threads

NCHW = (32, 64, 56, 56)


def _case(op: str, dtype: str):  # -> (function name, shape, builder(x) -> (args, kwargs))
    c = NCHW[1]
    if op in ("batch_norm_eval", "batch_norm_train"):
        def build(x):
            rm = data((c,), dtype, seed=1, scale=0.1)
            rv = np.abs(data((c,), dtype, seed=2, scale=1.0)) + 0.5
            w = data((c,), dtype, seed=3, scale=0.2) + 1
            b = data((c,), dtype, seed=4, scale=0.1)
            return (x, rm, rv, w, b), {"training": op.endswith("train")}
        return "batch_norm", NCHW, build
    if op == "group_norm_32":
        return "group_norm", NCHW, lambda x: ((x, 32, data((c,), dtype, 1) + 1, data((c,), dtype, 2)), {})
    if op == "instance_norm":
        return "instance_norm", NCHW, lambda x: ((x,), {})
    if op == "layer_norm_768":
        return "layer_norm", (64, 512, 768), lambda x: (
            (x, (768,), data((768,), dtype, 1) + 1, data((768,), dtype, 2)), {})
    if op == "normalize_p2_dim1":
        return "normalize", (65536, 256), lambda x: ((x,), {"p": 2.0, "dim": 1})
    if op == "local_response_norm_5":
        return "local_response_norm", (32, 96, 55, 55), lambda x: ((x, 5), {})
    raise KeyError(op)


OPS = ["batch_norm_eval", "batch_norm_train", "group_norm_32", "instance_norm", "layer_norm_768",
       "normalize_p2_dim1", "local_response_norm_5"]


class Normalization(Bench):
    params = [OPS, DTYPES, THREADS]
    param_names = ["op", "dtype", "threads"]

    def setup(self, op: str, dtype: str, threads: int) -> None:
        name, shape, build = _case(op, dtype)
        fn = func(name)
        x = data(halve_for(dtype, shape), dtype, scale=1.0)
        args, kw = build(x)
        set_threads(threads)
        self.call = lambda: fn(*args, **kw)
        self.call()

    def time_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, op: str, dtype: str, threads: int) -> None:
        self.call()
