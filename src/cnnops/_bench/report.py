"""Formatting of the report: text tables, JSON, optional PNG plot."""
from __future__ import annotations

import json
from typing import Any, Optional, Sequence

DASH = "-"


def fmt_time(t: Optional[float]) -> str:
    if t is None:
        return DASH
    if t < 1e-3:
        return f"{t * 1e6:.1f} us"
    if t < 1.0:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def fmt_ratio(r: Optional[float]) -> str:
    if r is None:
        return DASH
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"


def fmt_num(v: Optional[float], spec: str = ".0f") -> str:
    return DASH if v is None else format(v, spec)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A Markdown pipe table, padded so it also reads well as plain text."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    al = align or ("l" * 2 + "r" * (len(headers) - 2))

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, c in enumerate(cells):
            out.append(c.ljust(widths[i]) if al[i] == "l" else c.rjust(widths[i]))
        return "| " + " | ".join(out) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if al[i] == "r" else (":" + "-" * (w + 1))
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def _stat(meta: dict[str, Any]) -> str:
    return "minima" if meta.get("stat") == "min" else "medians"


def _mark(res: dict[str, Any]) -> str:
    chk = res.get("check")
    return "" if chk in (None, "ok") else " !"


MEM_HEADERS = ["op", "shape", "dtype", "cnnops", "no cache", "torch", "ORT", "numpy",
               "c/torch", "c/ORT", "c/numpy", "bound", "c/bound"]
LAT_HEADERS = ["op", "shape", "dtype", "cnnops", "torch", "ORT", "numpy", "c/torch", "c/ORT", "c/numpy",
               "GFLOPS"]
GEMM_HEADERS = ["op", "shape", "dtype", "cnnops", "torch", "ORT", "numpy", "GFLOPS cnnops", "GFLOPS numpy",
                "c/numpy GFLOPS", "% of peak", "peak GFLOPS"]


def family_table(results: list[dict[str, Any]]) -> str:
    kind = results[0]["kind"]
    rows = []
    for r in results:
        t, q = r["times"], r.get("ratios", {})
        name = r["label"] + _mark(r)
        if kind == "memory":
            rows.append([name, r["desc"], r["dtype"], fmt_time(t.get("cnnops")), fmt_time(t.get("nocache")),
                         fmt_time(t.get("torch")), fmt_time(t.get("ort")), fmt_time(t.get("numpy")),
                         fmt_ratio(q.get("torch")), fmt_ratio(q.get("ort")), fmt_ratio(q.get("numpy")),
                         fmt_time(r.get("bound")), fmt_ratio(q.get("bound"))])
        elif kind == "latency":
            g = r.get("gflops", {})
            rows.append([name, r["desc"], r["dtype"], fmt_time(t.get("cnnops")), fmt_time(t.get("torch")),
                         fmt_time(t.get("ort")), fmt_time(t.get("numpy")), fmt_ratio(q.get("torch")),
                         fmt_ratio(q.get("ort")), fmt_ratio(q.get("numpy")), fmt_num(g.get("cnnops"), ".1f")])
        else:
            g = r.get("gflops", {})
            gc, gn = g.get("cnnops"), g.get("numpy")
            pf = r.get("peak_fraction")
            rows.append([name, r["desc"], r["dtype"], fmt_time(t.get("cnnops")), fmt_time(t.get("torch")),
                         fmt_time(t.get("ort")), fmt_time(t.get("numpy")), fmt_num(gc, ".1f"), fmt_num(gn, ".1f"),
                         (f"{gc / gn * 100:.0f} %" if gc and gn else DASH),
                         (f"{pf * 100:.0f} %" if pf else DASH), fmt_num(r.get("peak_gflops"), ".0f")])
    headers = {"memory": MEM_HEADERS, "latency": LAT_HEADERS, "gemm": GEMM_HEADERS}[kind]
    return table(headers, rows, "lll" + "r" * (len(headers) - 3))


def text_report(meta: dict[str, Any], results: list[dict[str, Any]]) -> str:
    m = meta["machine"]
    cn = m["cnnops"]
    lines = [
        f"cnnops {cn['version']} benchmark report -- {meta['threads']} thread(s), "
        f"SIMD path {cn['isa']}, OpenMP {'on' if cn['openmp'] else 'off'}",
        f"machine: {m['cpu']}, {m['cores']} cores, clock {m['clock_ghz']} GHz ({m['clock_source']}); "
        f"python {m['python']}; peers: " + ", ".join(f"{k} {v}" for k, v in meta["peers"].items()),
        f"{_stat(meta)} of up to {meta['repeats']} interleaved samples after warm-up"
        + (f"; sizes scaled by {meta['scale']:g}" if meta["scale"] != 1 else ""),
        "",
    ]
    fams: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        fams.setdefault(f"{r['family']}:{r['kind']}", []).append(r)
    titles = {"activation": "Activations", "softmax": "Softmax", "linear": "Linear (latency)",
              "gemm": "GEMM", "pooling": "Pooling", "normalization": "Normalization"}
    for key, rs in fams.items():
        fam = key.split(":")[0]
        lines += [f"### {titles.get(fam, fam)}", "", family_table(rs), ""]
    lines += [
        f"Times are {_stat(meta)} per call with a fresh output per call (as a user calls the op);",
        "'no cache' is cnnops with its output-buffer cache disabled (fresh pages, page faults included).",
        "c/X = cnnops time / X time (below 1: cnnops faster).  bound = the faster of np.copyto of the same",
        "bytes (input read + output written) on 1 thread and split over all threads, measured in the same",
        "run; c/bound = how far from the memory-bandwidth limit.  GFLOPS = 2*M*N*K / time; peak =",
        "threads x 2 FMA units x SIMD lanes (at most the FMA unit's width: 256 bits on AMD Zen 1-4,",
        "which split a 512-bit FMA in two) x 2 x clock.",
    ]
    bad = [r for r in results if r.get("check") not in (None, "ok")]
    if bad:
        lines += ["", "! cnnops' output differs from the reference:"]
        lines += [f"  {r['key']}: {r['check']} (vs {r.get('check_ref')})" for r in bad]
    missing = [(r["key"], k, v) for r in results for k, v in r.get("errors", {}).items()
               if v not in ("not implemented", "not installed", "excluded by --peers")
               and not v.startswith("NotImplementedError: no eq")]
    if missing:
        lines += ["", "Peers shown as '-' because they failed:"]
        lines += [f"  {key} [{peer}]: {msg}" for key, peer, msg in missing]
    notimpl = sorted({r["op"] for r in results if r.get("errors", {}).get("cnnops") == "not implemented"})
    if notimpl:
        lines += ["", "Not in cnnops.functional yet: " + ", ".join(notimpl)]
    return "\n".join(lines)


