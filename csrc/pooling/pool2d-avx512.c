// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 pooling kernels: 16 float / 8 double output columns per vector.
// Stride-2 taps: one load, one masked load (never past the last needed
// element) and a two-source permute; other strides: gathers.  NaN-aware max
// updates use mask registers (take v if v > m or v is NaN).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/cpu.h"
#include "pooling/pool2d.h"

#if CNN_X86
#define TGT CNN_TARGET_AVX512
#define ISA avx512

// ---- float: 16 lanes, int32 index lanes -----------------------------------
#define T float
#define DT f32
#define VL 16
#define VT __m512
#define IT __m512i
#define V_PRELUDE                                                                   \
  const __m512i gidx = _mm512_mullo_epi32(                                          \
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),      \
      _mm512_set1_epi32((int)sw));                                                  \
  const __m512i ilanes = gidx;                                                      \
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, \
                                         24, 26, 28, 30);
#define V_LOADU(q) _mm512_loadu_ps(q)
#define V_LOAD_S2(q) \
  _mm512_permutex2var_ps(_mm512_loadu_ps(q), even, _mm512_maskz_loadu_ps(0x7FFF, (q) + 16))
#define V_GATHER(q) _mm512_i32gather_ps(gidx, (q), 4)
#define V_ZERO _mm512_setzero_ps()
#define V_SET1(s) _mm512_set1_ps(s)
#define V_ADD(a, b) _mm512_add_ps(a, b)
#define V_DIV(a, b) _mm512_div_ps(a, b)
#define V_STOREU(q, v) _mm512_storeu_ps(q, v)
#define V_TAKE_(m, v) \
  (_mm512_cmp_ps_mask(v, m, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q))
#define V_MAXUPD(m, v)                    \
  do {                                    \
    __mmask16 k_ = V_TAKE_(m, v);         \
    m = _mm512_mask_mov_ps(m, k_, v);     \
  } while (0)
#define V_MAXUPD_I(m, mi, v, vi)              \
  do {                                        \
    __mmask16 k_ = V_TAKE_(m, v);             \
    m = _mm512_mask_mov_ps(m, k_, v);         \
    mi = _mm512_mask_mov_epi32(mi, k_, vi);   \
  } while (0)
#define I_SET1(s) _mm512_set1_epi32((int)(s))
#define I_ADD(a, b) _mm512_add_epi32(a, b)
#define I_STORE64(q, vi)                                                                 \
  do {                                                                                   \
    _mm512_storeu_si512((q), _mm512_cvtepi32_epi64(_mm512_castsi512_si256(vi)));         \
    _mm512_storeu_si512((q) + 8, _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(vi, 1))); \
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
#undef V_ADD
#undef V_DIV
#undef V_STOREU
#undef V_TAKE_
#undef V_MAXUPD
#undef V_MAXUPD_I
#undef I_SET1
#undef I_ADD
#undef I_STORE64

// ---- double: 8 lanes, int64 index lanes -----------------------------------
#define T double
#define DT f64
#define VL 8
#define VT __m512d
#define IT __m512i
#define V_PRELUDE                                                                  \
  const __m256i gidx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), \
                                          _mm256_set1_epi32((int)sw));              \
  const __m512i ilanes = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7), \
                                            _mm512_set1_epi64(sw));                \
  const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
#define V_LOADU(q) _mm512_loadu_pd(q)
#define V_LOAD_S2(q) \
  _mm512_permutex2var_pd(_mm512_loadu_pd(q), even, _mm512_maskz_loadu_pd(0x7F, (q) + 8))
#define V_GATHER(q) _mm512_i32gather_pd(gidx, (q), 8)
#define V_ZERO _mm512_setzero_pd()
#define V_SET1(s) _mm512_set1_pd(s)
#define V_ADD(a, b) _mm512_add_pd(a, b)
#define V_DIV(a, b) _mm512_div_pd(a, b)
#define V_STOREU(q, v) _mm512_storeu_pd(q, v)
#define V_TAKE_(m, v) \
  (_mm512_cmp_pd_mask(v, m, _CMP_GT_OQ) | _mm512_cmp_pd_mask(v, v, _CMP_UNORD_Q))
#define V_MAXUPD(m, v)                    \
  do {                                    \
    __mmask8 k_ = V_TAKE_(m, v);          \
    m = _mm512_mask_mov_pd(m, k_, v);     \
  } while (0)
#define V_MAXUPD_I(m, mi, v, vi)              \
  do {                                        \
    __mmask8 k_ = V_TAKE_(m, v);              \
    m = _mm512_mask_mov_pd(m, k_, v);         \
    mi = _mm512_mask_mov_epi64(mi, k_, vi);   \
  } while (0)
#define I_SET1(s) _mm512_set1_epi64(s)
#define I_ADD(a, b) _mm512_add_epi64(a, b)
#define I_STORE64(q, vi) _mm512_storeu_si512((q), vi)
#include "pooling/pool2d-kernel.inc"

#else  // not x86: the dispatcher never selects these
#define CNN_POOL_STUBS(DT, T)                                                              \
  void cnn_##DT##_maxpool2d__avx512(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,  \
                                    const T *x, T *y, int64_t *idx, int64_t a, int64_t b) { \
    cnn_##DT##_maxpool2d__scalar(p, g, x, y, idx, a, b);                                   \
  }                                                                                        \
  void cnn_##DT##_avgpool2d__avx512(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,  \
                                    const T *x, T *y, int64_t a, int64_t b) {              \
    cnn_##DT##_avgpool2d__scalar(p, g, x, y, a, b);                                        \
  }
CNN_POOL_STUBS(f32, float)
CNN_POOL_STUBS(f64, double)
#endif
