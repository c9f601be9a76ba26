// SPDX-License-Identifier: BSD-3-Clause
// Public softmax entry points: validate, pick the kernels of the current ISA,
// split the independent slices over threads.
//
// The array is viewed as (outer, dim, inner).  inner == 1: each of the
// `outer` rows is one task for the row kernel.  inner > 1: each (dim, inner)
// plane is cut into column blocks of w columns (64..512), sized so a block
// (dim * w elements) stays in L2 across the kernel's three passes where it
// can; each (plane, block) pair is one task for the cols kernel.  Chunks of
// consecutive tasks are handed out dynamically, and each task prefetches the
// next one's data.  A slice is never split between tasks and the block width
// does not change how a column is reduced, so results are bitwise identical
// for every thread count.
//
// Known slow spot: a slice that does not fit in L2 (dim * 64 elements of
// more than ~1 MiB, or one huge last-dim row) is read from memory three
// times instead of once.
#include "cnnops/softmax.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/parallel.h"
#include "softmax/kernels.h"

// Target bytes of x per column block (its y block is about as large; both
// should stay in a 1-2 MiB L2 for passes 2 and 3).
#ifndef SLAB_BYTES
#define SLAB_BYTES ((int64_t)256 * 1024)
#endif
// Narrowest column block (elements; a multiple of 16).
#ifndef MIN_COLS
#define MIN_COLS 64
#endif
// Elements per dynamically scheduled chunk of consecutive tasks.
#define CHUNK_ELEMS ((int64_t)1 << 18)
// Outputs at least this large (bytes) are streamed past the caches by the
// row kernel: they would not stay cached anyway, and streaming saves the
// read-for-ownership of every output line.
#define STREAM_MIN_BYTES ((int64_t)8 << 20)

// Orders non-temporal stores before whatever follows (the threads' join).
static inline void store_fence(void) {
#if CNN_X86
  _mm_sfence();
#endif
}

// exp and friends cost more than a copy: count each element this many times
// when deciding how many threads to wake.
#define WORK_PER_ELEMENT 4

static cnn_status check_args(int64_t outer, int64_t dim, int64_t inner, int64_t elem,
                             const void *x, const void *y, int64_t *total) {
  int64_t dims[3] = {outer, dim, inner};
  cnn_status st = cnn_numel(dims, 3, elem, total);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(*total == 0 || (x != NULL && y != NULL), CNN_ENULL);
  return CNN_OK;
}

// Column-block width for a plane of `dim` rows of `inner` elements: as wide
// as SLAB_BYTES allows (a multiple of 16, at least MIN_COLS, at most
// CNN_SOFTMAX_MAX_COLS), then evened out over the blocks a row needs.
static int64_t block_width(int64_t dim, int64_t inner, int64_t elem) {
  int64_t w = SLAB_BYTES / (dim * elem);
  w -= w % 16;
  // Narrower blocks read each row in pieces too short for DRAM streaming and
  // the prefetchers: a tall block overflowing L2 costs less than that.
  if (w < MIN_COLS) w = MIN_COLS;
  if (w > CNN_SOFTMAX_MAX_COLS) w = CNN_SOFTMAX_MAX_COLS;
  if (w >= inner) return inner;
  int64_t nblk = (inner + w - 1) / w;
  int64_t even = (inner + nblk - 1) / nblk;
  even = (even + 15) / 16 * 16;
  return even < w ? even : w;
}

// One task: row `t` (inner == 1) or column block t % nblk of plane t / nblk.
// `next` is the task this thread runs after it (-1: none), for prefetching.
#define DEFINE_TASK(T, SFX)                                                            \
  static inline void task_##SFX(int op, int64_t dim, int64_t inner, int64_t w,         \
                                int64_t nblk, cnn_softmax_row_##SFX##_fn row,          \
                                cnn_softmax_cols_##SFX##_fn cols, const T *x, T *y,    \
                                int64_t t, int64_t next, int stream) {                 \
    if (inner == 1) {                                                                  \
      row(op, dim, x + t * dim, y + t * dim, next >= 0 ? x + next * dim : NULL, stream); \
      return;                                                                          \
    }                                                                                  \
    const int64_t plane = dim * inner;                                                 \
    const int64_t o = t / nblk, j0 = (t % nblk) * w;                                   \
    const int64_t wb = inner - j0 < w ? inner - j0 : w;                                \
    const T *nx = NULL;                                                                \
    int64_t nw = 0;                                                                    \
    if (next >= 0) {                                                                   \
      const int64_t no = next / nblk, nj0 = (next % nblk) * w;                         \
      nw = inner - nj0 < w ? inner - nj0 : w;                                          \
      nx = x + no * plane + nj0;                                                       \
    }                                                                                  \
    cols(op, dim, inner, wb, x + o * plane + j0, y + o * plane + j0, nx, nw);          \
  }
DEFINE_TASK(float, f32)
DEFINE_TASK(double, f64)

