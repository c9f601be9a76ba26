"""``python -m cnnops``: build configuration and a walkthrough of every op.

``python -m cnnops --no-timing`` skips the timings; ``python -m cnnops bench``
runs the side-by-side benchmark report (see benchmarks/compare.py).
"""
import os
import sys


# Environment for the benchmark report: every peer's idle threads yield.
# Idle OpenMP workers busy-wait by default (OMP_WAIT_POLICY unset) and
# OpenBLAS's workers spin for about 2^28 cycles (0.1 s) after each call.
# With cnnops', PyTorch's and NumPy's pools in one process on few cores, one
# peer's spinning workers steal the cores from the next peer's calls (seen:
# Linear batch 1 at 8 ms instead of 0.1 ms for both OpenMP peers; cnnops'
# Linear batch 256 at 4.5 ms right after NumPy's calls, 2.1 ms otherwise).
# The runtimes read these once, when they are loaded, so the report re-runs
# itself with them set unless the caller chose a value.
QUIET_POOLS = {"OMP_WAIT_POLICY": "PASSIVE", "OPENBLAS_THREAD_TIMEOUT": "4"}


def quiet_pools(argv: list) -> None:
    """Re-execute ``python *argv`` with :data:`QUIET_POOLS` set, unless already set."""
    missing = {k: v for k, v in QUIET_POOLS.items() if k not in os.environ}
    if missing:
        os.environ.update(missing)
        os.execv(sys.executable, [sys.executable, *argv])


def _entry() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "bench":
        quiet_pools(["-m", "cnnops", *sys.argv[1:]])
        from ._bench import main as bench_main

        return bench_main(sys.argv[2:])
    # The walkthrough times cnnops next to NumPy and PyTorch too: without
    # quiet pools, torch's and OpenBLAS's spinning workers take the cores
    # from ours (seen: 8 ms for an 80 us Linear on 2 cores).
    quiet_pools(["-m", "cnnops", *sys.argv[1:]])
    from ._walkthrough import main

    return main()


if __name__ == "__main__":
    sys.exit(_entry())
