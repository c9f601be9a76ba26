"""Walkthrough: build configuration and the foundation's ReLU example."""
from __future__ import annotations

import numpy as np

import cnnops
from cnnops import functional as F
from cnnops import nn

from . import Walkthrough


def run(w: Walkthrough) -> None:
    info = cnnops.build_info()
    w.section(f"cnnops {info['version']}")
    w.print(f"  OpenMP       : {'on' if info['openmp'] else 'off (serial kernels)'}")
    w.print(f"  threads      : {info['num_threads']}  (cnnops.set_num_threads / OMP_NUM_THREADS)")
    forced = f", capped by CNNOPS_FORCE_ISA={info['force_isa_env']}" if info["force_isa_env"] else ""
    w.print(f"  SIMD path    : {info['isa']}  (CPU supports {info['cpu_max_isa']}{forced})")
    w.print(f"  bridges      : {', '.join(info['bridges'])}")
    llc, smin = info["llc_bytes"], info["stream_min_bytes"]
    assert isinstance(llc, int) and isinstance(smin, int)
    llc_text = f"{llc / 2**20:g} MiB last-level cache" if llc else "last-level cache size unknown"
    w.print(f"  caches       : {llc_text}; activation outputs over {(smin - 1) / 2**20:g} MiB"
            " use streaming stores")
    w.print(f"  numpy        : {np.__version__}")
    w.print(f"  torch        : {w.torch.__version__ if w.torch is not None else 'not installed'}")

    w.section("ReLU")
    x = np.array([[1, -0.5], [-1, 3]], dtype=np.float32).reshape(-1, 1, 2, 2)
    w.example("ReLU on [[1,-0.5],[-1,3]] reshaped to (-1,1,2,2)",
              "nn.ReLU()(np.array([[1, -0.5], [-1, 3]]).reshape(-1, 1, 2, 2))", nn.ReLU()(x))
    big = np.random.default_rng(0).standard_normal(1 << 22).astype(np.float32)
    out = np.empty_like(big)
    tb = w.torch.from_numpy(big) if w.torch is not None else None
    w.timing("relu, 4M float32", lambda: F.relu(big), lambda: np.maximum(big, 0, out=out),
             (lambda: w.torch.relu(tb)) if tb is not None else None)