def scaling_report(meta: dict[str, Any], results: list[dict[str, Any]], max_threads: int) -> str:
    headers = ["op", "shape", "dtype"] + [f"{n} thr" for n in range(1, max_threads + 1)] + \
              [f"speedup x{n}" for n in range(2, max_threads + 1)]
    rows = []
    for r in results:
        if r.get("error"):
            rows.append([r["label"], r.get("desc", ""), r["dtype"]] + [DASH] * (2 * max_threads - 1))
            continue
        rows.append([r["label"], r["desc"], r["dtype"]]
                    + [fmt_time(r["times"].get(n)) for n in range(1, max_threads + 1)]
                    + [fmt_ratio(r["speedup"].get(n)) for n in range(2, max_threads + 1)])
    m = meta["machine"]
    head = [f"cnnops {m['cnnops']['version']} thread scaling -- {m['cpu']}, {m['cores']} cores, "
            f"SIMD path {m['cnnops']['isa']}; {_stat(meta)} of up to {meta['repeats']} interleaved samples", ""]
    foot = ["", "speedup xN = time at 1 thread / time at N threads (cnnops.set_num_threads). Memory-bound ops",
            "cannot scale beyond the copy row (the machine's memory bandwidth at N threads)."]
    return "\n".join(head + [table(headers, rows, "lll" + "r" * (len(headers) - 3))] + foot)


def write_json(path: str, payload: dict[str, Any]) -> None:
    with open(path, "w") as fh:
        json.dump(payload, fh, indent=1, default=str)
        fh.write("\n")


def plot(path: str, results: list[dict[str, Any]]) -> None:
    """PNG bar chart of cnnops' time ratios (log scale; below 1 = cnnops faster)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [("torch", "cnnops / PyTorch"), ("ort", "cnnops / ONNX Runtime"), ("numpy", "cnnops / NumPy"),
            ("bound", "cnnops / copy bound")]
    rs = [r for r in results if r.get("ratios") and any(r["ratios"].get(k) for k, _ in keys)]
    labels = [f"{r['label']} {r['dtype'].replace('float', 'f')}" for r in rs]
    fig, ax = plt.subplots(figsize=(max(8, 0.45 * len(rs) + 2), 6))
    width = 0.8 / len(keys)
    for j, (k, name) in enumerate(keys):
        xs = [i + (j - 1.5) * width for i in range(len(rs))]
        ys = [r["ratios"].get(k) or 0 for r in rs]
        ax.bar(xs, ys, width, label=name)
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(rs)))
    ax.set_xticklabels(labels, rotation=75, ha="right", fontsize=8)
    ax.set_ylabel("time ratio (log; < 1: cnnops faster)")
    ax.set_title("cnnops time relative to its peers")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown_section(meta: dict[str, Any], text: str, command: str) -> str:
    """The README's performance section: how it was measured, the command, the tables."""
    m = meta["machine"]
    la0, la1 = meta.get("loadavg_start"), meta.get("loadavg_end")
    lines = [
        "## Performance",
        "",
        f"`{command}` on {m['cpu']} ({m['cores']} cores, {meta['machine']['cnnops']['isa']} path, "
        f"{meta['threads']} thread(s) for every peer), {meta.get('started', '')}. Reproduce with:",
        "",
        "```sh",
        'pip install ".[bench]"',
        command,
        "```",
        "",
        "Each workload is timed for cnnops, PyTorch, ONNX Runtime (a one-node ONNX model, same intra-op",
        "thread count) and a plain NumPy implementation in one process, interleaved round by round, after a",
        "warm-up; every figure is the median of the samples (each sample at least 5 ms of calls). "
        "The machine is",
        "a shared virtual machine whose speed varies from minute to minute (load average "
        f"{la0[0] if la0 else '?'} at the start and {la1[0] if la1 else '?'} at the end on {m['cores']} cores):",
        "the medians damp the noise but do not remove it -- expect differences of tens of per cent between",
        "runs, compare ratios within one row rather than absolute times, and re-run on a quiet machine",
        "for precise figures."
        + (f" The copy bandwidth measured during the run (median over the memory-bound workloads) was "
           f"{meta['copy_gbps_median']} GB/s (read + write)." if meta.get("copy_gbps_median") else ""),
        "",
        "```text",
        text.split("\n### ", 1)[0].rstrip(),
        "```",
        "",
        "",
    ]
    body = "### " + text.split("\n### ", 1)[1] if "\n### " in text else text
    return "\n".join(lines) + body.rstrip() + "\n"
