// SPDX-License-Identifier: BSD-3-Clause
// Public pointwise entry points: validate, pick the kernel for the current
// ISA, split the elements into contiguous per-thread ranges.  Each element is
// computed by the same vector code whatever the split (kernels use masked
// tails), so results do not depend on the thread count.
#include <math.h>
#include <stdlib.h>

#include "activation/vunary.h"
#include "cnnops/activation.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/parallel.h"

// Work estimate per element, relative to a copy: expensive ops (exp, erf)
// go parallel at smaller sizes than copy-like ones.
enum { COST_COPY = 1, COST_EXP = 4, COST_EXP2 = 8, COST_ERF = 12 };

#define PICK(T, op) \
  (cnn_use_avx512() ? cnn_##T##_v##op##__avx512 \
                    : cnn_use_avx2() ? cnn_##T##_v##op##__avx2 : cnn_##T##_v##op##__scalar)

// Outputs larger than a quarter of the last-level cache are written with
// streaming stores (vunary.h): with its input that is over half the cache,
// which would not keep both.  Smaller ones stay cached for the next layer.
// Zen 4 VM, 32 MiB L3, relu float32 (us, ordinary / streaming stores):
// 2 threads 4 MiB 96-112 / 189, 8 MiB 175-236 / 330, 12 MiB 466-568 /
// 520-531, 16 MiB 741-1060 / 656-679; 1 thread 8 MiB 296-326 / 329, 12 MiB
// 1131-1164 / 497-506.  CNN_STREAM_MIN_BYTES where the cache size is unknown.
size_t cnn_activation_stream_min_bytes(void) {
  const int64_t llc = cnn_llc_bytes();
  return llc > 0 ? (size_t)llc / 4 + 1 : CNN_STREAM_MIN_BYTES;
}

// Whether an n-element output is written with streaming stores.
#define STREAM(n, T) \
  ((uint64_t)(n) >= (cnn_activation_stream_min_bytes() + sizeof(T) - 1) / sizeof(T))

// Ranges are aligned to 64 elements so threads do not share cache lines of y.
#define DEFINE_RUN(T, SUFFIX)                                                   \
  static cnn_status run_##SUFFIX(int64_t n, const T *x, T *y,                   \
                                 cnn_vunary_##SUFFIX##_fn k, const T *params,   \
                                 int64_t cost) {                                \
    cnn_status st = cnn_check_pointwise(n, sizeof(T), x, y);                    \
    if (st != CNN_OK || n == 0) return st;                                      \
    int64_t work = n > INT64_MAX / cost ? INT64_MAX : n * cost;                 \
    int nt = cnn_threads_for(work, CNN_GRAIN);                                  \
    const int stream = STREAM(n, T);                                            \
    if (nt == 1) {                                                              \
      k((size_t)n, x, y, params, stream);                                       \
      return CNN_OK;                                                            \
    }                                                                           \
    _Pragma("omp parallel num_threads(nt)") {                                   \
      int64_t lo, hi;                                                           \
      cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);    \
      if (hi > lo) k((size_t)(hi - lo), x + lo, y + lo, params, stream);        \
    }                                                                           \
    return CNN_OK;                                                              \
  }
DEFINE_RUN(float, f32)
DEFINE_RUN(double, f64)

// ---- ops without parameters -------------------------------------------------
#define DEFINE_PLAIN(op, cost)                                                      \
  cnn_status cnn_##op##_fwd_f32(int64_t n, const float *x, float *y) {              \
    return run_f32(n, x, y, PICK(f32, op), NULL, cost);                             \
  }                                                                                 \
  cnn_status cnn_##op##_fwd_f64(int64_t n, const double *x, double *y) {            \
    return run_f64(n, x, y, PICK(f64, op), NULL, cost);                             \
  }
