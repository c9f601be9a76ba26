#!/usr/bin/env bash
# Run the Python test suite (and optionally the fuzzer) against a copy of the
# cnnops extensions built with AddressSanitizer + UndefinedBehaviorSanitizer.
#
# The in-place .so files under src/cnnops are NOT touched: the sanitized
# extensions are built into $OUT (default /tmp/cnnops_asan), the pure-Python
# package files are copied next to them, and the tests run with
# PYTHONPATH=$OUT and the ASan runtime preloaded (CPython itself is not
# instrumented, so libasan must be loaded first).  Leak detection is off:
# CPython and NumPy keep allocations alive until exit by design.
#
# Usage (from anywhere):
#   tests/sanitize/run_python_suite.sh                  # build + whole tests/ suite
#   tests/sanitize/run_python_suite.sh tests/test_adversarial.py -x   # build + chosen pytest args
#   tests/sanitize/run_python_suite.sh --fuzz 200000    # build + fuzzer (random driver, N executions)
#   NO_BUILD=1 tests/sanitize/run_python_suite.sh ...   # reuse the last build in $OUT
# Environment: OUT (build dir), SANITIZE (default address,undefined), JOBS,
#   UBSAN_SUPP=tests/sanitize/ubsan-alignment.supp  to silence the known
#   misaligned-load reports (FINDING 8) and look for anything else.
# pytest's fd capture swallows a sanitizer report of a process that dies: set
# ASAN_OPTIONS/UBSAN_OPTIONS log_path=... or pass -s to see it.
# Exit status: pytest's (or the fuzzer's); any ASan/UBSan report aborts the
# process with a non-zero status (halt_on_error=1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-/tmp/cnnops_asan}"
TMP="${OUT}_tmp"
SANITIZE="${SANITIZE:-address,undefined}"

cd "$ROOT"
if [[ -z "${NO_BUILD:-}" ]]; then
  mkdir -p "$OUT" "$TMP"
  CNNOPS_SANITIZE="$SANITIZE" python setup.py -q build_ext --build-lib "$OUT" --build-temp "$TMP" ${JOBS:+-j "$JOBS"}
  # pure-Python package files next to the sanitized extensions (never the in-place .so files)
  (cd src && find cnnops -type f \( -name '*.py' -o -name '*.pyi' -o -name 'py.typed' -o -name '*.json' -o -name '*.txt' \) \
      -exec install -D -m 644 {} "$OUT/{}" \;)
fi

LIBASAN="$(gcc -print-file-name=libasan.so)"
LIBUBSAN="$(gcc -print-file-name=libubsan.so)"
export LD_PRELOAD="$LIBASAN${LD_PRELOAD:+:$LD_PRELOAD}"
[[ "$SANITIZE" == *undefined* && -e "$LIBUBSAN" ]] && export LD_PRELOAD="$LD_PRELOAD:$LIBUBSAN"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1:allocator_may_return_null=1:detect_odr_violation=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1${UBSAN_SUPP:+:suppressions=$(realpath "$UBSAN_SUPP")}}"
export PYTHONPATH="$OUT"
export CNNOPS_FUZZ_NO_SRC=1

# the sanitized build must be the one imported
python - <<EOF
import cnnops, os
assert os.path.dirname(cnnops.__file__).startswith("$OUT"), cnnops.__file__
print("sanitized cnnops from", os.path.dirname(cnnops.__file__), "LD_PRELOAD=" + os.environ["LD_PRELOAD"])
EOF

if [[ "${1:-}" == "--fuzz" ]]; then
  shift
  RUNS="${1:-100000}"
  shift || true
  exec python tests/fuzz/fuzz_ops.py --driver random --runs "$RUNS" --mem-limit-gb 0 "$@"
fi
# rootdir conftest/harness come from tests/; cnnops from $OUT
exec python -m pytest -p no:cacheprovider -q "${@:-tests}"
