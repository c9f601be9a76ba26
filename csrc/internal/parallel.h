// SPDX-License-Identifier: BSD-3-Clause
// Internal: thread-count policy for parallel regions.
//
// Every parallel region passes its thread count explicitly
// (`#pragma omp parallel for num_threads(nt)`), because the process-wide
// setting of cnn_set_num_threads must hold for calls from any Python thread,
// while omp_set_num_threads only affects the calling thread.  Without OpenMP
// the pragmas are ignored and everything runs serially.
#ifndef CNNOPS_INTERNAL_PARALLEL_H
#define CNNOPS_INTERNAL_PARALLEL_H

#include <stdint.h>

#include "cnnops/common.h"

#ifdef CNN_HAVE_OPENMP
#include <omp.h>
#define CNN_THREAD_ID() omp_get_thread_num()
#define CNN_THREAD_COUNT() omp_get_num_threads()
#else
#define CNN_THREAD_ID() 0
#define CNN_THREAD_COUNT() 1
#endif

// Work (roughly: elements touched) below which a call runs on one thread:
// waking a second thread costs a few microseconds, which is what ~64K
// elements of a memory-bound pointwise op take.
#define CNN_GRAIN ((int64_t)1 << 16)

// Number of threads to use for `work` units when each thread should get at
// least `grain` of them: min(setting, calling thread's OpenMP limit,
// work / grain), at least 1.
int cnn_threads_for(int64_t work, int64_t grain);

// A spin-wait step, and the most steps a thread spins for the others at the
// end of a short region (about 100 us) before it leaves the wait to OpenMP's
// join.
static inline void cnn_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
#define CNN_JOIN_SPINS 20000

// Runs fn(ctx, q) for every q in [0, nchunk) on up to nt threads, chunks
// claimed in order by whichever thread is free, so a worker that wakes late
// (a sleeping OpenMP thread takes 10-40 us to start, as long as half of a
// small call) takes fewer of them instead of delaying the join.  Every thread
// then waits for the others in a short bounded spin, so that none is asleep
// in OpenMP's closing barrier when the last one arrives (waking it costs as
// much again).  fn must give the same result whichever thread runs a chunk:
// this only decides who does what.
typedef void (*cnn_chunk_fn)(void *ctx, int64_t q);
void cnn_parallel_chunks(int nt, int64_t nchunk, cnn_chunk_fn fn, void *ctx);

// Split [0, n) into `parts` contiguous ranges whose boundaries are multiples
// of `align` (except the end); range i is [*lo, *hi).
static inline void cnn_split_range(int64_t n, int parts, int i, int64_t align,
                                   int64_t *lo, int64_t *hi) {
  int64_t blocks = (n + align - 1) / align;
  int64_t per = blocks / parts, rem = blocks % parts;
  int64_t b0 = i * per + (i < rem ? i : rem);
  int64_t b1 = b0 + per + (i < rem ? 1 : 0);
  *lo = b0 * align < n ? b0 * align : n;
  *hi = b1 * align < n ? b1 * align : n;
}

#endif  // CNNOPS_INTERNAL_PARALLEL_H
