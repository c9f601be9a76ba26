"""``python -m cnnops bench``: cnnops side by side with PyTorch, ONNX Runtime and NumPy.

For each workload (the representative sizes of the op issues) the report
times cnnops, PyTorch, ONNX Runtime (a one-node ONNX model, same thread
count) and a plain NumPy implementation in one process, interleaved, and
prints medians, ratios, the memory-bandwidth bound of memory-bound ops (a
copy of the same bytes measured in the same run) and GEMM GFLOPS against
NumPy's matmul and the machine's theoretical peak.  Missing peers (package
not installed, op not in cnnops yet, op not expressible in ONNX) are "-".

Usage::

    python -m cnnops bench                    # full report (several minutes on 2 cores)
    python -m cnnops bench --quick            # about a minute
    python -m cnnops bench --scaling          # speedup at 1..N threads
    python -m cnnops bench --filter pool --json out.json --plot out.png
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Optional, Sequence

from . import machine
from .report import markdown_section, plot, scaling_report, text_report, write_json
from .runner import Options, copy_scaling, make_env, progress, run_scaling, run_workload
from .workloads import Workload, all_workloads

__all__ = ["main", "run"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m cnnops bench",
        description="Side-by-side benchmark of cnnops against PyTorch, ONNX Runtime, NumPy and the "
                    "hardware limits (memory bandwidth, GEMM peak).",
    )
    p.add_argument("--quick", action="store_true", help="a ~1 minute subset (fewer workloads and repeats)")
    p.add_argument("--scaling", action="store_true",
                   help="thread-scaling view instead: large workloads at 1..N threads, as speedup")
    p.add_argument("--all", dest="all_views", action="store_true",
                   help="the full report and then the scaling view (what benchmarks/RESULTS.md shows)")
    p.add_argument("--markdown", metavar="PATH",
                   help="write the output as a Markdown performance section (README / benchmarks/RESULTS.md)")
    p.add_argument("--threads", type=int, default=None, help="thread count for every peer (default: all cores)")
    p.add_argument("--filter", default=None,
                   help="only workloads whose 'family/label/dtype' key contains one of these "
                        "comma-separated substrings (case-insensitive; commas inside parentheses "
                        "belong to the substring: 'max_pool2d(3,2,1),relu')")
    p.add_argument("--dtype", default="float32",
                   help="comma-separated dtypes for the non-GEMM workloads (default float32; GEMM runs both)")
    p.add_argument("--peers", default="torch,ort,numpy",
                   help="comma-separated peers to time besides cnnops (default torch,ort,numpy)")
    p.add_argument("--json", metavar="PATH", help="write all results as JSON")
    p.add_argument("--plot", metavar="PATH", help="write a PNG bar chart of the ratios (needs matplotlib)")
    p.add_argument("--repeats", type=int, default=None, help="samples per peer (default 7, --quick 5)")
    p.add_argument("--stat", choices=("median", "min"), default="median",
                   help="statistic of the samples shown (default median; min is steadier on a busy machine)")
    p.add_argument("--size-scale", type=float, default=1.0,
                   help="scale every workload to about this fraction of its elements (testing)")
    p.add_argument("--tiny", action="store_true",
                   help="smoke-test mode: sizes scaled by 1/4096, 3 repeats, short samples")
    p.add_argument("--no-nocache", dest="nocache", action="store_false",
                   help="skip the 'cnnops without output cache' column")
    p.add_argument("--clock-ghz", type=float, default=None, help="CPU clock for the GEMM peak (default: detected)")
    p.add_argument("--fma-units", type=int, default=2, help="FMA units per core for the GEMM peak (default 2)")
    p.add_argument("--fma-bits", type=int, choices=(256, 512), default=None,
                   help="width of one FMA unit for the GEMM peak (default: 256 on AMD Zen 1-4, else 512)")
    p.add_argument("--list", action="store_true", help="list the workloads and exit")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress lines on stderr")
    return p


def select(workloads: list[Workload], quick: bool, filt: Optional[str], scaling: bool) -> list[Workload]:
    out = workloads
    if scaling:
        out = [w for w in out if w.large]
    if quick:
        out = [w for w in out if w.quick]
    if filt:
        subs = [s.strip().lower() for s in _split_top_level(filt) if s.strip()]
        out = [w for w in out if any(s in w.key.lower() for s in subs)]
    return out


def _split_top_level(text: str) -> list[str]:
    """Split on commas outside parentheses ("max_pool2d(3,2,1),relu" -> two items)."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        depth += (ch == "(") - (ch == ")")
        cur.append(ch)
    out.append("".join(cur))
    return out


def _peer_versions(env: Any) -> dict[str, str]:
    import numpy as np

    v = {"numpy": np.__version__}
    v["torch"] = env.torch.__version__ if env.torch is not None else (
        "excluded" if "excluded" in env.missing.get("torch", "") else "missing")
    if env.ort:
        import onnxruntime

        v["onnxruntime"] = onnxruntime.__version__
    else:
        v["onnxruntime"] = "excluded" if "excluded" in env.missing.get("ort", "") else "missing"
    if not env.numpy:
        v["numpy"] += " (excluded)"
    return v


