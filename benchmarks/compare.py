#!/usr/bin/env python
"""Side-by-side report: cnnops vs PyTorch, ONNX Runtime, NumPy and the hardware limits.

A thin wrapper around ``python -m cnnops bench`` (the code lives in
``cnnops._bench`` so an installed cnnops has it too); it runs from a checkout
without installing cnnops (the in-place build in ``src/`` is used)::

    python benchmarks/compare.py --quick
    python benchmarks/compare.py --scaling
    python benchmarks/compare.py --help
"""
from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    try:
        import cnnops  # noqa: F401
    except ImportError:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src"))
    from cnnops.__main__ import quiet_pools

    quiet_pools(sys.argv)  # every peer's idle threads yield (see cnnops/__main__.py)
    from cnnops._bench import main

    sys.exit(main(sys.argv[1:]))
