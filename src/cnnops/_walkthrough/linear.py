"""Walkthrough: the seeds' Linear / Flatten examples and GEMM throughput vs NumPy."""
from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

import cnnops
from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def _best_time(fn: Callable[[], Any], reps: int) -> float:
    fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


def run(w: Walkthrough) -> None:
    w.section("Linear, Flatten (on cnnops' own GEMM)")
    lin = nn.Linear(3, 4)
    lin.weight[...] = np.array([[1.0] * 3, [2.0] * 3, [3.0] * 3, [4.0] * 3])
    lin.bias[...] = 0.5
    x = np.array([[1.0, 2, 3]], np.float32)
    w.example("Linear(3, 4) with weight rows of 1s, 2s, 3s, 4s and bias 0.5 on [[1, 2, 3]]",
              "lin = nn.Linear(3, 4); lin.weight[...] = ...; lin.bias[...] = 0.5; lin(x)",
              f"x {x.shape}: {x}\nweight {lin.weight.shape}:\n{np.asarray(lin.weight)}\n"
              f"output {lin(x).shape}: {lin(x)}")
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU())
    w.example("a small MLP prints exactly as PyTorch prints it",
              "nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU())", model)
    w.example("... and runs on a batch", "model(np.random.randn(32, 64).astype(np.float32)).shape",
              model(np.random.default_rng(0).standard_normal((32, 64)).astype(np.float32)).shape)
    imgs = np.random.default_rng(1).standard_normal((8, 3, 256, 256)).astype(np.float32)
    flat = nn.Flatten()(imgs)
    head = nn.Linear(196608, 10)
    w.example("flatten a batch of 8 RGB 256x256 images into Linear(196608, 10)",
              "nn.Linear(196608, 10)(nn.Flatten()(imgs)).shape  # imgs: (8, 3, 256, 256)",
              f"flatten {imgs.shape} -> {flat.shape} (a view: {flat.base is not None}), "
              f"logits {head(flat).shape}")
    frozen = nn.utils.freeze(nn.Sequential(nn.Linear(64, 128), nn.ReLU()))
    x64 = np.random.default_rng(2).standard_normal((16, 64)).astype(np.float32)
    w.example("inference: freeze() packs each Linear weight once (read-only from then on)",
              "nn.utils.freeze(model); model[0].frozen, model[0].weight.flags.writeable",
              f"{frozen[0].frozen}, {frozen[0].weight.flags.writeable}; "
              f"output {frozen(x64).shape}")
    w.example("torch.flatten's rules: start/end dims, a view when possible",
              "cnnops.flatten(np.zeros((2, 3, 4, 5)), 1, 2).shape", cnnops.flatten(np.zeros((2, 3, 4, 5)), 1, 2).shape)
    w.example("NaN propagates as in a dot product; in_features == 0 gives the bias",
              "F.linear([[1., np.nan]], np.ones((2, 2))), F.linear(np.ones((1, 0)), np.ones((2, 0)), [7., 8.])",
              f"{F.linear(np.array([[1.0, np.nan]]), np.ones((2, 2)))}, "
              f"{F.linear(np.ones((1, 0)), np.ones((2, 0)), np.array([7.0, 8.0]))}")
    try:
        F.linear(np.zeros((4, 5, 3)), np.zeros((6, 2)))
    except RuntimeError as e:
        msg = f"RuntimeError: {e}"
    w.example("shape errors read as PyTorch's", "F.linear(np.zeros((4, 5, 3)), np.zeros((6, 2)))", msg)

    if not w.timings:
        return
    rng = np.random.default_rng(0)
    w.print()
    w.print(f"  GEMM throughput, {cnnops.get_num_threads()} threads (median; NumPy = OpenBLAS here):")
    for dt in (np.float32, np.float64):
        for n in (1024, 2048):
            a = rng.standard_normal((n, n)).astype(dt)
            b = rng.standard_normal((n, n)).astype(dt)
            out = np.empty((n, n), dt)
            reps = 7 if n == 1024 else 3
            tc = _best_time(lambda: F.gemm(a, b), reps)
            tn = _best_time(lambda: np.matmul(a, b, out=out), reps)
            fl = 2.0 * n ** 3 / 1e9
            w.print(f"  gemm {n}^3 {np.dtype(dt).name:<8} cnnops {fl / tc:6.1f} GFLOP/s | "
                    f"numpy {fl / tn:6.1f} GFLOP/s ({tn / tc:4.2f}x)")
    t = w.torch
    for batch, fin, fout in ((1, 1024, 1024), (16, 1024, 1024), (256, 1024, 1024), (256, 4096, 4096)):
        xb = rng.standard_normal((batch, fin)).astype(np.float32)
        W = rng.standard_normal((fout, fin)).astype(np.float32)
        bb = rng.standard_normal(fout).astype(np.float32)
        if t is not None:
            xt, Wt, bt = t.from_numpy(xb), t.from_numpy(W), t.from_numpy(bb)
        w.timing(f"linear({fin},{fout}) batch {batch} f32", lambda: F.linear(xb, W, bb),
                 lambda: xb @ W.T + bb,
                 (lambda: t.nn.functional.linear(xt, Wt, bt)) if t is not None else None)
        if batch <= 16:
            lin = nn.Linear(fin, fout)
            lin.weight[...] = W
            lin.bias[...] = bb
            nn.utils.freeze(lin)
            w.timing("  same, frozen nn.Linear", lambda: lin(xb),
                     lambda: xb @ W.T + bb,
                     (lambda: t.nn.functional.linear(xt, Wt, bt)) if t is not None else None)
