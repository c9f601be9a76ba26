// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the core API and ReLU, called directly (no Python).
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnnops/bufcache.h"
#include "cnnops/cnnops.h"
#include "ctest.h"
#include "internal/cpu.h"
#include "internal/parallel.h"

static void test_status_strings(void) {
  for (int s = CNN_OK; s <= CNN_EISA; ++s)
    CHECK(cnn_status_str((cnn_status)s) != NULL);
  CHECK(strcmp(cnn_status_str(CNN_OK), "success") == 0);
  CHECK(strcmp(cnn_status_str((cnn_status)999), "unknown status") == 0);
}

static void test_threads(void) {
  int old = cnn_get_num_threads();
  CHECK(old >= 1);
  CHECK_STATUS(cnn_set_num_threads(3), CNN_OK);
  CHECK(cnn_get_num_threads() == 3);
  CHECK_STATUS(cnn_set_num_threads(0), CNN_EINVAL);
  CHECK_STATUS(cnn_set_num_threads(-5), CNN_EINVAL);
  CHECK(cnn_get_num_threads() == 3);
  CHECK_STATUS(cnn_set_num_threads(old), CNN_OK);
}

// cnn_parallel_chunks: every chunk runs exactly once, whatever the thread
// count (also more threads than chunks), and nothing runs for none.
static void count_chunk(void *ctx, int64_t q) {
  __atomic_fetch_add((int *)ctx + q, 1, __ATOMIC_RELAXED);
}

static void test_parallel_chunks(void) {
  enum { MAXC = 257 };
  static int hits[MAXC];
  const int64_t counts[] = {0, 1, 2, 3, 16, 257};
  for (int nt = 1; nt <= 4; ++nt)
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; ++c) {
      memset(hits, 0, sizeof hits);
      cnn_parallel_chunks(nt, counts[c], count_chunk, hits);
      int ok = 1;
      for (int64_t q = 0; q < MAXC; ++q) ok &= hits[q] == (q < counts[c] ? 1 : 0);
      CHECK(ok);
    }
}

// A chunk that outlasts the bounded spin (CNN_JOIN_SPINS steps): every
// thread gives up spinning and OpenMP's join still waits for it, so the
// call returns only when all chunks are done.
static void slow_chunk(void *ctx, int64_t q) {
  if (q == 0) {
    const struct timespec pause = {0, 5 * 1000 * 1000};  // 5 ms
    nanosleep(&pause, NULL);
  }
  __atomic_fetch_add((int *)ctx + q, 1, __ATOMIC_RELEASE);
}

static void test_parallel_chunks_slow(void) {
  int hits[4] = {0, 0, 0, 0};
  for (int nt = 2; nt <= 3; ++nt) {
    memset(hits, 0, sizeof hits);
    cnn_parallel_chunks(nt, 4, slow_chunk, hits);
    CHECK(__atomic_load_n(&hits[0], __ATOMIC_ACQUIRE) == 1 && hits[1] == 1 &&
          hits[2] == 1 && hits[3] == 1);
  }
}

static void test_isa(void) {
  cnn_isa max = cnn_cpu_max_isa();
  CHECK(cnn_get_isa() <= max);
  CHECK_STATUS(cnn_set_isa(CNN_ISA_SCALAR), CNN_OK);
  CHECK(cnn_get_isa() == CNN_ISA_SCALAR);
  CHECK_STATUS(cnn_set_isa((cnn_isa)7), CNN_EINVAL);
  if (max < CNN_ISA_AVX512) CHECK_STATUS(cnn_set_isa(CNN_ISA_AVX512), CNN_EISA);
  CHECK_STATUS(cnn_set_isa(max), CNN_OK);
  CHECK(strcmp(cnn_isa_name(CNN_ISA_SCALAR), "scalar") == 0);
}

