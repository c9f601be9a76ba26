"""Walkthrough: the seeds' activation examples and the family's timings."""
from __future__ import annotations

import numpy as np

import cnnops
from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def run(w: Walkthrough) -> None:
    w.section("Activations")
    x = np.array([[1, -0.5], [-1, 3]], dtype=np.float32).reshape(-1, 1, 2, 2)
    w.example("Sigmoid on the seed's 2x2 input [[1,-0.5],[-1,3]] reshaped to (-1,1,2,2)",
              "nn.Sigmoid()(np.array([[1, -0.5], [-1, 3]], np.float32).reshape(-1, 1, 2, 2))",
              nn.Sigmoid()(x))
    w.example("LeakyReLU with slope 0.1 on [-1, 2, -3, 4, 0] (integers become float32)",
              "nn.LeakyReLU(0.1)(np.array([-1, 2, -3, 4, 0]))",
              nn.LeakyReLU(0.1)(np.array([-1, 2, -3, 4, 0])))
    s = np.array([-2.0, 0.0, 2.0], np.float32)
    w.example("sigmoid and tanh on [-2, 0, 2]", "F.sigmoid(x), F.tanh(x)", (F.sigmoid(s), F.tanh(s)))
    w.example("Hardsigmoid on [-4, -2, 0, 2, 4] (seed: [0, 0.1667, 0.5, 0.8333, 1])",
              "nn.Hardsigmoid()(np.array([-4., -2., 0., 2., 4.], np.float32))",
              nn.Hardsigmoid()(np.array([-4.0, -2.0, 0.0, 2.0, 4.0], np.float32)))
    w.example("SiLU on [-2, 0, 2] (seed: [-0.2384, 0, 1.7616])",
              "nn.SiLU()(np.array([-2., 0., 2.], np.float32))", nn.SiLU()(s))
    w.example("Mish on [-2, 0, 2]", "nn.Mish()(np.array([-2., 0., 2.], np.float32))", nn.Mish()(s))
    w.example("GELU exact and tanh-approximated", "nn.GELU()(x), nn.GELU('tanh')(x)",
              (nn.GELU()(s), nn.GELU("tanh")(s)))
    w.example("ELU, Softplus (threshold switch is strict: beta*x > threshold)",
              "nn.ELU()(x), nn.Softplus(beta=1, threshold=20)(np.array([0., 20., 20.5]))",
              (nn.ELU()(s), nn.Softplus()(np.array([0.0, 20.0, 20.5]))))
    p = nn.PReLU(2)
    w.example("PReLU with one learnable slope per channel (dim 1)",
              "nn.PReLU(2)(np.array([[-1., 2.], [-4., -8.]], np.float32)); repr",
              f"{p(np.array([[-1.0, 2.0], [-4.0, -8.0]], np.float32))!r}\n{p!r}  weight={p.weight!r}")
    cnnops.manual_seed(0)
    r = nn.RReLU(0.1, 0.3)
    xr = -np.ones(4, np.float32)
    w.example("RReLU: random slopes in training (cnnops.manual_seed), mean slope in eval",
              "cnnops.manual_seed(0); m = nn.RReLU(0.1, 0.3); m(-np.ones(4)); m.eval()(-np.ones(4))",
              (r(xr), r.eval()(xr)))
    y = np.array([-1.0, 2.0])
    w.example("inplace=True writes into the given array and returns it",
              "y = np.array([-1., 2.]); F.relu6(y, inplace=True) is y",
              f"{F.relu6(y, inplace=True) is y}  y={y!r}")

    rng = np.random.default_rng(0)
    big = rng.standard_normal(1 << 22).astype(np.float32)
    out = np.empty_like(big)
    tb = w.torch.from_numpy(big) if w.torch is not None else None
    torch_f = w.torch.nn.functional if w.torch is not None else None
    w.timing("copy (np.copyto), 4M float32", lambda: np.copyto(out, big))
    w.timing("sigmoid, 4M float32", lambda: F.sigmoid(big),
             lambda: np.divide(1, 1 + np.exp(-big), out=out),
             (lambda: w.torch.sigmoid(tb)) if tb is not None else None)
    w.timing("silu, 4M float32", lambda: F.silu(big), lambda: np.multiply(big, 1 / (1 + np.exp(-big)), out=out),
             (lambda: torch_f.silu(tb)) if tb is not None else None)
    w.timing("tanh, 4M float32", lambda: F.tanh(big), lambda: np.tanh(big, out=out),
             (lambda: w.torch.tanh(tb)) if tb is not None else None)
    w.timing("gelu, 4M float32", lambda: F.gelu(big), None,
             (lambda: torch_f.gelu(tb)) if tb is not None else None)
    w.timing("hardswish, 4M float32", lambda: F.hardswish(big), None,
             (lambda: torch_f.hardswish(tb)) if tb is not None else None)
    small = np.array([[0.5, -1.0, 2.0, -3.0, 4.0, -5.0, 6.0, -7.0, 8.0, -9.0]], np.float32)
    relu = nn.ReLU()
    trelu = w.torch.nn.ReLU() if w.torch is not None else None
    ts = w.torch.from_numpy(small) if w.torch is not None else None
    w.timing("nn.ReLU()(x), x of shape (1, 10)", lambda: relu(small), lambda: np.maximum(small, 0),
             (lambda: trelu(ts)) if trelu is not None else None)