DEFINE_PLAIN(relu, COST_COPY)
DEFINE_PLAIN(relu6, COST_COPY)
DEFINE_PLAIN(sigmoid, COST_EXP)
DEFINE_PLAIN(tanh, COST_EXP)
DEFINE_PLAIN(hardsigmoid, COST_COPY)
DEFINE_PLAIN(hardswish, COST_COPY)
DEFINE_PLAIN(silu, COST_EXP)
DEFINE_PLAIN(mish, COST_EXP)

// ---- ops with scalar parameters ---------------------------------------------
#define DEFINE_PARAM_OPS(T, SUFFIX)                                                 \
  cnn_status cnn_leaky_relu_fwd_##SUFFIX(int64_t n, T negative_slope, const T *x,   \
                                         T *y) {                                    \
    T p[2] = {negative_slope, 0};                                                   \
    return run_##SUFFIX(n, x, y, PICK(SUFFIX, leaky_relu), p, COST_COPY);           \
  }                                                                                 \
  cnn_status cnn_elu_fwd_##SUFFIX(int64_t n, T alpha, const T *x, T *y) {           \
    T p[2] = {alpha, 0};                                                            \
    return run_##SUFFIX(n, x, y, PICK(SUFFIX, elu), p, COST_EXP);                   \
  }                                                                                 \
  cnn_status cnn_softplus_fwd_##SUFFIX(int64_t n, T beta, T threshold, const T *x,  \
                                       T *y) {                                      \
    T p[2] = {beta, threshold};                                                     \
    int e2;                                                                         \
    if (FREXP(beta, &e2) == (T)0.5 || FREXP(beta, &e2) == (T)-0.5) { /* +-2^k */    \
      if (e2 >= -100 && e2 <= 100)                                                  \
        return run_##SUFFIX(n, x, y, PICK(SUFFIX, softplus_pow2), p, COST_EXP2);    \
    }                                                                               \
    return run_##SUFFIX(n, x, y, PICK(SUFFIX, softplus), p, COST_EXP2);             \
  }                                                                                 \
  cnn_status cnn_gelu_fwd_##SUFFIX(int64_t n, cnn_gelu_approx approximate,          \
                                   const T *x, T *y) {                              \
    if (approximate == CNN_GELU_NONE)                                               \
      return run_##SUFFIX(n, x, y, PICK(SUFFIX, gelu), NULL, COST_ERF);             \
    if (approximate == CNN_GELU_TANH)                                               \
      return run_##SUFFIX(n, x, y, PICK(SUFFIX, gelu_tanh), NULL, COST_EXP);        \
    return CNN_EINVAL;                                                              \
  }
#define FREXP frexpf
DEFINE_PARAM_OPS(float, f32)
#undef FREXP
#define FREXP frexp
DEFINE_PARAM_OPS(double, f64)
#undef FREXP

