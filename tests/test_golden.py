"""cnnops against outputs PyTorch produced once (tests/golden/make_golden.py).

These run without torch installed, so the core checks hold on any machine.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import cnnops.functional as F
from harness import assert_close

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "golden.npz")
_DATA = np.load(_PATH)
_META = json.loads(bytes(_DATA["__meta__"]).decode())


def _fixup(kwargs: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(_META))
def test_golden(name, dtype):
    meta = _META[name]
    fn = getattr(F, meta["fn"], None)
    if fn is None:
        pytest.fail(f"cnnops.functional.{meta['fn']} is missing")
    inputs = [_DATA[f"{name}/in{i}"].astype(dtype) for i in range(meta["n_inputs"])]
    out = fn(*inputs, **_fixup(meta["kwargs"]))
    expected = _DATA[f"{name}/{dtype}"]
    # torch computed in the same dtype, so allow a few ulp of float32 rounding
    tol = dict(rtol=2e-6, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-13)
    assert_close(out, expected, np.dtype(dtype), **tol, msg=name)
