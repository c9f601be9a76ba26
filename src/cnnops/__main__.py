"""``python -m cnnops``: build configuration and a walkthrough of every op.

``python -m cnnops --no-timing`` skips the timings; ``python -m cnnops bench``
runs the side-by-side benchmark report (see benchmarks/compare.py).
"""
import os
import sys


def _entry() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "bench":
        # Idle OpenMP workers busy-wait by default (OMP_WAIT_POLICY unset).
        # With cnnops', PyTorch's and NumPy's pools in one process on few
        # cores, one peer's spinning workers steal the cores from the next
        # peer's call (seen: Linear batch 1 at 8 ms instead of 0.1 ms for both
        # OpenMP peers).  libgomp reads the policy once, when cnnops is
        # imported, so re-run with every pool passive unless one was chosen.
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
            os.execv(sys.executable, [sys.executable, "-m", "cnnops", *sys.argv[1:]])
        from ._bench import main as bench_main

        return bench_main(sys.argv[2:])
    from ._walkthrough import main

    return main()


if __name__ == "__main__":
    sys.exit(_entry())