// ---- per-element slopes: RReLU (training) and PReLU --------------------------
#define PICK_PRELU(T)                                                             \
  (cnn_use_avx512() ? cnn_##T##_vprelu__avx512                                    \
                    : cnn_use_avx2() ? cnn_##T##_vprelu__avx2 : cnn_##T##_vprelu__scalar)

// PReLU with one slope per `inner`-long segment: segments of >= 32 elements
// run the leaky kernel with that slope; shorter ones go through a slope
// table of a whole number of (channels x inner) periods.
#define PRELU_SEGMENT_MIN 32
#define PRELU_TABLE_MIN 2048

#define DEFINE_SLOPE_OPS(T, SUFFIX)                                                  \
  cnn_status cnn_rrelu_fwd_##SUFFIX(int64_t n, const T *x, const T *noise, T *y) {   \
    cnn_status st = cnn_check_pointwise(n, sizeof(T), x, y);                         \
    if (st != CNN_OK) return st;                                                     \
    CNN_REQUIRE(n == 0 || noise != NULL, CNN_ENULL);                                 \
    if (n == 0) return CNN_OK;                                                       \
    cnn_vprelu_##SUFFIX##_fn k = PICK_PRELU(SUFFIX);                                 \
    int nt = cnn_threads_for(n, CNN_GRAIN);                                          \
    const int stream = STREAM(n, T);                                                 \
    _Pragma("omp parallel num_threads(nt) if(nt > 1)") {                             \
      int64_t lo, hi;                                                                \
      cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);         \
      if (hi > lo) k((size_t)(hi - lo), x + lo, noise + lo, y + lo, stream);         \
    }                                                                                \
    return CNN_OK;                                                                   \
  }                                                                                  \
                                                                                     \
  cnn_status cnn_prelu_fwd_##SUFFIX(int64_t outer, int64_t channels, int64_t inner,  \
                                    int64_t num_weights, const T *x, const T *w,     \
                                    T *y) {                                          \
    int64_t dims[3] = {outer, channels, inner}, n, period;                           \
    cnn_status st = cnn_numel(dims, 3, sizeof(T), &n);                               \
    if (st != CNN_OK) return st;                                                     \
    CNN_REQUIRE(num_weights == 1 || num_weights == channels, CNN_ESHAPE);            \
    CNN_REQUIRE(n == 0 || (x != NULL && y != NULL && w != NULL), CNN_ENULL);         \
    if (n == 0) return CNN_OK;                                                       \
    if (num_weights == 1 || channels == 1)                                           \
      return cnn_leaky_relu_fwd_##SUFFIX(n, w[0], x, y);                             \
    period = channels * inner;                                                       \
    int nt = cnn_threads_for(n, CNN_GRAIN);                                          \
    /* (each kernel call ends with a store fence: not for short segments) */         \
    const int stream = STREAM(n, T) && (inner >= 1024 || inner < PRELU_SEGMENT_MIN); \
    if (inner >= PRELU_SEGMENT_MIN) {                                                \
      cnn_vunary_##SUFFIX##_fn k = PICK(SUFFIX, leaky_relu);                         \
      _Pragma("omp parallel num_threads(nt) if(nt > 1)") {                           \
        int64_t lo, hi;                                                              \
        cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);       \
        for (int64_t i = lo; i < hi;) {                                              \
          int64_t seg = i / inner, end = (seg + 1) * inner;                          \
          if (end > hi) end = hi;                                                    \
          T p[2] = {w[seg % channels], 0};                                           \
          k((size_t)(end - i), x + i, y + i, p, stream);                             \
          i = end;                                                                   \
        }                                                                            \
      }                                                                              \
      return CNN_OK;                                                                 \
    }                                                                                \
    /* table of slopes for `reps` periods: slope(i) = table[i % len] */              \
    int64_t reps = period >= PRELU_TABLE_MIN ? 1 : (PRELU_TABLE_MIN + period - 1) / period; \
    int64_t len = period * reps;                                                     \
    if (len > n) len = n;                                                            \
    T *table = (T *)malloc((size_t)len * sizeof(T));                                 \
    if (table == NULL) return CNN_ENOMEM;                                            \
    for (int64_t j = 0; j < len; ++j) table[j] = w[(j / inner) % channels];          \
    cnn_vprelu_##SUFFIX##_fn k = PICK_PRELU(SUFFIX);                                 \
    _Pragma("omp parallel num_threads(nt) if(nt > 1)") {                             \
      int64_t lo, hi;                                                                \
      cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);         \
      for (int64_t i = lo; i < hi;) {                                                \
        int64_t off = i % len, end = i - off + len;                                  \
        if (end > hi) end = hi;                                                      \
        k((size_t)(end - i), x + i, table + off, y + i, stream);                     \
        i = end;                                                                     \
      }                                                                              \
    }                                                                                \
    free(table);                                                                     \
    return CNN_OK;                                                                   \
  }
DEFINE_SLOPE_OPS(float, f32)
DEFINE_SLOPE_OPS(double, f64)
