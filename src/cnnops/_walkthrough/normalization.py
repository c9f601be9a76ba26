"""Walkthrough: the seeds' normalization examples and the family's timings."""
from __future__ import annotations

import numpy as np

from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def run(w: Walkthrough) -> None:
    w.section("BatchNorm, InstanceNorm, GroupNorm, LayerNorm, LocalResponseNorm, normalize")
    rng = np.random.default_rng(0)

    # the seeds' examples (torch.randn replaced by a seeded NumPy generator)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    y = F.batch_norm(x, rm, rv, training=True)
    w.example("batch_norm in training mode on a (2, 3) batch: normalised per feature; the running "
              "statistics are updated in place (momentum 0.1, unbiased variance)",
              "F.batch_norm(x, running_mean, running_var, training=True)",
              f"{y!r}\nrunning_mean = {rm!r}\nrunning_var  = {rv!r}")
    x = rng.standard_normal((2, 6)).astype(np.float32)
    w.example("group_norm: 6 channels in 2 groups", "F.group_norm(np.random.randn(2, 6), 2)",
              F.group_norm(x, 2))
    x = rng.standard_normal((2, 3, 5, 5)).astype(np.float32)
    y = F.instance_norm(x, None, None, None, None, use_input_stats=True)
    w.example("instance_norm on (2, 3, 5, 5): every (sample, channel) plane has mean 0, std 1",
              "F.instance_norm(x, use_input_stats=True).mean(axis=(2, 3)).round(6)",
              y.mean(axis=(2, 3)).round(6))
    x = rng.standard_normal((2, 5, 10)).astype(np.float32)
    y = F.layer_norm(x, (5, 10))
    w.example("layer_norm over the last two dims (5, 10)",
              "F.layer_norm(np.random.randn(2, 5, 10), (5, 10)).std(axis=(1, 2))",
              y.std(axis=(1, 2)))
    x = rng.standard_normal((1, 5, 10, 10)).astype(np.float32)
    y = F.local_response_norm(x, size=5)
    w.example("local_response_norm across 5 channels (PyTorch's window and /size)",
              "F.local_response_norm(np.random.randn(1, 5, 10, 10), size=5)[0, :, 0, 0]",
              y[0, :, 0, 0])
    x = rng.standard_normal((4, 3)).astype(np.float32)
    y = F.normalize(x, p=2.0, dim=1)
    w.example("normalize each row to unit L2 norm",
              "np.linalg.norm(F.normalize(np.random.randn(4, 3), p=2.0, dim=1), axis=1)",
              np.linalg.norm(y, axis=1))

    m = nn.BatchNorm2d(64)
    w.example("module repr and state_dict keys, as PyTorch's", "nn.BatchNorm2d(64)",
              f"{m!r}\n{list(m.state_dict())}")
    w.example("more reprs", "nn.GroupNorm(32, 64), nn.LayerNorm(768), nn.LocalResponseNorm(5), "
              "nn.InstanceNorm2d(3)",
              "\n".join(repr(mm) for mm in (nn.GroupNorm(32, 64), nn.LayerNorm(768),
                                            nn.LocalResponseNorm(5), nn.InstanceNorm2d(3))))
    off = (rng.standard_normal((8, 3, 16, 16)) + 1e4).astype(np.float32)
    y = F.batch_norm(off, None, None, training=True)
    w.example("float32 data with a 1e4 offset still normalises exactly (stats in float64)",
              "F.batch_norm(x + 1e4, None, None, training=True).std(axis=(0, 2, 3))",
              y.std(axis=(0, 2, 3)))

    # timings (single calls of the benchmark shapes; `python -m cnnops bench` has the full table)
    t = w.torch
    x = rng.standard_normal((32, 64, 56, 56)).astype(np.float32)
    c = 64
    wgt, bias = np.ones(c, np.float32), np.zeros(c, np.float32)
    rmean, rvar = np.zeros(c, np.float32), np.ones(c, np.float32)
    tx = t.from_numpy(x) if t is not None else None

    def np_bn_eval() -> np.ndarray:
        return (x - rmean[:, None, None]) / np.sqrt(rvar[:, None, None] + 1e-5)

    def np_bn_train() -> np.ndarray:
        m = x.mean(axis=(0, 2, 3), keepdims=True)
        return (x - m) / np.sqrt(x.var(axis=(0, 2, 3), keepdims=True) + 1e-5)

    tf = t.nn.functional if t is not None else None
    w.timing("batch_norm eval (32,64,56,56)", lambda: F.batch_norm(x, rmean, rvar, wgt, bias),
             np_bn_eval, (lambda: tf.batch_norm(tx, t.zeros(c), t.ones(c))) if t else None)
    rm2, rv2 = rmean.copy(), rvar.copy()
    w.timing("batch_norm train (32,64,56,56)",
             lambda: F.batch_norm(x, rm2, rv2, wgt, bias, training=True), np_bn_train,
             (lambda: tf.batch_norm(tx, t.zeros(c), t.ones(c), training=True)) if t else None)
    w.timing("group_norm G=32 (32,64,56,56)", lambda: F.group_norm(x, 32, wgt, bias), None,
             (lambda: tf.group_norm(tx, 32)) if t else None)
    w.timing("instance_norm (32,64,56,56)", lambda: F.instance_norm(x), None,
             (lambda: tf.instance_norm(tx)) if t else None)
    xl = rng.standard_normal((16, 512, 768)).astype(np.float32)
    txl = t.from_numpy(xl) if t is not None else None
    w.timing("layer_norm (16,512,768) over 768", lambda: F.layer_norm(xl, (768,)),
             lambda: (xl - xl.mean(-1, keepdims=True)) / np.sqrt(xl.var(-1, keepdims=True) + 1e-5),
             (lambda: tf.layer_norm(txl, (768,))) if t else None)
    xn = rng.standard_normal((65536, 256)).astype(np.float32)
    txn = t.from_numpy(xn) if t is not None else None
    w.timing("normalize p=2 (65536,256)", lambda: F.normalize(xn),
             lambda: xn / np.maximum(np.linalg.norm(xn, axis=1, keepdims=True), 1e-12),
             (lambda: tf.normalize(txn)) if t else None)
    xr = rng.standard_normal((32, 96, 55, 55)).astype(np.float32)
    txr = t.from_numpy(xr) if t is not None else None

    def np_lrn() -> np.ndarray:
        sq = np.pad(xr * xr, ((0, 0), (2, 2), (0, 0), (0, 0)))
        s = sum(sq[:, i:i + 96] for i in range(5))
        return xr / (1.0 + 1e-4 / 5 * s) ** 0.75

    w.timing("local_response_norm size=5 (32,96,55,55)", lambda: F.local_response_norm(xr, 5),
             np_lrn, (lambda: tf.local_response_norm(txr, 5)) if t else None)