// Tasks are grouped into chunks of consecutive tasks (>= CHUNK_ELEMS elements)
// handed out dynamically: a thread slowed down by another process does not
// hold the others back, and within a chunk each task prefetches the next.
// Which thread runs a task never changes its result.
#define DEFINE_DRIVER(T, SFX)                                                           \
  static cnn_status run_##SFX(int op, int64_t outer, int64_t dim, int64_t inner,      \
                              const T *x, T *y) {                                      \
    int64_t total;                                                                     \
    cnn_status st = check_args(outer, dim, inner, sizeof(T), x, y, &total);            \
    if (st != CNN_OK || total == 0) return st;                                         \
    cnn_softmax_row_##SFX##_fn row;                                                    \
    cnn_softmax_cols_##SFX##_fn cols;                                                  \
    if (cnn_use_avx512()) {                                                            \
      row = cnn_##SFX##_softmax_row__avx512;                                           \
      cols = cnn_##SFX##_softmax_cols__avx512;                                         \
    } else if (cnn_use_avx2()) {                                                       \
      row = cnn_##SFX##_softmax_row__avx2;                                             \
      cols = cnn_##SFX##_softmax_cols__avx2;                                           \
    } else {                                                                           \
      row = cnn_##SFX##_softmax_row__scalar;                                           \
      cols = cnn_##SFX##_softmax_cols__scalar;                                         \
    }                                                                                  \
    const int64_t w = inner == 1 ? 1 : block_width(dim, inner, sizeof(T));             \
    /* big last-dim outputs are written with non-temporal stores (SIMD paths) */       \
    const int stream = inner == 1 && cnn_use_avx2() && total >= STREAM_MIN_BYTES / (int64_t)sizeof(T); \
    const int64_t nblk = (inner + w - 1) / w;                                          \
    const int64_t tasks = outer * nblk; /* <= total: no overflow */                    \
    const int64_t per_task = total / tasks;                                            \
    const int64_t cpt = per_task >= CHUNK_ELEMS ? 1 : CHUNK_ELEMS / per_task;          \
    const int64_t nchunks = (tasks + cpt - 1) / cpt;                                   \
    int nt = cnn_threads_for(total > INT64_MAX / WORK_PER_ELEMENT                      \
                                 ? INT64_MAX                                           \
                                 : total * WORK_PER_ELEMENT,                           \
                             CNN_GRAIN);                                               \
    if (nt > nchunks) nt = (int)nchunks;                                               \
    if (nt <= 1) {                                                                     \
      for (int64_t t = 0; t < tasks; ++t)                                              \
        task_##SFX(op, dim, inner, w, nblk, row, cols, x, y, t, t + 1 < tasks ? t + 1 : -1, \
                   stream);                                                            \
      if (stream) store_fence();                                                       \
      return CNN_OK;                                                                   \
    }                                                                                  \
    _Pragma("omp parallel for num_threads(nt) schedule(dynamic, 1)")                   \
    for (int64_t c = 0; c < nchunks; ++c) {                                            \
      const int64_t t0 = c * cpt, t1 = t0 + cpt < tasks ? t0 + cpt : tasks;            \
      for (int64_t t = t0; t < t1; ++t)                                                \
        task_##SFX(op, dim, inner, w, nblk, row, cols, x, y, t, t + 1 < t1 ? t + 1 : -1, \
                   stream);                                                            \
      if (stream) store_fence(); /* this thread's streamed stores, before the join */  \
    }                                                                                  \
    return CNN_OK;                                                                     \
  }
DEFINE_DRIVER(float, f32)
DEFINE_DRIVER(double, f64)

cnn_status cnn_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner, const float *x,
                               float *y) {
  return run_f32(CNN_SOFTMAX_OP_SOFTMAX, outer, dim, inner, x, y);
}
cnn_status cnn_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner, const double *x,
                               double *y) {
  return run_f64(CNN_SOFTMAX_OP_SOFTMAX, outer, dim, inner, x, y);
}
cnn_status cnn_log_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner, const float *x,
                                   float *y) {
  return run_f32(CNN_SOFTMAX_OP_LOG_SOFTMAX, outer, dim, inner, x, y);
}
cnn_status cnn_log_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                                   const double *x, double *y) {
  return run_f64(CNN_SOFTMAX_OP_LOG_SOFTMAX, outer, dim, inner, x, y);
}
cnn_status cnn_softmin_fwd_f32(int64_t outer, int64_t dim, int64_t inner, const float *x,
                               float *y) {
  return run_f32(CNN_SOFTMAX_OP_SOFTMIN, outer, dim, inner, x, y);
}
cnn_status cnn_softmin_fwd_f64(int64_t outer, int64_t dim, int64_t inner, const double *x,
                               double *y) {
  return run_f64(CNN_SOFTMAX_OP_SOFTMIN, outer, dim, inner, x, y);
}
