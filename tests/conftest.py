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


# A safety net under the torch fixture: any test or module skipped because torch
# could not be imported turns the run red under CNNOPS_REQUIRE_TORCH=1.  It keys
# on the import failure itself (not on the word "torch" in any skip reason) and
# is recorded as the reports arrive, so it is known before pytest_sessionfinish.
_TORCH_MISSING = ("torch not installed", "no module named 'torch'", "could not import 'torch'")
_torch_skips: list[str] = []


def _note_torch_skip(report) -> None:
    if report.skipped and os.environ.get("CNNOPS_REQUIRE_TORCH") == "1":
        if any(m in str(report.longrepr).lower() for m in _TORCH_MISSING):
            _torch_skips.append(report.nodeid)


def pytest_runtest_logreport(report):
    _note_torch_skip(report)


def pytest_collectreport(report):
    _note_torch_skip(report)


def pytest_sessionfinish(session, exitstatus):
    if _torch_skips and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _torch_skips:
        terminalreporter.write_line(
            f"CNNOPS_REQUIRE_TORCH=1 but {len(_torch_skips)} test(s) skipped for a missing torch",
            red=True,
        )
