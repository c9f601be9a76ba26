"""Shared pytest fixtures: the PyTorch reference, ISA paths, thread counts.

``CNNOPS_REQUIRE_TORCH=1`` (set by .ci/run) turns a missing torch into a
failure instead of a skip, so reference tests cannot silently vanish in CI.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

import cnnops
from cnnops import _runtime

_ISA_ORDER = ["scalar", "avx2", "avx512"]


def pytest_report_header(config):
    info = cnnops.build_info()
    return (
        f"cnnops {info['version']}: openmp={info['openmp']} threads={info['num_threads']} "
        f"isa={info['isa']} (cpu max {info['cpu_max_isa']})"
    )


def available_isas() -> list[str]:
    """Every SIMD path this process may run: up to the initial (env-capped) one."""
    top = _ISA_ORDER.index(_runtime.get_isa())
    return _ISA_ORDER[: top + 1]


_INITIAL_ISA = _runtime.get_isa()


@pytest.fixture(params=available_isas())
def isa(request):
    """Run the test once per SIMD path (scalar, avx2, avx512 as available)."""
    _runtime.set_isa(request.param)
    try:
        yield request.param
    finally:
        _runtime.set_isa(_INITIAL_ISA)


@pytest.fixture
def torch():
    """The torch module, or a skip (a failure under CNNOPS_REQUIRE_TORCH=1)."""
    from harness import require_torch

    return require_torch()


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def _restore_threads():
    n = cnnops.get_num_threads()
    yield
    if cnnops.get_num_threads() != n:
        cnnops.set_num_threads(n)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Under CNNOPS_REQUIRE_TORCH, a skipped reference test is an error."""
    if os.environ.get("CNNOPS_REQUIRE_TORCH") != "1":
        return
    skipped = terminalreporter.stats.get("skipped", [])
    torch_skips = [r for r in skipped if "torch" in str(r.longrepr).lower()]
    if torch_skips:
        terminalreporter.write_line(
            f"CNNOPS_REQUIRE_TORCH=1 but {len(torch_skips)} test(s) skipped for torch", red=True
        )
        config._cnnops_torch_skipped = True


def pytest_sessionfinish(session, exitstatus):
    if getattr(session.config, "_cnnops_torch_skipped", False) and exitstatus == 0:
        session.exitstatus = 1
