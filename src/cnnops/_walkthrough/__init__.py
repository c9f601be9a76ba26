"""The walkthrough printed by ``python -m cnnops``.

One module per op family (``core``, ``activation``, ``linear``, ``pooling``,
``normalization``), each with ``run(w: Walkthrough)`` that shows the seeds'
examples through :meth:`Walkthrough.example` and times ops through
:meth:`Walkthrough.timing`.  A family module that is missing or fails is
reported and skipped, so one family never hides the others.
"""
from __future__ import annotations

import importlib
import sys
import time
import traceback
from typing import Any, Callable, TextIO

import numpy as np

FAMILIES = ("core", "activation", "softmax", "linear", "pooling", "normalization")


def _median_time(fn: Callable[[], Any], min_time: float = 0.05, max_reps: int = 200) -> float:
    fn()  # warm-up
    times: list[float] = []
    t_end = time.perf_counter() + min_time
    while len(times) < 5 or (time.perf_counter() < t_end and len(times) < max_reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def _fmt_time(t: float) -> str:
    if t < 1e-3:
        return f"{t * 1e6:8.1f} us"
    if t < 1:
        return f"{t * 1e3:8.2f} ms"
    return f"{t:8.2f} s "


class Walkthrough:
    """Printer used by the family modules."""

    def __init__(self, out: TextIO = sys.stdout, timings: bool = True) -> None:
        self.out = out
        self.timings = timings
        try:
            import torch  # noqa: F401

            self.torch: Any = torch
        except ImportError:
            self.torch = None

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def section(self, title: str) -> None:
        self.print()
        self.print(title)
        self.print("=" * len(title))

    def example(self, title: str, code: str, result: Any) -> None:
        """Show one example: what it does, the call, and what it returned."""
        self.print()
        self.print(f"- {title}")
        self.print(f"  >>> {code}")
        text = repr(result) if not isinstance(result, str) else result
        for line in text.splitlines():
            self.print(f"  {line}")

    def timing(self, label: str, cnnops_fn: Callable[[], Any],
               numpy_fn: Callable[[], Any] | None = None,
               torch_fn: Callable[[], Any] | None = None) -> None:
        """Median time of cnnops next to NumPy and PyTorch (when given/installed)."""
        if not self.timings:
            return
        t_c = _median_time(cnnops_fn)
        parts = [f"cnnops {_fmt_time(t_c)}"]
        for name, fn in (("numpy", numpy_fn), ("torch", torch_fn)):
            if fn is None or (name == "torch" and self.torch is None):
                continue
            t = _median_time(fn)
            parts.append(f"{name} {_fmt_time(t)} ({t / t_c:5.1f}x)")
        self.print(f"  time  {label:<34} " + " | ".join(parts))


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    timings = "--no-timing" not in argv
    w = Walkthrough(out, timings=timings)
    failed = 0
    for fam in FAMILIES:
        try:
            mod = importlib.import_module(f"cnnops._walkthrough.{fam}")
        except ModuleNotFoundError:
            continue
        try:
            mod.run(w)
        except Exception:  # noqa: BLE001 - report and go on with the other families
            failed += 1
            w.print(f"!! the {fam} walkthrough failed:")
            w.print(traceback.format_exc())
    return 1 if failed else 0
