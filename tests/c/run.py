#!/usr/bin/env python3
"""Build and run the C-level tests (tests/c/test_*.c) against csrc/.

Each test program is linked with every C source of the library and run;
the exit status is non-zero if any program fails to build or fails a check.

    python tests/c/run.py                      # -O2 with OpenMP
    python tests/c/run.py --sanitize address,undefined
    python tests/c/run.py --only core          # just tests/c/test_core.c
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sanitize", default="", help="e.g. address,undefined")
    ap.add_argument("--only", default="", help="comma-separated test names (core, pooling, ...)")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--no-openmp", action="store_true")
    args = ap.parse_args(argv)

    cc = shutil.which(args.cc)
    if cc is None:
        print(f"C compiler {args.cc!r} not found", file=sys.stderr)
        return 2
    sources = sorted(glob.glob(os.path.join(ROOT, "csrc", "**", "*.c"), recursive=True))
    tests = sorted(glob.glob(os.path.join(ROOT, "tests", "c", "test_*.c")))
    if args.only:
        wanted = {f"test_{n.strip()}.c" for n in args.only.split(",")}
        tests = [t for t in tests if os.path.basename(t) in wanted]
    tag = "san" if args.sanitize else "plain"
    outdir = os.path.join(ROOT, "tests", "c", "bin", tag)
    os.makedirs(outdir, exist_ok=True)

    flags = ["-std=gnu11", "-O2", "-g", "-Wall", "-Wextra", "-Wno-unused-parameter",
             "-fno-math-errno", f"-I{ROOT}/include", f"-I{ROOT}/csrc", f"-I{ROOT}/tests/c"]
    if not args.no_openmp:
        flags += ["-fopenmp", "-DCNN_HAVE_OPENMP=1"]
    if args.sanitize:
        flags += [f"-fsanitize={args.sanitize}", "-fno-omit-frame-pointer",
                  "-fno-sanitize-recover=all"]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

    # Compile the library once (in parallel), then link each test program.
    objdir = os.path.join(outdir, "obj")
    os.makedirs(objdir, exist_ok=True)

    def compile_one(src: str) -> tuple[str, subprocess.CompletedProcess]:
        rel = os.path.relpath(src, ROOT).replace(os.sep, "_")
        obj = os.path.join(objdir, rel[:-2] + ".o")
        return obj, subprocess.run([cc, *flags, "-c", src, "-o", obj], capture_output=True, text=True)

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        compiled = list(pool.map(compile_one, sources))
    broken = [(o, r) for o, r in compiled if r.returncode != 0]
    for o, r in broken:
        print(f"BUILD FAILED {os.path.basename(o)}:\n{r.stderr}")
    if broken:
        return 1
    objs = [o for o, _ in compiled]

    failed = passed = 0
    for t in tests:
        exe = os.path.join(outdir, os.path.splitext(os.path.basename(t))[0])
        cmd = [cc, *flags, t, *objs, "-o", exe, "-lm"]
        build = subprocess.run(cmd, capture_output=True, text=True)
        if build.returncode != 0:
            print(f"BUILD FAILED {os.path.basename(t)}:\n{build.stderr}")
            failed += 1
            continue
        run = subprocess.run([exe], capture_output=True, text=True, env=env)
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            sys.stdout.write(run.stderr)
            print(f"FAILED {os.path.basename(t)} (exit {run.returncode})")
            failed += 1
        else:
            passed += 1
    print(f"C test programs{' [' + args.sanitize + ']' if args.sanitize else ''}: "
          f"{passed} passed, {failed} failed")
    return 1 if failed or not tests else 0


if __name__ == "__main__":
    sys.exit(main())