def run(argv: Optional[Sequence[str]] = None) -> dict[str, Any]:
    """Run the report; returns the JSON payload (also printed / written as asked)."""
    args = _parser().parse_args(list(argv) if argv is not None else None)
    dtypes = tuple(d.strip() for d in args.dtype.split(",") if d.strip())
    for d in dtypes:
        if d not in ("float32", "float64"):
            raise SystemExit(f"--dtype: unsupported dtype {d!r} (float32, float64)")
    workloads = select(all_workloads(dtypes), args.quick, args.filter, args.scaling)
    scaling_workloads = select(all_workloads(dtypes), args.quick, args.filter, True) if args.all_views else []
    if args.list:
        for w in workloads:
            print(f"{w.key:55s} {w.shape}")
        return {"workloads": [w.key for w in workloads]}
    ncores = machine.cores()
    threads = args.threads or ncores
    if threads < 1:
        raise SystemExit("--threads must be >= 1")
    scale = args.size_scale
    repeats = args.repeats or (5 if args.quick else 7)
    min_sample = 0.005
    if args.tiny:
        scale = min(scale, 1.0 / 4096)
        repeats = args.repeats or 3
        min_sample = 0.0005
    opts = Options(threads=threads, scale=scale, repeats=repeats, min_sample=min_sample,
                   nocache=args.nocache, clock_ghz=args.clock_ghz, fma_units=args.fma_units,
                   fma_bits=args.fma_bits or machine.fma_datapath_bits(),
                   progress=args.progress, stat=args.stat)

    peers = tuple(p.strip() for p in args.peers.split(",") if p.strip())
    for p in peers:
        if p not in ("torch", "ort", "numpy"):
            raise SystemExit(f"--peers: unknown peer {p!r} (torch, ort, numpy)")
    env = make_env(threads, peers)
    meta = {"threads": threads, "repeats": repeats, "stat": args.stat, "scale": scale, "quick": args.quick,
            "machine": machine.describe(args.clock_ghz), "peers": _peer_versions(env),
            "fma_units": args.fma_units, "fma_bits": opts.fma_bits, "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "loadavg_start": _loadavg()}
    try:
        from threadpoolctl import threadpool_limits

        limiter: Any = threadpool_limits(threads, user_api="blas")   # NumPy's BLAS: same thread count
    except Exception:  # noqa: BLE001 - threadpoolctl optional
        limiter = None
    t_start = time.perf_counter()
    payload: dict[str, Any] = {"meta": meta}
    try:
        text = ""
        if args.scaling:
            payload["scaling"] = _run_scaling(workloads, env, opts, ncores)
            text = scaling_report(meta, payload["scaling"], ncores)
        else:
            results = []
            for i, w in enumerate(workloads, 1):
                t0 = time.perf_counter()
                r = run_workload(w, env, opts)
                results.append(r)
                c = r["times"].get("cnnops")
                progress(opts, f"[{i:2d}/{len(workloads)}] {w.key:45s} {r['desc']:28s} "
                               f"cnnops {('%.3g ms' % (c * 1e3)) if c else '-':>10s}  "
                               f"({time.perf_counter() - t0:.1f} s)")
            payload["results"] = results
            bw = [r["traffic_bytes"] / r["bound"] / 1e9 for r in results if r.get("bound")]
            meta["copy_gbps_median"] = round(float(sorted(bw)[len(bw) // 2]), 1) if bw else None
            text = text_report(meta, results)
            if scaling_workloads:
                payload["scaling"] = _run_scaling(scaling_workloads, env, opts, ncores)
                text += "\n\n### Thread scaling\n\n" + scaling_report(meta, payload["scaling"], ncores)
    finally:
        if limiter is not None:
            limiter.restore_original_limits()
        env.close()
    meta["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    meta["loadavg_end"] = _loadavg()
    cmd = _reproduce_command(args)
    print(text)
    print(f"\n(total {meta['elapsed_s']} s; load average {meta['loadavg_start']} at start, "
          f"{meta['loadavg_end']} at end; reproduce: {cmd})")
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(markdown_section(meta, text, cmd))
    payload["text"] = text
    if args.json:
        write_json(args.json, payload)
    if args.plot and not args.scaling:
        try:
            plot(args.plot, payload.get("results", []))
        except ImportError:
            print("--plot: matplotlib is not installed (pip install matplotlib); no plot written",
                  file=sys.stderr)
    return payload


def _reproduce_command(args: argparse.Namespace) -> str:
    parts = ["python -m cnnops bench"]
    for flag, on in (("--quick", args.quick), ("--scaling", args.scaling), ("--all", args.all_views),
                     ("--tiny", args.tiny)):
        if on:
            parts.append(flag)
    if args.threads:
        parts.append(f"--threads {args.threads}")
    if args.filter:
        parts.append(f"--filter '{args.filter}'")
    if args.dtype != "float32":
        parts.append(f"--dtype {args.dtype}")
    if args.clock_ghz:
        parts.append(f"--clock-ghz {args.clock_ghz:g}")
    return " ".join(parts)


def _loadavg() -> Optional[list[float]]:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _run_scaling(workloads: list[Workload], env: Any, opts: Options, ncores: int) -> list[dict[str, Any]]:
    out = []
    big = 0
    for i, w in enumerate(workloads, 1):
        t0 = time.perf_counter()
        r = run_scaling(w, env, opts, ncores)
        out.append(r)
        progress(opts, f"[{i:2d}/{len(workloads)}] {w.key:45s} {r.get('desc', ''):28s} "
                       f"({time.perf_counter() - t0:.1f} s)")
    big = max(1 << 20, int(64 * (1 << 20) * min(1.0, opts.scale * 16)))
    out.append(copy_scaling(big, ncores, opts))
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    run(argv)
    return 0
