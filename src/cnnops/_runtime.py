"""Process-wide runtime controls: threads, instruction-set path, build info.

Every bridge extension (``cnnops._core``, ``cnnops._activation``, ...) carries
its own copy of the C core's state, so each setter here is applied to all of
them; the getters read ``cnnops._core``.
"""
from __future__ import annotations

import contextlib
import importlib
import os
from types import ModuleType
from typing import Iterator

from . import _core

__all__ = ["set_num_threads", "get_num_threads", "num_threads", "build_info",
           "empty_cache", "cache_info", "set_cache_limit"]

_BRIDGE_NAMES = ("_core", "_activation", "_softmax", "_linear", "_pooling", "_normalization")
_ISA_NAMES = {0: "scalar", 1: "avx2", 2: "avx512"}


def _load_bridges() -> tuple[ModuleType, ...]:
    mods = []
    for name in _BRIDGE_NAMES:
        try:
            mods.append(importlib.import_module(f"cnnops.{name}"))
        except ModuleNotFoundError as exc:  # a family not built in this checkout
            if exc.name != f"cnnops.{name}":
                raise
    return tuple(mods)


_BRIDGES = _load_bridges()


def set_num_threads(n: int) -> None:
    """Set the number of threads cnnops' kernels use, for the whole process.

    The setting holds for calls made from any Python thread.  The default is
    ``OMP_NUM_THREADS`` if set, else the number of cores available.  Small
    inputs still run on one thread (below a work threshold a second thread
    costs more than it saves).  A lower limit set with threadpoolctl
    (``threadpool_limits(1, user_api="openmp")``) is honoured as well.

    Args:
        n (int): number of threads, at least 1.

    Example::

        >>> cnnops.set_num_threads(1)
        >>> cnnops.get_num_threads()
        1
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"set_num_threads(): argument 'n' must be int, not {type(n).__name__}")
    if n < 1:
        raise ValueError(f"set_num_threads(): number of threads must be positive, got {n}")
    for mod in _BRIDGES:
        mod._set_num_threads(n)


def get_num_threads() -> int:
    """Return the number of threads cnnops' kernels use (see :func:`set_num_threads`)."""
    return int(_core._get_num_threads())


@contextlib.contextmanager
def num_threads(n: int) -> Iterator[None]:
    """Context manager that sets the thread count and restores it on exit.

    Example::

        >>> with cnnops.num_threads(1):
        ...     y = cnnops.functional.relu(x)
    """
    old = get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        set_num_threads(old)


def get_isa() -> str:
    """Name of the SIMD path the kernels run now: ``scalar``, ``avx2`` or ``avx512``."""
    return _ISA_NAMES[_core._get_isa()]


def cpu_max_isa() -> str:
    """Best SIMD path this CPU supports, whatever ``CNNOPS_FORCE_ISA`` says."""
    return _ISA_NAMES[_core._cpu_max_isa()]


def set_isa(name: str) -> None:
    """Select the SIMD path (``scalar``, ``avx2``, ``avx512``); testing aid.

    Raises ``ValueError`` for an unknown name and ``RuntimeError`` if this CPU
    cannot run the path.  ``CNNOPS_FORCE_ISA`` sets the initial path.
    """
    codes = {v: k for k, v in _ISA_NAMES.items()}
    if name not in codes:
        raise ValueError(f"unknown ISA {name!r}; expected one of {sorted(codes)}")
    for mod in _BRIDGES:
        mod._set_isa(codes[name])


@contextlib.contextmanager
def isa(name: str) -> Iterator[None]:
    """Context manager form of :func:`set_isa`."""
    old = get_isa()
    set_isa(name)
    try:
        yield
    finally:
        set_isa(old)


def build_info() -> dict[str, object]:
    """Build and runtime configuration (what ``python -m cnnops`` prints).

    ``llc_bytes`` is the last-level cache size the kernels assume (0 if
    unknown); activation outputs of ``stream_min_bytes`` or more are written
    with streaming stores.
    """
    from . import __version__, _activation

    return {
        "version": __version__,
        "openmp": bool(_core._has_openmp()),
        "num_threads": get_num_threads(),
        "isa": get_isa(),
        "cpu_max_isa": cpu_max_isa(),
        "force_isa_env": os.environ.get("CNNOPS_FORCE_ISA", ""),
        "bridges": [m.__name__ for m in _BRIDGES],
        "llc_bytes": _activation._llc_bytes(),
        "stream_min_bytes": _activation._stream_min_bytes(),
    }


def empty_cache() -> None:
    """Release every buffer held by cnnops' output-buffer cache.

    cnnops keeps freed large outputs (>= 1 MiB) for reuse, because a fresh
    buffer's page faults cost more than a memory-bound kernel itself; this
    returns that memory to the system (as ``torch.cuda.empty_cache`` does for
    PyTorch's caching allocator).
    """
    _core.cache_clear()


def set_cache_limit(nbytes: int) -> None:
    """Cap the bytes the output-buffer cache may hold (0 disables it).

    The default is ``CNNOPS_CACHE_LIMIT`` (bytes) if set, else 512 MiB.
    """
    if isinstance(nbytes, bool) or not isinstance(nbytes, int) or nbytes < 0:
        raise ValueError(f"set_cache_limit(): expected a non-negative int, got {nbytes!r}")
    _core.cache_set_limit(nbytes)


def cache_info() -> dict[str, int]:
    """Statistics of the output-buffer cache.

    Keys: ``hits`` and ``misses`` (large outputs served from the cache or
    not), ``cached_bytes``, ``cached_blocks`` and ``limit``.
    """
    return {k: int(v) for k, v in _core.cache_stats().items()}
