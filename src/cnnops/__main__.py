"""``python -m cnnops``: build configuration and a walkthrough of every op.

``python -m cnnops --no-timing`` skips the timings; ``python -m cnnops bench``
runs the side-by-side benchmark report (see benchmarks/compare.py).
"""
import sys


def _entry() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "bench":
        from ._bench import main as bench_main

        return bench_main(sys.argv[2:])
    from ._walkthrough import main

    return main()


if __name__ == "__main__":
    sys.exit(_entry())
