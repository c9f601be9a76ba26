# Shared glue included by every bridge module (cnnops._<family>.pyx).
#
# Each bridge is its own extension with its own copy of the C core's state;
# cnnops._runtime calls _set_num_threads / _set_isa on all of them.
from libc.stdint cimport int64_t

cdef extern from "cnnops/common.h" nogil:
    ctypedef enum cnn_status:
        CNN_OK
        CNN_EINVAL
        CNN_ESHAPE
        CNN_ENULL
        CNN_EOVERFLOW
        CNN_ENOMEM
        CNN_EINDEX
        CNN_EISA
    const char *cnn_status_str(cnn_status status)
    cnn_status cnn_set_num_threads(int n)
    int cnn_get_num_threads()
    int cnn_has_openmp()
    ctypedef enum cnn_isa:
        CNN_ISA_SCALAR
        CNN_ISA_AVX2
        CNN_ISA_AVX512
    cnn_isa cnn_get_isa()
    cnn_status cnn_set_isa(cnn_isa isa)
    cnn_isa cnn_cpu_max_isa()
    const char *cnn_isa_name(cnn_isa isa)

cdef extern from "internal/parallel.h" nogil:
    int cnn_threads_for(int64_t work, int64_t grain)
    const int64_t CNN_GRAIN


cdef int _check(cnn_status st, str op) except -1:
    """Turn a C status into an exception (Python validates first, so this is
    the C core's second line of defence)."""
    if st == CNN_OK:
        return 0
    msg = f"{op}: {cnn_status_str(st).decode()} (cnnops status {<int>st})"
    if st == CNN_ENOMEM:
        raise MemoryError(msg)
    raise RuntimeError(msg)


def _set_num_threads(int n) -> None:
    _check(cnn_set_num_threads(n), "set_num_threads")


def _get_num_threads() -> int:
    return cnn_get_num_threads()


def _threads_for(int64_t work, int64_t grain=-1) -> int:
    """Threads a kernel would use for `work` units (test hook)."""
    return cnn_threads_for(work, CNN_GRAIN if grain < 0 else grain)


def _has_openmp() -> bool:
    return bool(cnn_has_openmp())


def _get_isa() -> int:
    return <int>cnn_get_isa()


def _cpu_max_isa() -> int:
    return <int>cnn_cpu_max_isa()


def _set_isa(int isa) -> None:
    _check(cnn_set_isa(<cnn_isa>isa), "set_isa")


def _isa_name(int isa) -> str:
    return cnn_isa_name(<cnn_isa>isa).decode()
