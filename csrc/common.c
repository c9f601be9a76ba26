// SPDX-License-Identifier: BSD-3-Clause
// Status strings, the process-wide thread setting, ISA selection and the
// last-level cache size.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cnnops/common.h"
#include "internal/cpu.h"
#include "internal/parallel.h"

const char *cnn_status_str(cnn_status status) {
  switch (status) {
    case CNN_OK: return "success";
    case CNN_EINVAL: return "invalid argument";
    case CNN_ESHAPE: return "invalid or inconsistent shape";
    case CNN_ENULL: return "null pointer for a non-empty array";
    case CNN_EOVERFLOW: return "size overflows 64-bit index arithmetic";
    case CNN_ENOMEM: return "out of memory";
    case CNN_EINDEX: return "index out of range";
    case CNN_EISA: return "instruction set not supported by this CPU";
  }
  return "unknown status";
}

int cnn_has_openmp(void) {
#ifdef CNN_HAVE_OPENMP
  return 1;
#else
  return 0;
#endif
}

// ---- threads ---------------------------------------------------------------

static int g_num_threads = 0;  // 0 = not yet initialised

static int default_num_threads(void) {
  const char *env = getenv("OMP_NUM_THREADS");
  if (env != NULL) {
    // OMP_NUM_THREADS may be a list ("4,2"): the first entry is the outer one.
    long v = strtol(env, NULL, 10);
    if (v >= 1 && v <= 4096) return (int)v;
  }
#ifdef CNN_HAVE_OPENMP
  int procs = omp_get_num_procs();  // honours the affinity mask
#else
  long procs = sysconf(_SC_NPROCESSORS_ONLN);
#endif
  return procs >= 1 ? (int)procs : 1;
}

cnn_status cnn_set_num_threads(int n) {
  if (n < 1 || n > 4096) return CNN_EINVAL;
  __atomic_store_n(&g_num_threads, n, __ATOMIC_RELAXED);
#ifdef CNN_HAVE_OPENMP
  // Raise (or lower) the calling thread's own OpenMP limit too, so that the
  // cap in cnn_threads_for does not hide the new setting on this thread.
  omp_set_num_threads(n);
#endif
  return CNN_OK;
}

int cnn_get_num_threads(void) {
  int n = __atomic_load_n(&g_num_threads, __ATOMIC_RELAXED);
  if (n == 0) {
    n = default_num_threads();
    __atomic_store_n(&g_num_threads, n, __ATOMIC_RELAXED);
  }
  return n;
}

int cnn_threads_for(int64_t work, int64_t grain) {
#ifdef CNN_HAVE_OPENMP
  int nt = cnn_get_num_threads();
  int cap = omp_get_max_threads();  // lowered by threadpoolctl / omp_set_num_threads
  if (cap < nt) nt = cap;
  if (grain > 0) {
    int64_t by_work = work / grain;
    if (by_work < nt) nt = by_work < 1 ? 1 : (int)by_work;
  }
  return nt < 1 ? 1 : nt;
#else
  (void)work;
  (void)grain;
  return 1;
#endif
}

void cnn_parallel_chunks(int nt, int64_t nchunk, cnn_chunk_fn fn, void *ctx) {
  if (nt <= 1 || nchunk <= 1) {
    for (int64_t q = 0; q < nchunk; ++q) fn(ctx, q);
    return;
  }
  int64_t next = 0;
  int left = 0;
#pragma omp parallel num_threads(nt)
  {
    for (;;) {
      const int64_t q = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
      if (q >= nchunk) break;
      fn(ctx, q);
    }
    // Every thread, not only the caller, waits here until all chunks are
    // done: a worker that reached OpenMP's closing barrier first would fall
    // asleep there (OMP_WAIT_POLICY=PASSIVE), and the caller arriving last
    // would pay a wake-up (~10 us on a VM that halts idle vCPUs).  Leaving
    // the spin together, neither sleeps.
    __atomic_fetch_add(&left, 1, __ATOMIC_RELEASE);
    for (int64_t s = 0; s < CNN_JOIN_SPINS &&
                        __atomic_load_n(&left, __ATOMIC_ACQUIRE) < CNN_THREAD_COUNT();
         ++s)
      cnn_cpu_relax();
  }
}

