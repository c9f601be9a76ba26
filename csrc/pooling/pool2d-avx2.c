// SPDX-License-Identifier: BSD-3-Clause
// AVX2 pooling kernels: 8 float / 4 double output columns per vector.
// Stride-2 taps: two loads (the second masked so nothing past the last
// needed element is read) and a shuffle; other strides: gathers.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/cpu.h"
#include "pooling/pool2d.h"

#if CNN_X86
#define TGT CNN_TARGET_AVX2
#define ISA avx2
#define V_ADD(a, b) V_ADD_(a, b)
#define V_DIV(a, b) V_DIV_(a, b)

// ---- float: 8 lanes, int32 index lanes ------------------------------------
#define T float
#define DT f32
#define VL 8
#define VT __m256
#define IT __m256i
#define V_PRELUDE                                                              \
  const __m256i gidx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), \
                                          _mm256_set1_epi32((int)sw));          \
  const __m256i ilanes = gidx;                                                 \
  const __m256i m7 = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, -1, 0);
#define V_LOADU(q) _mm256_loadu_ps(q)
#define V_LOAD_S2(q)                                                           \
  _mm256_castpd_ps(_mm256_permute4x64_pd(                                      \
      _mm256_castps_pd(_mm256_shuffle_ps(_mm256_loadu_ps(q),                   \
                                         _mm256_maskload_ps((q) + 8, m7), 0x88)), \
      0xD8))
#define V_GATHER(q) _mm256_i32gather_ps((q), gidx, 4)
#define V_ZERO _mm256_setzero_ps()
#define V_SET1(s) _mm256_set1_ps(s)
#define V_ADD_(a, b) _mm256_add_ps(a, b)
#define V_DIV_(a, b) _mm256_div_ps(a, b)
#define V_STOREU(q, v) _mm256_storeu_ps(q, v)
#define V_TAKE_(m, v) \
  _mm256_or_ps(_mm256_cmp_ps(v, m, _CMP_GT_OQ), _mm256_cmp_ps(v, v, _CMP_UNORD_Q))
#define V_MAXUPD(m, v)                 \
  do {                                 \
    __m256 k_ = V_TAKE_(m, v);         \
    m = _mm256_blendv_ps(m, v, k_);    \
  } while (0)
#define V_MAXUPD_I(m, mi, v, vi)                                               \
  do {                                                                         \
    __m256 k_ = V_TAKE_(m, v);                                                 \
    m = _mm256_blendv_ps(m, v, k_);                                            \
    mi = _mm256_castps_si256(                                                  \
        _mm256_blendv_ps(_mm256_castsi256_ps(mi), _mm256_castsi256_ps(vi), k_)); \
  } while (0)
#define I_SET1(s) _mm256_set1_epi32((int)(s))
#define I_ADD(a, b) _mm256_add_epi32(a, b)
#define I_STORE64(q, vi)                                                              \
  do {                                                                                \
    _mm256_storeu_si256((__m256i *)(q), _mm256_cvtepi32_epi64(_mm256_castsi256_si128(vi))); \
    _mm256_storeu_si256((__m256i *)((q) + 4),                                         \
                        _mm256_cvtepi32_epi64(_mm256_extracti128_si256(vi, 1)));      \
  } while (0)
#include "pooling/pool2d-kernel.inc"
#undef T
#undef DT
#undef VL
#undef VT
#undef IT
#undef V_PRELUDE
#undef V_LOADU
#undef V_LOAD_S2
#undef V_GATHER
#undef V_ZERO
#undef V_SET1
#undef V_ADD_
#undef V_DIV_
#undef V_STOREU
#undef V_TAKE_
#undef V_MAXUPD
#undef V_MAXUPD_I
#undef I_SET1
#undef I_ADD
#undef I_STORE64

// ---- double: 4 lanes, int64 index lanes -----------------------------------
#define T double
#define DT f64
#define VL 4
#define VT __m256d
#define IT __m256i
#define V_PRELUDE                                                               \
  const __m128i gidx = _mm_mullo_epi32(_mm_setr_epi32(0, 1, 2, 3), _mm_set1_epi32((int)sw)); \
  const __m256i ilanes = _mm256_setr_epi64x(0, sw, 2 * sw, 3 * sw);             \
  const __m256i m3 = _mm256_setr_epi64x(-1, -1, -1, 0);
#define V_LOADU(q) _mm256_loadu_pd(q)
#define V_LOAD_S2(q)                                                                         \
  _mm256_permute4x64_pd(                                                                     \
      _mm256_shuffle_pd(_mm256_loadu_pd(q), _mm256_maskload_pd((q) + 4, m3), 0x0), 0xD8)
#define V_GATHER(q) _mm256_i32gather_pd((q), gidx, 8)
#define V_ZERO _mm256_setzero_pd()
#define V_SET1(s) _mm256_set1_pd(s)
#define V_ADD_(a, b) _mm256_add_pd(a, b)
#define V_DIV_(a, b) _mm256_div_pd(a, b)
#define V_STOREU(q, v) _mm256_storeu_pd(q, v)
#define V_TAKE_(m, v) \
  _mm256_or_pd(_mm256_cmp_pd(v, m, _CMP_GT_OQ), _mm256_cmp_pd(v, v, _CMP_UNORD_Q))
#define V_MAXUPD(m, v)                 \
  do {                                 \
    __m256d k_ = V_TAKE_(m, v);        \
    m = _mm256_blendv_pd(m, v, k_);    \
  } while (0)
#define V_MAXUPD_I(m, mi, v, vi)                                               \
  do {                                                                         \
    __m256d k_ = V_TAKE_(m, v);                                                \
    m = _mm256_blendv_pd(m, v, k_);                                            \
    mi = _mm256_castpd_si256(                                                  \
        _mm256_blendv_pd(_mm256_castsi256_pd(mi), _mm256_castsi256_pd(vi), k_)); \
  } while (0)
#define I_SET1(s) _mm256_set1_epi64x(s)
#define I_ADD(a, b) _mm256_add_epi64(a, b)
#define I_STORE64(q, vi) _mm256_storeu_si256((__m256i *)(q), vi)
#include "pooling/pool2d-kernel.inc"

#else  // not x86: the dispatcher never selects these
#define CNN_POOL_STUBS(DT, T)                                                              \
  void cnn_##DT##_maxpool2d__avx2(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,    \
                                  const T *x, T *y, int64_t *idx, int64_t a, int64_t b) {  \
    cnn_##DT##_maxpool2d__scalar(p, g, x, y, idx, a, b);                                   \
  }                                                                                        \
  void cnn_##DT##_avgpool2d__avx2(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,    \
                                  const T *x, T *y, int64_t a, int64_t b) {                \
    cnn_##DT##_avgpool2d__scalar(p, g, x, y, a, b);                                        \
  }
CNN_POOL_STUBS(f32, float)
CNN_POOL_STUBS(f64, double)
#endif