static void test_relu(void) {
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    for (int64_t n = 0; n < 70; ++n) {
      // guard cells around the output catch any write past n
      float *x = malloc(sizeof(float) * (size_t)(n + 1));
      float *y = malloc(sizeof(float) * (size_t)(n + 2));
      for (int64_t i = 0; i < n; ++i) x[i] = (float)(i % 5) - 2.0f;
      y[0] = 123.0f;
      y[n + 1] = 456.0f;
      CHECK_STATUS(cnn_relu_fwd_f32(n, x, y + 1), CNN_OK);
      int ok = y[0] == 123.0f && y[n + 1] == 456.0f;
      for (int64_t i = 0; i < n; ++i) ok &= y[i + 1] == (x[i] < 0 ? 0.0f : x[i]);
      CHECK(ok);
      free(x);
      free(y);
    }
    double d[3] = {-1.0, NAN, -0.0}, e[3];
    CHECK_STATUS(cnn_relu_fwd_f64(3, d, e), CNN_OK);
    CHECK(e[0] == 0.0 && isnan(e[1]) && e[2] == 0.0 && signbit(e[2]));
  }
  cnn_set_isa(cnn_cpu_max_isa());
  float v = 1.0f;
  CHECK_STATUS(cnn_relu_fwd_f32(-1, &v, &v), CNN_ESHAPE);
  CHECK_STATUS(cnn_relu_fwd_f32(1, NULL, &v), CNN_ENULL);
  CHECK_STATUS(cnn_relu_fwd_f32(1, &v, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_relu_fwd_f32(0, NULL, NULL), CNN_OK);
  double dd = 0.0;
  CHECK_STATUS(cnn_relu_fwd_f64(INT64_MAX, &dd, &dd), CNN_EOVERFLOW);
}

static void test_bufcache(void) {
  cnn_bufcache_stats st0, st1;
  cnn_bufcache_clear();
  cnn_bufcache_get_stats(&st0);
  size_t big = (size_t)3 << 20;
  char *a = cnn_bufcache_malloc(big);
  CHECK(a != NULL);
  memset(a, 1, big);  // the whole requested size is writable
  cnn_bufcache_free(a, big);
  char *b = cnn_bufcache_malloc(big - 100);  // same bucket: reused
  cnn_bufcache_get_stats(&st1);
  CHECK(b == a);
  CHECK(st1.hits == st0.hits + 1);
  memset(b, 2, big - 100);
  b = cnn_bufcache_realloc(b, big * 2);
  CHECK(b != NULL);
  memset(b, 3, big * 2);
  cnn_bufcache_free(b, big * 2);
  void *s = cnn_bufcache_malloc(10);  // small: plain malloc
  cnn_bufcache_free(s, 10);
  CHECK(cnn_bufcache_calloc(SIZE_MAX, 2) == NULL);  // overflow refused
  char *z = cnn_bufcache_calloc(big, 1);
  int zero = 1;
  for (size_t i = 0; i < big; i += 4096) zero &= z[i] == 0;
  CHECK(zero);
  cnn_bufcache_free(z, big);
  cnn_bufcache_set_limit(0);
  cnn_bufcache_get_stats(&st1);
  CHECK(st1.cached_bytes == 0 && st1.cached_blocks == 0);
  cnn_bufcache_set_limit((size_t)512 << 20);
  cnn_bufcache_clear();
}

// Cache sizes by level: level 0 is the highest level found, out-of-range
// levels are 0, and sizes grow with the level (sysfs on Linux).
static void test_cache_bytes(void) {
  CHECK(cnn_cache_bytes(-1) == 0);
  CHECK(cnn_cache_bytes(9) == 0);
  int64_t prev = 0, top = 0;
  for (int level = 1; level <= 8; ++level) {
    const int64_t v = cnn_cache_bytes(level);
    CHECK(v >= 0);
    if (v > 0) {
      CHECK(v >= prev);
      prev = v;
      top = v;
    }
  }
  CHECK(cnn_cache_bytes(0) == top);
  CHECK(cnn_llc_bytes() == top);
}

int main(void) {
  test_cache_bytes();
  test_bufcache();
  test_status_strings();
  test_threads();
  test_parallel_chunks();
  test_parallel_chunks_slow();
  test_isa();
  test_relu();
  return CTEST_SUMMARY();
}