// ---- ISA -------------------------------------------------------------------

static int g_isa = -1;  // -1 = not yet initialised

cnn_isa cnn_cpu_max_isa(void) {
#if CNN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return CNN_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return CNN_ISA_AVX2;
#endif
  return CNN_ISA_SCALAR;
}

static cnn_isa initial_isa(void) {
  cnn_isa isa = cnn_cpu_max_isa();
  const char *env = getenv("CNNOPS_FORCE_ISA");
  if (env != NULL && *env) {
    cnn_isa cap = isa;
    if (strcasecmp(env, "scalar") == 0) cap = CNN_ISA_SCALAR;
    else if (strcasecmp(env, "avx2") == 0) cap = CNN_ISA_AVX2;
    else if (strcasecmp(env, "avx512") == 0) cap = CNN_ISA_AVX512;
    if (cap < isa) isa = cap;
  }
  return isa;
}

cnn_isa cnn_get_isa(void) {
  int v = __atomic_load_n(&g_isa, __ATOMIC_RELAXED);
  if (v < 0) {
    v = (int)initial_isa();
    __atomic_store_n(&g_isa, v, __ATOMIC_RELAXED);
  }
  return (cnn_isa)v;
}

cnn_status cnn_set_isa(cnn_isa isa) {
  if ((int)isa < CNN_ISA_SCALAR || (int)isa > CNN_ISA_AVX512) return CNN_EINVAL;
  if (isa > cnn_cpu_max_isa()) return CNN_EISA;
  __atomic_store_n(&g_isa, (int)isa, __ATOMIC_RELAXED);
  return CNN_OK;
}

const char *cnn_isa_name(cnn_isa isa) {
  switch (isa) {
    case CNN_ISA_SCALAR: return "scalar";
    case CNN_ISA_AVX2: return "avx2+fma";
    case CNN_ISA_AVX512: return "avx512f";
  }
  return "unknown";
}

// Data or unified cache sizes of cpu0 from sysfs ("32768K"), by level;
// [0] holds the highest level found.
#define CNN_CACHE_LEVELS 8
static void read_cache_bytes(int64_t out[CNN_CACHE_LEVELS + 1]) {
  int top = 0;
  for (int i = 0; i < 16; ++i) {
    char path[96], buf[64];
    int level = 0;
    long long size = 0;
    char unit = 0;
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
    FILE *f = fopen(path, "r");
    if (f == NULL) break;
    int ok = fgets(buf, sizeof buf, f) != NULL && strncmp(buf, "Instruction", 11) != 0;
    fclose(f);
    if (!ok) continue;
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
    if ((f = fopen(path, "r")) == NULL) continue;
    ok = fscanf(f, "%d", &level) == 1 && level >= 1 && level <= CNN_CACHE_LEVELS;
    fclose(f);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    if (!ok || (f = fopen(path, "r")) == NULL) continue;
    ok = fscanf(f, "%lld%c", &size, &unit) >= 1;
    fclose(f);
    if (!ok || size <= 0 || size > ((long long)1 << 40)) continue;
    out[level] = unit == 'K' ? size << 10 : unit == 'M' ? size << 20
                 : unit == 'G' ? size << 30 : size;
    if (level > top) top = level;
  }
  out[0] = top > 0 ? out[top] : 0;
}

int64_t cnn_cache_bytes(int level) {
  // Read once; a benign race: every thread stores the same values.
  static int64_t sizes[CNN_CACHE_LEVELS + 1];
  static int done = 0;
  if (level < 0 || level > CNN_CACHE_LEVELS) return 0;
  if (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
    int64_t v[CNN_CACHE_LEVELS + 1] = {0};
    read_cache_bytes(v);
    for (int i = 0; i <= CNN_CACHE_LEVELS; ++i) __atomic_store_n(&sizes[i], v[i], __ATOMIC_RELAXED);
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  }
  return __atomic_load_n(&sizes[level], __ATOMIC_RELAXED);
}
