"""Walkthrough: the seeds' pooling examples (MaxPool2d, AvgPool2d, MaxUnpool2d) and timings."""
from __future__ import annotations

import numpy as np

from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def run(w: Walkthrough) -> None:
    w.section("Pooling: MaxPool2d, AvgPool2d, MaxUnpool2d, adaptive pools")
    img = np.random.default_rng(1).random((1, 3, 512, 512), dtype=np.float32)
    pooled = nn.MaxPool2d((2, 2), stride=(2, 2))(img)
    w.example("MaxPool2d((2, 2), stride=(2, 2)) on a 512x512 3-channel image halves it",
              "nn.MaxPool2d((2, 2), stride=(2, 2))(img).shape  # img: (1, 3, 512, 512)",
              f"before {img.shape}, after {pooled.shape}")
    ones = np.ones((1, 1, 4, 4), np.float32)
    w.example("AvgPool2d((2, 2), stride=(2, 2)) on ones(1, 1, 4, 4)",
              "nn.AvgPool2d((2, 2), stride=(2, 2))(np.ones((1, 1, 4, 4), np.float32))",
              nn.AvgPool2d((2, 2), stride=(2, 2))(ones))
    w.example("... with divisor_override=3: each window sums to 4, divided by 3",
              "nn.AvgPool2d((2, 2), stride=(2, 2), divisor_override=3)(np.ones((1, 1, 4, 4)))",
              nn.AvgPool2d((2, 2), stride=(2, 2), divisor_override=3)(ones))
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, (1, 1, 4, 4)).astype(np.float32)
    y, idx = nn.MaxPool2d((2, 2), stride=(2, 2), return_indices=True)(x)
    w.example("MaxPool2d with return_indices=True: flat indices within each plane, as PyTorch",
              "y, idx = nn.MaxPool2d((2, 2), stride=(2, 2), return_indices=True)(x)  # x: randint 0..4",
              f"x =\n{x[0, 0]}\ny =\n{y[0, 0]}\nidx =\n{idx[0, 0]}")
    rec = rng.standard_normal(y.shape).astype(np.float32)
    w.example("MaxUnpool2d puts new values back at those indices, zeros elsewhere",
              "nn.MaxUnpool2d((2, 2), stride=(2, 2))(np.random.randn(*y.shape), idx)",
              np.round(nn.MaxUnpool2d((2, 2), stride=(2, 2))(rec, idx)[0, 0], 4))
    try:
        F.max_unpool2d(rec, idx + 100, 2)
    except RuntimeError as e:
        msg = f"RuntimeError: {e}"
    w.example("indices are user data: every one is checked before anything is written",
              "F.max_unpool2d(rec, idx + 100, 2)", msg)
    w.example("ceil_mode keeps a partial last window (if it starts inside the input)",
              "nn.MaxPool2d(2, ceil_mode=True)(np.arange(25.).reshape(1, 5, 5))",
              nn.MaxPool2d(2, ceil_mode=True)(np.arange(25.0).reshape(1, 5, 5)))
    w.example("NaN propagates through max pooling (and its index is the NaN's)",
              "F.max_pool2d(np.array([[[[3, np.nan], [np.nan, 1]]]]), 2, return_indices=True)",
              F.max_pool2d(np.array([[[[3, np.nan], [np.nan, 1]]]]), 2, return_indices=True))
    w.example("AdaptiveAvgPool2d((2, None)): None keeps the input size",
              "nn.AdaptiveAvgPool2d((2, None))(np.arange(12.).reshape(1, 4, 3))",
              nn.AdaptiveAvgPool2d((2, None))(np.arange(12.0).reshape(1, 4, 3)))
    w.example("module reprs, as PyTorch prints them",
              "nn.MaxPool2d(3, 2, 1), nn.AvgPool1d(3), nn.MaxUnpool2d(2)",
              f"{nn.MaxPool2d(3, 2, 1)}\n{nn.AvgPool1d(3)}\n{nn.MaxUnpool2d(2)}")

    big = rng.standard_normal((8, 64, 112, 112), dtype=np.float32)
    t = w.torch
    tb = t.from_numpy(big) if t is not None else None

    def np_max2x2(a: np.ndarray) -> np.ndarray:
        n, c, h, ww = a.shape
        return a.reshape(n, c, h // 2, 2, ww // 2, 2).max(axis=(3, 5))

    def np_avg2x2(a: np.ndarray) -> np.ndarray:
        n, c, h, ww = a.shape
        return a.reshape(n, c, h // 2, 2, ww // 2, 2).mean(axis=(3, 5))

    w.timing("max_pool2d(2, 2) (8,64,112,112) f32", lambda: F.max_pool2d(big, 2, 2),
             lambda: np_max2x2(big), (lambda: t.nn.functional.max_pool2d(tb, 2, 2)) if t else None)
    w.timing("max_pool2d(3, 2, 1)", lambda: F.max_pool2d(big, 3, 2, 1), None,
             (lambda: t.nn.functional.max_pool2d(tb, 3, 2, 1)) if t else None)
    w.timing("max_pool2d(2, 2) with indices", lambda: F.max_pool2d(big, 2, 2, return_indices=True),
             None, (lambda: t.nn.functional.max_pool2d(tb, 2, 2, return_indices=True)) if t else None)
    w.timing("avg_pool2d(2, 2)", lambda: F.avg_pool2d(big, 2, 2), lambda: np_avg2x2(big),
             (lambda: t.nn.functional.avg_pool2d(tb, 2, 2)) if t else None)
    w.timing("avg_pool2d(3, 1, 1)", lambda: F.avg_pool2d(big, 3, 1, 1), None,
             (lambda: t.nn.functional.avg_pool2d(tb, 3, 1, 1)) if t else None)
    yb, ib = F.max_pool2d(big, 2, 2, return_indices=True)
    tyb, tib = (t.from_numpy(yb), t.from_numpy(ib)) if t else (None, None)
    w.timing("max_unpool2d(2, 2)", lambda: F.max_unpool2d(yb, ib, 2),
             None, (lambda: t.nn.functional.max_unpool2d(tyb, tib, 2)) if t else None)
