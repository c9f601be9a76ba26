// SPDX-License-Identifier: BSD-3-Clause
// Test hook for vmath.h (see vmath_eval.h).  Full vectors are evaluated in
// place; a partial last vector is padded with 1 in a local buffer.
#include <string.h>

#include "activation/vmath_eval.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/vmath.h"

#define NFN 6

#define SCALAR_LOOP(T, SFX)                                                    \
  static void scalar_##SFX(int fn, int64_t n, const T *x, T *y) {              \
    for (int64_t i = 0; i < n; ++i) {                                          \
      T v = x[i];                                                              \
      switch (fn) {                                                            \
        case 0: y[i] = cnn_exp_##SFX(v); break;                                \
        case 1: y[i] = cnn_log_##SFX(v); break;                                \
        case 2: y[i] = cnn_expm1_##SFX(v); break;                              \
        case 3: y[i] = cnn_log1p_##SFX(v); break;                              \
        case 4: y[i] = cnn_tanh_##SFX(v); break;                               \
        default: y[i] = cnn_erf_##SFX(v); break;                               \
      }                                                                        \
    }                                                                          \
  }
SCALAR_LOOP(float, f32)
SCALAR_LOOP(double, f64)

#if CNN_X86
#define VEC_LOOP(TGT, T, V, W, LD, ST, SUF, NAME)                              \
  TGT static void NAME(int fn, int64_t n, const T *x, T *y) {                  \
    T buf[W];                                                                  \
    for (int64_t i = 0; i < n; i += W) {                                       \
      int64_t k = n - i < W ? n - i : W;                                       \
      for (int j = 0; j < W; ++j) buf[j] = j < k ? x[i + j] : (T)1;            \
      V v = LD(buf), r;                                                        \
      switch (fn) {                                                            \
        case 0: r = cnn_exp_##SUF(v); break;                                   \
        case 1: r = cnn_log_##SUF(v); break;                                   \
        case 2: r = cnn_expm1_##SUF(v); break;                                 \
        case 3: r = cnn_log1p_##SUF(v); break;                                 \
        case 4: r = cnn_tanh_##SUF(v); break;                                  \
        default: r = cnn_erf_##SUF(v); break;                                  \
      }                                                                        \
      ST(buf, r);                                                              \
      memcpy(y + i, buf, (size_t)k * sizeof(T));                               \
    }                                                                          \
  }
VEC_LOOP(CNN_TARGET_AVX2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, f32x8, avx2_f32)
VEC_LOOP(CNN_TARGET_AVX2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, f64x4, avx2_f64)
VEC_LOOP(CNN_TARGET_AVX512, float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, f32x16, avx512_f32)
VEC_LOOP(CNN_TARGET_AVX512, double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, f64x8, avx512_f64)
#endif

#define DEFINE_EVAL(T, SFX)                                                      \
  cnn_status cnn_vmath_eval_##SFX(int fn, int isa, int64_t n, const T *x, T *y) { \
    cnn_status st = cnn_check_pointwise(n, sizeof(T), x, y);                     \
    if (st != CNN_OK) return st;                                                 \
    CNN_REQUIRE(fn >= 0 && fn < NFN, CNN_EINVAL);                                \
    CNN_REQUIRE(isa >= CNN_ISA_SCALAR && isa <= CNN_ISA_AVX512, CNN_EINVAL);     \
    CNN_REQUIRE(isa <= (int)cnn_cpu_max_isa(), CNN_EISA);                        \
    if (isa == CNN_ISA_SCALAR || !CNN_X86) {                                     \
      scalar_##SFX(fn, n, x, y);                                                 \
      return CNN_OK;                                                             \
    }                                                                            \
    EVAL_VEC_##SFX                                                               \
    return CNN_OK;                                                               \
  }
#if CNN_X86
#define EVAL_VEC_f32 if (isa == CNN_ISA_AVX2) avx2_f32(fn, n, x, y); else avx512_f32(fn, n, x, y);
#define EVAL_VEC_f64 if (isa == CNN_ISA_AVX2) avx2_f64(fn, n, x, y); else avx512_f64(fn, n, x, y);
#else
#define EVAL_VEC_f32
#define EVAL_VEC_f64
#endif
DEFINE_EVAL(float, f32)
DEFINE_EVAL(double, f64)
