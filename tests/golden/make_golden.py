#!/usr/bin/env python3
"""Regenerate tests/golden/golden.npz from PyTorch.

The golden file lets the core tests (tests/test_golden.py) check cnnops
against PyTorch's outputs on machines without torch.  Each case is
``name -> (functional name, positional inputs, keyword arguments)``; inputs
are drawn from a fixed seed, outputs computed by torch.nn.functional (or
torch) in float64 and float32.

    python tests/golden/make_golden.py
"""
from __future__ import annotations

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def cases() -> dict[str, tuple[str, list[np.ndarray], dict]]:
    r = np.random.default_rng(2024)
    x4 = r.standard_normal((2, 3, 6, 7)) * 3
    x2 = r.standard_normal((5, 8)) * 4
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-300, -1e-300, 30.0, -30.0, 3.0, -3.0])
    c: dict[str, tuple[str, list[np.ndarray], dict]] = {
        "relu_4d": ("relu", [x4], {}),
        "relu_special": ("relu", [special], {}),
        "relu6_2d": ("relu6", [x2], {}),
        "leaky_relu_2d": ("leaky_relu", [x2], {"negative_slope": 0.1}),
        "sigmoid_special": ("sigmoid", [special], {}),
        "tanh_2d": ("tanh", [x2], {}),
        "hardsigmoid_2d": ("hardsigmoid", [x2], {}),
        "hardswish_2d": ("hardswish", [x2], {}),
        "silu_2d": ("silu", [x2], {}),
        "mish_2d": ("mish", [x2], {}),
        "softplus_2d": ("softplus", [x2], {"beta": 2.0, "threshold": 10.0}),
        "elu_2d": ("elu", [x2], {"alpha": 1.5}),
        "gelu_2d": ("gelu", [x2], {}),
        "gelu_tanh_2d": ("gelu", [x2], {"approximate": "tanh"}),
        "softmax_4d_dim1": ("softmax", [x4], {"dim": 1}),
        "log_softmax_2d": ("log_softmax", [x2], {"dim": -1}),
        "linear": ("linear", [x2, r.standard_normal((3, 8)), r.standard_normal(3)], {}),
        "max_pool2d": ("max_pool2d", [x4], {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
        "avg_pool2d": ("avg_pool2d", [x4], {"kernel_size": 2, "stride": 1, "padding": 1,
                                             "count_include_pad": False}),
        "adaptive_avg_pool2d": ("adaptive_avg_pool2d", [x4], {"output_size": (4, 5)}),
        "layer_norm": ("layer_norm", [x4], {"normalized_shape": (6, 7)}),
        "group_norm": ("group_norm", [x4[:, :3].repeat(2, axis=1)], {"num_groups": 3}),
        "local_response_norm": ("local_response_norm", [x4], {"size": 3}),
        "normalize": ("normalize", [x2], {"p": 3.0, "dim": 0}),
    }
    return c


def main() -> None:
    import torch
    import torch.nn.functional as TF

    out: dict[str, np.ndarray] = {}
    meta = {}
    for name, (fn, inputs, kwargs) in cases().items():
        f = getattr(TF, fn, None) or getattr(torch, fn)
        for dt in (np.float32, np.float64):
            args = [torch.from_numpy(np.ascontiguousarray(a.astype(dt))) for a in inputs]
            y = f(*args, **kwargs).numpy()
            out[f"{name}/{np.dtype(dt).name}"] = y
        for i, a in enumerate(inputs):
            out[f"{name}/in{i}"] = a
        meta[name] = {"fn": fn, "n_inputs": len(inputs), "kwargs": kwargs}
    out["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez_compressed(os.path.join(HERE, "golden.npz"), **out)
    print(f"wrote {len(meta)} cases with torch {torch.__version__}")


if __name__ == "__main__":
    main()
