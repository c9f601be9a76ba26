# cython: language_level=3
"""cnnops._core: the C core's runtime controls (threads, ISA, status)."""
include "_common.pxi"

import numpy as np
cimport numpy as cnp

cnp.import_array()

cdef extern from "cnnops/bufcache.h" nogil:
    ctypedef struct cnn_bufcache_stats:
        unsigned long long hits
        unsigned long long misses
        size_t cached_bytes
        size_t cached_blocks
        size_t limit
    void cnn_bufcache_clear()
    void cnn_bufcache_set_limit(size_t nbytes)
    void cnn_bufcache_get_stats(cnn_bufcache_stats *out)
    size_t CNN_BUFCACHE_MIN

cdef extern from "_numpy_handler.h":
    object cnn_handler_capsule()

cdef extern from "numpy/arrayobject.h":
    object PyDataMem_SetHandler(object handler)

_HANDLER = cnn_handler_capsule()
CACHE_MIN_BYTES = CNN_BUFCACHE_MIN


def empty_cached(shape, dtype):
    """np.empty(shape, dtype) with the data allocated through the buffer cache.

    The handler is installed only for this one allocation (NumPy keeps it in
    a context variable, so other threads are unaffected); the array frees its
    data back into the cache when it dies.
    """
    old = PyDataMem_SetHandler(_HANDLER)
    try:
        return np.empty(shape, dtype)
    finally:
        PyDataMem_SetHandler(old)


def cache_clear() -> None:
    cnn_bufcache_clear()


def cache_set_limit(size_t nbytes) -> None:
    cnn_bufcache_set_limit(nbytes)


def cache_stats() -> dict:
    cdef cnn_bufcache_stats s
    cnn_bufcache_get_stats(&s)
    return {"hits": s.hits, "misses": s.misses, "cached_bytes": s.cached_bytes,
            "cached_blocks": s.cached_blocks, "limit": s.limit}
