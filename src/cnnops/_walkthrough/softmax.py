"""Walkthrough: the seeds' softmax example and the softmax family's timings."""
from __future__ import annotations

import warnings

import numpy as np

from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def run(w: Walkthrough) -> None:
    w.section("Softmax, LogSoftmax, Softmin")
    x = np.array([1, 2, 3, 4, 5])
    w.example("Softmax on [1, 2, 3, 4, 5] (the seeds' example; integers become float32)",
              "nn.Softmax(dim=0)(np.array([1, 2, 3, 4, 5]))", nn.Softmax(dim=0)(x))
    w.example("the same in float64 through the dtype= argument (cast before the op)",
              "F.softmax(np.array([1, 2, 3, 4, 5]), dim=0, dtype=np.float64)",
              F.softmax(x, dim=0, dtype=np.float64))
    w.example("LogSoftmax over the classes of a batch (dim=1)",
              "nn.LogSoftmax(dim=1)(np.array([[1., 2., 3.], [1., 1., 1.]]))",
              nn.LogSoftmax(dim=1)(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])))
    w.example("Softmin = Softmax(-x)", "nn.Softmin(dim=0)(np.array([1., 2., 3.]))",
              nn.Softmin(dim=0)(np.array([1.0, 2.0, 3.0])))
    w.example("as PyTorch: a slice with NaN/+inf, or all -inf, is NaN; partial -inf gives 0",
              "F.softmax(np.array([[0., -np.inf, 1.], [-np.inf, -np.inf, -np.inf]]), dim=1)",
              F.softmax(np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf]]), dim=1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = nn.Softmax()(np.zeros((2, 3, 4), np.float32))
    w.example("dim=None: PyTorch's legacy rule (dim 0 for 0/1/3-D, else 1) with a UserWarning",
              "nn.Softmax()(np.zeros((2, 3, 4))).sum(axis=0)  # 3-D -> dim 0",
              f"{y.sum(axis=0)[0]}\nUserWarning: {caught[0].message}" if caught else y.sum(axis=0))
    w.example("module repr, as PyTorch prints it", "nn.LogSoftmax(dim=-1)",
              nn.LogSoftmax(dim=-1))

    rng = np.random.default_rng(0)
    big = rng.standard_normal((1024, 4096)).astype(np.float32)
    mid = rng.standard_normal((16, 1000, 256)).astype(np.float32)

    def np_softmax(a: np.ndarray, axis: int) -> np.ndarray:
        e = np.exp(a - a.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    t = w.torch
    tb = t.from_numpy(big) if t is not None else None
    tm = t.from_numpy(mid) if t is not None else None
    w.timing("softmax (1024,4096) f32 dim=-1", lambda: F.softmax(big, -1),
             lambda: np_softmax(big, -1), (lambda: t.softmax(tb, -1)) if t is not None else None)
    w.timing("log_softmax (1024,4096) f32 dim=-1", lambda: F.log_softmax(big, -1), None,
             (lambda: t.log_softmax(tb, -1)) if t is not None else None)
    w.timing("softmax (16,1000,256) f32 dim=1", lambda: F.softmax(mid, 1),
             lambda: np_softmax(mid, 1), (lambda: t.softmax(tm, 1)) if t is not None else None)
