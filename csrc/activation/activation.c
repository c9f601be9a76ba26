// SPDX-License-Identifier: BSD-3-Clause
// Public pointwise entry points: validate, pick the kernel for the current
// ISA, split the elements into contiguous per-thread ranges.  Each element is
// computed the same way whatever the split, so results do not depend on the
// thread count.
#include "activation/vunary.h"
#include "cnnops/activation.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/parallel.h"

// `cost` scales the work estimate for expensive ops (exp, tanh ...), so they
// go parallel at smaller sizes than a copy-like op.  Ranges are aligned to
// 64 elements so threads do not share cache lines of y.
#define DEFINE_RUN(T, SUFFIX)                                                   \
  static cnn_status run_##SUFFIX(int64_t n, const T *x, T *y,                   \
                                 cnn_vunary_##SUFFIX##_fn k, const void *params,\
                                 int64_t cost) {                                \
    cnn_status st = cnn_check_pointwise(n, sizeof(T), x, y);                    \
    if (st != CNN_OK || n == 0) return st;                                      \
    int nt = cnn_threads_for(n * cost, CNN_GRAIN);                              \
    if (nt == 1) {                                                              \
      k((size_t)n, x, y, params);                                               \
      return CNN_OK;                                                            \
    }                                                                           \
    _Pragma("omp parallel num_threads(nt)") {                                   \
      int64_t lo, hi;                                                           \
      cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);    \
      if (hi > lo) k((size_t)(hi - lo), x + lo, y + lo, params);                \
    }                                                                           \
    return CNN_OK;                                                              \
  }
DEFINE_RUN(float, f32)
DEFINE_RUN(double, f64)

cnn_status cnn_relu_fwd_f32(int64_t n, const float *x, float *y) {
  return run_f32(n, x, y, cnn_use_avx2() ? cnn_f32_vrelu__avx2 : cnn_f32_vrelu__scalar,
                 NULL, 1);
}

cnn_status cnn_relu_fwd_f64(int64_t n, const double *x, double *y) {
  return run_f64(n, x, y, cnn_use_avx2() ? cnn_f64_vrelu__avx2 : cnn_f64_vrelu__scalar,
                 NULL, 1);
}
