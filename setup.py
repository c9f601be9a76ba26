"""Build script for cnnops: C kernels in csrc/ under Cython bridges in src/cnnops/.

Every bridge module ``cnnops._<family>`` is one extension built from its .pyx
plus the C sources of its family (``csrc/<family dir>/*.c``) and the shared
core (``csrc/common.c``).  Each extension therefore carries its own copy of
the core's state (thread count, ISA choice); ``cnnops._runtime`` keeps the
copies in sync, which keeps the families independent to build and test.

Environment variables (all optional):

``CNNOPS_DISABLE_OPENMP=1``   build serial kernels even if OpenMP works.
``CNNOPS_NATIVE=1``           add ``-march=native`` (not portable; off by default).
``CNNOPS_SANITIZE=address,undefined``  build with those sanitizers (debugging).
``CNNOPS_DEBUG=1``            Cython bounds/wraparound checks on, ``-O1 -g``.
``CNNOPS_ONLY=_core,_pooling``  build only these extensions (development).
"""
from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from glob import glob

import numpy as np
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))

# extension name -> C source folders (relative to csrc/) of its family
FAMILIES = {
    "_core": ["core"],
    "_activation": ["activation"],
    "_softmax": ["softmax"],
    "_linear": ["gemm", "linear"],
    "_pooling": ["pooling"],
    "_normalization": ["normalization"],
}


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _has_openmp(compiler) -> bool:
    """Test-compile and link a tiny OpenMP program with ``-fopenmp``."""
    src = textwrap.dedent(
        """
        #include <omp.h>
        int main(void) {
            int n = 0;
            #pragma omp parallel reduction(+:n)
            n += omp_get_num_threads() > 0;
            return n > 0 ? 0 : 1;
        }
        """
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "omp_check.c")
        with open(path, "w") as fh:
            fh.write(src)
        try:
            objs = compiler.compile([path], output_dir=tmp, extra_postargs=["-fopenmp"])
            compiler.link_executable(
                objs, "omp_check", output_dir=tmp, extra_postargs=["-fopenmp"]
            )
        except Exception:  # noqa: BLE001 - any failure means "no OpenMP"
            return False
    return True


class BuildExt(build_ext):
    """build_ext that detects OpenMP once and sets the flags of every extension."""

    def build_extensions(self) -> None:
        use_omp = False
        if _env_flag("CNNOPS_DISABLE_OPENMP"):
            print("cnnops: OpenMP disabled by CNNOPS_DISABLE_OPENMP; kernels run serially")
        elif _has_openmp(self.compiler):
            use_omp = True
            print("cnnops: OpenMP found (-fopenmp); kernels are multi-threaded")
        else:
            print("cnnops: WARNING: OpenMP not available; building serial kernels")

        cflags = ["-std=gnu11", "-fno-math-errno", "-fvisibility=hidden"]
        ldflags: list[str] = []
        if _env_flag("CNNOPS_DEBUG"):
            cflags += ["-O1", "-g"]
        else:
            cflags += ["-O3", "-g0"]  # -g0: Python's CFLAGS carry -g; keep wheels small
        if _env_flag("CNNOPS_NATIVE"):
            cflags.append("-march=native")
        san = os.environ.get("CNNOPS_SANITIZE", "").strip()
        if san:
            cflags += [f"-fsanitize={san}", "-fno-omit-frame-pointer", "-g"]
            ldflags += [f"-fsanitize={san}"]
        if use_omp:
            cflags.append("-fopenmp")
            ldflags.append("-fopenmp")
        for ext in self.extensions:
            ext.extra_compile_args = cflags + list(ext.extra_compile_args or [])
            ext.extra_link_args = ldflags + list(ext.extra_link_args or [])
            if use_omp:
                ext.define_macros.append(("CNN_HAVE_OPENMP", "1"))
        super().build_extensions()


def _extensions() -> list[Extension]:
    only = {s.strip() for s in os.environ.get("CNNOPS_ONLY", "").split(",") if s.strip()}
    exts = []
    for name, dirs in FAMILIES.items():
        pyx = os.path.join("src", "cnnops", name + ".pyx")
        if not os.path.exists(os.path.join(HERE, pyx)) or (only and name not in only):
            continue
        sources = [pyx, "csrc/common.c"]
        for d in dirs:
            sources += sorted(glob(os.path.join("csrc", d, "*.c")))
            if os.path.exists(os.path.join(HERE, "csrc", d + ".c")):
                sources.append(os.path.join("csrc", d + ".c"))
        # headers and .inc bodies: a change to any of them rebuilds the extension
        depends = sorted(glob("include/cnnops/*.h") + glob("csrc/internal/*.h")
                         + glob("src/cnnops/*.pxi") + glob("src/cnnops/*.h"))
        for d in dirs:
            depends += sorted(glob(os.path.join("csrc", d, "*.h")) + glob(os.path.join("csrc", d, "*.inc")))
        exts.append(
            Extension(
                f"cnnops.{name}",
                sources=sources,
                depends=depends,
                include_dirs=["include", "csrc", np.get_include()],
                define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_25_API_VERSION")],
            )
        )
    return exts


def _cythonize(exts: list[Extension]) -> list[Extension]:
    from Cython.Build import cythonize

    debug = _env_flag("CNNOPS_DEBUG")
    return cythonize(
        exts,
        compiler_directives={
            "language_level": 3,
            "boundscheck": debug,
            "wraparound": debug,
            "initializedcheck": debug,
            "cdivision": True,
            "embedsignature": True,
        },
        include_path=["src/cnnops"],
    )


setup(ext_modules=_cythonize(_extensions()), cmdclass={"build_ext": BuildExt})
