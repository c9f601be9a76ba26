// SPDX-License-Identifier: BSD-3-Clause
// Size-bucketed cache of large freed buffers (see cnnops/bufcache.h).
#include "cnnops/bufcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS 32

typedef struct {
  void *ptr;
  size_t size;  // the rounded (allocated) size
} block;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static block g_blocks[MAX_BLOCKS];  // oldest first
static size_t g_count, g_bytes;
static size_t g_limit = (size_t)-1;  // (size_t)-1 = not yet read from the env
static uint64_t g_hits, g_misses;

// Round up to an eighth of the power of two at or below `size` (<= 12.5%
// waste), then to whole 4 KiB pages, so nearby sizes share a bucket.
static size_t round_size(size_t size) {
  size_t p = 1;
  while (p <= size / 2) p <<= 1;
  size_t step = p / 8 < 4096 ? 4096 : p / 8;
  if (size > SIZE_MAX - step) return size;
  return (size + step - 1) / step * step;
}

static size_t limit_locked(void) {
  if (g_limit == (size_t)-1) {
    const char *env = getenv("CNNOPS_CACHE_LIMIT");
    g_limit = (size_t)512 << 20;
    if (env != NULL && *env) {
      char *end = NULL;
      unsigned long long v = strtoull(env, &end, 10);
      if (end != env) g_limit = (size_t)v;
    }
  }
  return g_limit;
}

static void evict_locked(size_t need_bytes, size_t need_slots) {
  size_t limit = limit_locked();
  while (g_count > 0 && (g_bytes + need_bytes > limit || g_count + need_slots > MAX_BLOCKS)) {
    free(g_blocks[0].ptr);
    g_bytes -= g_blocks[0].size;
    memmove(g_blocks, g_blocks + 1, (g_count - 1) * sizeof(block));
    --g_count;
  }
}

void *cnn_bufcache_malloc(size_t size) {
  if (size < CNN_BUFCACHE_MIN) return malloc(size ? size : 1);
  size_t r = round_size(size);
  pthread_mutex_lock(&g_mu);
  for (size_t i = g_count; i-- > 0;) {  // newest first: warmest pages
    if (g_blocks[i].size == r) {
      void *p = g_blocks[i].ptr;
      g_bytes -= r;
      memmove(g_blocks + i, g_blocks + i + 1, (g_count - i - 1) * sizeof(block));
      --g_count;
      ++g_hits;
      pthread_mutex_unlock(&g_mu);
      return p;
    }
  }
  ++g_misses;
  pthread_mutex_unlock(&g_mu);
  return malloc(r);
}

void *cnn_bufcache_calloc(size_t nelem, size_t elsize) {
  size_t total;
  if (__builtin_mul_overflow(nelem, elsize, &total)) return NULL;
  // Cached blocks are dirty; fresh zero pages from calloc are the cheap way.
  if (total < CNN_BUFCACHE_MIN) return calloc(total ? total : 1, 1);
  return calloc(round_size(total), 1);
}

void *cnn_bufcache_realloc(void *ptr, size_t new_size) {
  if (ptr == NULL) return cnn_bufcache_malloc(new_size);
  // Keep the invariant "a block of requested size s is at least round(s)".
  size_t r = new_size < CNN_BUFCACHE_MIN ? (new_size ? new_size : 1) : round_size(new_size);
  return realloc(ptr, r);
}

void cnn_bufcache_free(void *ptr, size_t size) {
  if (ptr == NULL) return;
  if (size < CNN_BUFCACHE_MIN) {
    free(ptr);
    return;
  }
  size_t r = round_size(size);
  pthread_mutex_lock(&g_mu);
  if (r <= limit_locked()) {
    evict_locked(r, 1);
    g_blocks[g_count].ptr = ptr;
    g_blocks[g_count].size = r;
    ++g_count;
    g_bytes += r;
    ptr = NULL;
  }
  pthread_mutex_unlock(&g_mu);
  free(ptr);  // too big for the cache (free(NULL) is a no-op)
}

void cnn_bufcache_clear(void) {
  pthread_mutex_lock(&g_mu);
  for (size_t i = 0; i < g_count; ++i) free(g_blocks[i].ptr);
  g_count = 0;
  g_bytes = 0;
  pthread_mutex_unlock(&g_mu);
}

void cnn_bufcache_set_limit(size_t bytes) {
  pthread_mutex_lock(&g_mu);
  g_limit = bytes == (size_t)-1 ? bytes - 1 : bytes;
  evict_locked(0, 0);
  pthread_mutex_unlock(&g_mu);
}

void cnn_bufcache_get_stats(cnn_bufcache_stats *out) {
  if (out == NULL) return;
  pthread_mutex_lock(&g_mu);
  out->hits = g_hits;
  out->misses = g_misses;
  out->cached_bytes = g_bytes;
  out->cached_blocks = g_count;
  out->limit = limit_locked();
  pthread_mutex_unlock(&g_mu);
}
