"""Shared helpers of the asv suite.

Ops are looked up by their ``torch.nn.functional`` names in
``cnnops.functional``; an op that does not exist yet (or a cnnops that is too
old for it, when asv walks the history) raises ``NotImplementedError`` in
``setup``, which asv reports as "skipped" rather than failed, so the suite
fills in as ops land.

With ``asv run --python=same`` on a checkout where cnnops is not installed,
the in-place build (``src/cnnops`` after ``python setup.py build_ext
--inplace``) is imported instead.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable

import numpy as np

try:
    import cnnops
except ImportError:  # not installed: use the checkout's in-place build
    _src = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "src"))
    if _src not in sys.path:
        sys.path.insert(0, _src)
    import cnnops  # noqa: E402


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


NCORES = _cores()
# thread counts: 1 and all cores (a single entry on a 1-core machine)
THREADS = sorted({1, NCORES})
DTYPES = ["float32", "float64"]


def func(name: str) -> Callable[..., Any]:
    """``cnnops.functional.<name>`` or NotImplementedError (asv: skipped)."""
    fn = getattr(getattr(cnnops, "functional", None), name, None)
    if fn is None:
        raise NotImplementedError(f"cnnops.functional.{name} does not exist (yet)")
    return fn


def set_threads(n: int) -> None:
    if hasattr(cnnops, "set_num_threads"):
        cnnops.set_num_threads(int(n))


def data(shape: tuple[int, ...], dtype: str, seed: int = 0, scale: float = 3.0) -> np.ndarray:
    """Cheap deterministic normal-ish data: a 64K random block tiled (fast setup for 16M elements)."""
    n = int(np.prod(shape))
    rng = np.random.default_rng(seed)
    block = (rng.standard_normal(min(n, 1 << 16)) * scale).astype(dtype)
    return np.resize(block, n).reshape(shape)


def halve_for(dtype: str, shape: tuple[int, ...]) -> tuple[int, ...]:
    """float64 runs on half the batch: the same bytes as float32, half the elements."""
    if dtype == "float64" and shape[0] > 1:
        return (shape[0] // 2,) + tuple(shape[1:])
    return tuple(shape)


class Bench:
    """Base: asv timing settings affordable on a 2-core machine with 64 MiB inputs."""

    number = 0             # asv calibrates (1 call for the large ops)
    repeat = (3, 10, 5.0)  # min 3, max 10 samples, stop after 5 s
    warmup_time = 0.05
    timeout = 180
