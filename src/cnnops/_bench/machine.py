"""What the machine can do: cores, clock, SIMD lanes, theoretical GEMM peak.

Theoretical peak (GFLOPS) = cores x FMA units per core (2) x SIMD lanes x 2 (an
FMA is a multiply and an add) x clock (GHz).

* lanes: from the SIMD path cnnops runs (``avx512``: 16 float32 / 8 float64;
  ``avx2``: 8 / 4; ``scalar``: 1), capped by the width of the core's FMA
  datapath: AMD Zen 1-4 (CPU families 0x17 and 0x19) execute a 512-bit FMA as
  two 256-bit halves on 256-bit units, so an AVX-512 path there peaks as AVX2
  does (``--fma-bits`` overrides the detection).
* FMA units: 2 per core (true of every AVX2 core since Haswell and of
  Xeon Scalable AVX-512 cores with two 512-bit FMA units; some AVX-512 parts
  have one: pass ``--fma-units 1``).
* clock, first that works: ``--clock-ghz``; ``CNNOPS_BENCH_CLOCK_GHZ``;
  ``/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq`` (maximum turbo
  clock); the ``@ 2.10GHz`` in ``/proc/cpuinfo``'s model name (nominal);
  the largest ``cpu MHz`` in ``/proc/cpuinfo`` (under a hypervisor this is
  the nominal TSC clock, so turbo can exceed "100 % of peak").
"""
from __future__ import annotations

import os
import platform
import re
from typing import Any, Optional


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cpuinfo() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            return fh.read()
    except OSError:
        return ""


def cpu_model() -> str:
    m = re.search(r"^model name\s*:\s*(.+)$", _cpuinfo(), re.M)
    return m.group(1).strip() if m else (platform.processor() or platform.machine())


def clock_ghz(override: Optional[float] = None) -> tuple[Optional[float], str]:
    """(clock in GHz or None, where it came from)."""
    if override:
        return float(override), "--clock-ghz"
    env = os.environ.get("CNNOPS_BENCH_CLOCK_GHZ")
    if env:
        try:
            return float(env), "CNNOPS_BENCH_CLOCK_GHZ"
        except ValueError:
            pass
    try:
        with open("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") as fh:
            return int(fh.read().strip()) / 1e6, "cpufreq cpuinfo_max_freq"
    except (OSError, ValueError):
        pass
    info = _cpuinfo()
    m = re.search(r"^model name\s*:.*@\s*([0-9.]+)\s*GHz", info, re.M)
    if m:
        return float(m.group(1)), "model name (nominal)"
    mhz = [float(v) for v in re.findall(r"^cpu MHz\s*:\s*([0-9.]+)", info, re.M)]
    if mhz:
        return max(mhz) / 1000.0, "/proc/cpuinfo cpu MHz"
    return None, "unknown (pass --clock-ghz)"


def fma_datapath_bits(cpuinfo: Optional[str] = None) -> int:
    """Width in bits of one FMA unit: 256 on AMD Zen 1-4, else 512 (no cap)."""
    info = _cpuinfo() if cpuinfo is None else cpuinfo
    vendor = re.search(r"^vendor_id\s*:\s*(\S+)", info, re.M)
    family = re.search(r"^cpu family\s*:\s*(\d+)", info, re.M)
    if vendor and family and vendor.group(1) == "AuthenticAMD" and int(family.group(1)) in (0x17, 0x19):
        return 256
    return 512


def simd_lanes(isa: str, itemsize: int, fma_bits: int = 512) -> int:
    """FMA lanes per instruction of the path ``isa``, capped at the datapath width."""
    bits = {"avx512": 512, "avx2": 256}.get(isa, 0)
    return min(bits, fma_bits) // (8 * itemsize) if bits else 1


def peak_gflops(threads: int, isa: str, itemsize: int, ghz: Optional[float], fma_units: int = 2,
                fma_bits: int = 512) -> Optional[float]:
    """threads x FMA units x lanes x 2 x GHz (None when the clock is unknown)."""
    if not ghz:
        return None
    return threads * fma_units * simd_lanes(isa, itemsize, fma_bits) * 2 * ghz


def describe(clock_override: Optional[float] = None) -> dict[str, Any]:
    from .._runtime import build_info

    info = build_info()
    ghz, src = clock_ghz(clock_override)
    return {
        "cpu": cpu_model(),
        "cores": cores(),
        "clock_ghz": ghz,
        "clock_source": src,
        "fma_datapath_bits": fma_datapath_bits(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cnnops": info,
    }
