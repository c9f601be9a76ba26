"""The benchmark report (``python -m cnnops bench``) on tiny sizes.

Checks that the report runs end to end, prints well-formed tables and writes
well-formed JSON -- never any timing value (no timing assertions).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import cnnops
from cnnops._bench import run, select
from cnnops._bench import machine
from cnnops._bench.report import table
from cnnops._bench.workloads import all_workloads

SRC = os.path.dirname(os.path.dirname(os.path.abspath(cnnops.__file__)))
PEERS = ("cnnops", "nocache", "torch", "ort", "numpy")


def _tables(text: str) -> list[list[str]]:
    """Split the text into Markdown tables (lists of lines)."""
    out, cur = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _check_table(lines: list[str]) -> None:
    assert len(lines) >= 3, lines
    ncols = lines[0].count("|")
    assert all(line.count("|") == ncols for line in lines), lines
    assert re.fullmatch(r"\|(:?-+:?\|)+", lines[1]), lines[1]
    widths = {len(line) for line in lines}
    assert len(widths) == 1, "rows of one table are padded to the same width"


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    path = tmp_path_factory.mktemp("bench") / "report.json"
    # every family, a few ops each, tiny sizes; in a subprocess like a user runs it
    filt = "activation/relu/,softmax/softmax(dim=-1),batch 1/,gemm/gemm 1024/float32," \
           "max_pool2d(2,2)+indices,layer_norm"
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "cnnops", "bench", "--tiny", "--filter", filt, "--json", str(path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(path) as fh:
        payload = json.load(fh)
    return payload, proc.stdout + "\n--stderr--\n" + proc.stderr


def test_tiny_report_table_is_well_formed(tiny_report: tuple[dict, str]) -> None:
    payload, out = tiny_report
    text = out.split("--stderr--")[0]
    tables = _tables(text)
    assert len(tables) >= 5            # activation, softmax, linear, gemm, pooling, normalization
    for t in tables:
        _check_table(t)
    assert "### Activations" in text and "### GEMM" in text and "### Pooling" in text
    # every selected workload has exactly one row
    names = [r["label"] for r in payload["results"]]
    for name in names:
        assert sum(line.startswith(f"| {name} ") for t in tables for line in t) >= 1, name
    # progress lines went to stderr
    assert re.search(r"\[ ?1/\d+\]", out.split("--stderr--")[1])


def test_tiny_report_json_is_well_formed(tiny_report: tuple[dict, str]) -> None:
    payload, _ = tiny_report
    meta = payload["meta"]
    assert meta["threads"] >= 1 and meta["scale"] < 1
    assert set(meta["peers"]) == {"numpy", "torch", "onnxruntime"}
    assert meta["machine"]["cores"] >= 1
    assert isinstance(payload["text"], str)
    results = payload["results"]
    # 7: "batch 1/" selects both linear and frozen nn.Linear
    assert len(results) == len({r["key"] for r in results}) == 7
    for r in results:
        assert set(r["times"]) == set(PEERS)
        for peer, t in r["times"].items():
            assert t is None or (isinstance(t, float) and t > 0), (r["key"], peer, t)
        # a peer without a time says why
        for peer in ("cnnops", "torch", "ort", "numpy"):
            if r["times"][peer] is None:
                assert peer in r["errors"], (r["key"], peer)
        assert set(r["ratios"]) >= {"torch", "ort", "numpy"}
        if r["kind"] == "memory":
            assert r["traffic_bytes"] > 0 and r["bound"] > 0
        if r["kind"] == "gemm":
            assert r["flops"] > 0 and "gflops" in r
        if r["times"]["cnnops"] is not None and (r["times"]["torch"] or r["times"]["numpy"]):
            assert r["check"] is not None
    # relu exists since the foundation: it must be timed and match PyTorch / NumPy
    relu = next(r for r in results if r["key"] == "activation/relu/float32")
    assert relu["times"]["cnnops"] is not None
    assert relu["check"] == "ok"


def test_missing_op_is_a_dash_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(cnnops.functional, "relu")
    payload = run(["--tiny", "--filter", "activation/relu/", "--no-progress", "--repeats", "1", "--peers", "numpy"])
    (r,) = payload["results"]
    assert r["times"]["cnnops"] is None and r["errors"]["cnnops"] == "not implemented"
    assert "| relu " in payload["text"]
    assert "Not in cnnops.functional yet: relu" in payload["text"]


def test_scaling_view(tmp_path: os.PathLike) -> None:
    path = os.path.join(str(tmp_path), "scaling.json")
    cnnops.set_num_threads(1)
    payload = run(["--scaling", "--tiny", "--filter", "activation/relu/", "--no-progress", "--repeats", "1", "--peers", "numpy",
                   "--json", path])
    with open(path) as fh:
        saved = json.load(fh)
    rows = saved["scaling"]
    assert rows[-1]["key"] == "memory/copy"
    n = machine.cores()
    relu = rows[0]
    assert sorted(int(k) for k in relu["times"]) == list(range(1, n + 1))
    assert float(relu["speedup"]["1"]) == pytest.approx(1.0)
    for t in _tables(payload["text"]):
        _check_table(t)
    # the process-wide thread setting is restored after the run
    assert cnnops.get_num_threads() == 1


def test_selection_and_list() -> None:
    ws = all_workloads()
    keys = [w.key for w in ws]
    assert len(keys) == len(set(keys))
    quick = select(ws, True, None, False)
    assert 5 <= len(quick) < len(ws)
    assert {w.family for w in quick} >= {"activation", "softmax", "linear", "gemm", "pooling", "normalization"}
    assert all(w.large for w in select(ws, False, None, True))
    assert [w.family for w in select(ws, False, "POOL", False)] == ["pooling"] * len(
        [w for w in ws if w.family == "pooling"])
    # float64 variants on request, GEMM always in both dtypes
    both = all_workloads(("float32", "float64"))
    assert len(both) == 2 * len(ws) - len([w for w in ws if w.kind == "gemm"])
    for w in ws:
        s = w.scaled_shape(1 / 4096)
        assert all(d >= m for d, m in zip(s, w.mins)) and len(s) == len(w.shape)


def test_peak_and_clock() -> None:
    assert machine.simd_lanes("avx512", 4) == 16 and machine.simd_lanes("avx2", 8) == 4
    assert machine.simd_lanes("scalar", 4) == 1
    assert machine.peak_gflops(2, "avx512", 4, 2.0) == 2 * 2 * 16 * 2 * 2.0
    assert machine.peak_gflops(2, "avx2", 4, None) is None
    # Zen 1-4 run a 512-bit FMA on 256-bit units: an AVX-512 path peaks as AVX2 does.
    assert machine.peak_gflops(2, "avx512", 4, 2.0, fma_bits=256) == 2 * 2 * 8 * 2 * 2.0
    assert machine.peak_gflops(2, "avx512", 8, 2.0, fma_bits=256) == machine.peak_gflops(2, "avx2", 8, 2.0)
    zen4 = "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
    zen5 = "vendor_id\t: AuthenticAMD\ncpu family\t: 26\n"
    spr = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
    assert machine.fma_datapath_bits(zen4) == 256
    assert machine.fma_datapath_bits(zen5) == 512 and machine.fma_datapath_bits(spr) == 512
    assert machine.fma_datapath_bits("") == 512
    ghz, src = machine.clock_ghz(3.5)
    assert ghz == 3.5 and src == "--clock-ghz"


def test_table_helper() -> None:
    t = table(["a", "b", "c"], [["x", "y", "1.0"], ["long name", "-", "22"]])
    _check_table(t.splitlines())


def test_plot_optional(tmp_path: os.PathLike) -> None:
    pytest.importorskip("matplotlib")
    path = os.path.join(str(tmp_path), "ratios.png")
    run(["--tiny", "--filter", "activation/relu/", "--no-progress", "--repeats", "1", "--peers", "numpy", "--plot", path])
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
