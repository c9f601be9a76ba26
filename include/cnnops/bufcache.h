// SPDX-License-Identifier: BSD-3-Clause
// cnnops/bufcache.h - a size-bucketed cache of large freed buffers.
//
// Why: a fresh multi-megabyte output from malloc is backed by new pages, and
// faulting them in costs more than the op itself for memory-bound kernels
// (64 MiB: ~4 ms of faults on top of a ~5 ms ReLU).  The Python layer
// allocates its own large outputs through this cache (as NumPy's data-memory
// handler, active only while cnnops allocates), so a freed output's pages
// are reused without faults.  Buffers below CNN_BUFCACHE_MIN bytes bypass it.
#ifndef CNNOPS_BUFCACHE_H
#define CNNOPS_BUFCACHE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_BUFCACHE_MIN ((size_t)1 << 20)

/// malloc/calloc/realloc/free with the cache in between.  cnn_bufcache_free
/// must be given the size the block was requested with (NumPy's handler
/// API passes it).  Thread-safe.
void *cnn_bufcache_malloc(size_t size);
void *cnn_bufcache_calloc(size_t nelem, size_t elsize);
void *cnn_bufcache_realloc(void *ptr, size_t new_size);
void cnn_bufcache_free(void *ptr, size_t size);

/// Free every cached block.
void cnn_bufcache_clear(void);
/// Upper bound on the bytes kept in the cache (0 disables caching); evicts
/// the oldest blocks to fit.  The initial limit is CNNOPS_CACHE_LIMIT (bytes)
/// if set, else 512 MiB.
void cnn_bufcache_set_limit(size_t bytes);

typedef struct cnn_bufcache_stats {
  uint64_t hits, misses;  // large allocations served from / not from the cache
  size_t cached_bytes, cached_blocks, limit;
} cnn_bufcache_stats;
void cnn_bufcache_get_stats(cnn_bufcache_stats *out);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_BUFCACHE_H
