// SPDX-License-Identifier: BSD-3-Clause
// AVX2/FMA small-M dot kernels (see dot-simd.inc).
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
#define DOT_TARGET CNN_TARGET_AVX2

// Lane masks for a k tail of r < VL elements (maskload reads nothing
// outside the mask, so the tail never touches memory past k).
CNN_TARGET_AVX2 static inline __m256i mask_f32(int64_t r) {
  const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), idx);
}
CNN_TARGET_AVX2 static inline __m256i mask_f64(int64_t r) {
  const __m256i idx = _mm256_setr_epi64x(0, 1, 2, 3);
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(r), idx);
}
CNN_TARGET_AVX2 static inline float reduce_f32(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
CNN_TARGET_AVX2 static inline double reduce_f64(__m256d v) {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
  return _mm_cvtsd_f64(s);
}

// The 4 sums of the 4 accumulators of a row (dot-simd.inc's VREDUCE_NJ, for
// DOT_NJ = 4) at once, bitwise equal to reduce_f32 / reduce_f64 on each:
// 7 shuffles and 4 adds where 4 separate sums take 12 and 12 (float).
CNN_TARGET_AVX2 static inline void reduce4_f32(const __m256 *v, float *out) {
  // [A h0-3 | B h0-3], h_i = l_i + l_{i+4}
  const __m256 p0 = _mm256_add_ps(_mm256_permute2f128_ps(v[0], v[1], 0x20),
                                  _mm256_permute2f128_ps(v[0], v[1], 0x31));
  const __m256 p1 = _mm256_add_ps(_mm256_permute2f128_ps(v[2], v[3], 0x20),
                                  _mm256_permute2f128_ps(v[2], v[3], 0x31));
  // [A g0, A g1, C g0, C g1 | B .., D ..], g_i = h_i + h_{i+2}
  const __m256 q = _mm256_add_ps(_mm256_shuffle_ps(p0, p1, 0x44),
                                 _mm256_shuffle_ps(p0, p1, 0xEE));
  float t[8];
  _mm256_storeu_ps(t, _mm256_add_ps(q, _mm256_movehdup_ps(q)));  // g0 + g1
  out[0] = t[0];
  out[1] = t[4];
  out[2] = t[2];
  out[3] = t[6];
}
CNN_TARGET_AVX2 static inline void reduce4_f64(const __m256d *v, double *out) {
  // [A h0, A h1 | B h0, B h1], h_i = l_i + l_{i+2}
  const __m256d p0 = _mm256_add_pd(_mm256_permute2f128_pd(v[0], v[1], 0x20),
                                   _mm256_permute2f128_pd(v[0], v[1], 0x31));
  const __m256d p1 = _mm256_add_pd(_mm256_permute2f128_pd(v[2], v[3], 0x20),
                                   _mm256_permute2f128_pd(v[2], v[3], 0x31));
  double t[4];  // [A, C | B, D] = h0 + h1
  _mm256_storeu_pd(t, _mm256_add_pd(_mm256_unpacklo_pd(p0, p1), _mm256_unpackhi_pd(p0, p1)));
  out[0] = t[0];
  out[1] = t[2];
  out[2] = t[1];
  out[3] = t[3];
}

#define T float
#define V __m256
#define VL 8
#define MASK_T __m256i
#define MAKE_MASK(r) mask_f32(r)
#define VMASKLOAD(p, msk) _mm256_maskload_ps(p, msk)
#define VLOAD _mm256_loadu_ps
#define VFMA _mm256_fmadd_ps
#define VMUL _mm256_mul_ps
#define VREDUCE reduce_f32
#define VREDUCE_NJ reduce4_f32
#define SFMA __builtin_fmaf
#define DOT_NAME cnn_f32_gemm_dot__avx2
#define DOT_PREFIX dot_f32_avx2_
#define DOT_NJ 4  // 3 x 4 accumulators + 3 x + 1 weight vector: 16 ymm
#include "gemm/dot-simd.inc"
#undef T
#undef V
#undef VL
#undef MASK_T
#undef MAKE_MASK
#undef VMASKLOAD
#undef VLOAD
#undef VFMA
#undef VMUL
#undef VREDUCE
#undef VREDUCE_NJ
#undef SFMA
#undef DOT_NAME
#undef DOT_PREFIX

#define T double
#define V __m256d
#define VL 4
#define MASK_T __m256i
#define MAKE_MASK(r) mask_f64(r)
#define VMASKLOAD(p, msk) _mm256_maskload_pd(p, msk)
#define VLOAD _mm256_loadu_pd
#define VFMA _mm256_fmadd_pd
#define VMUL _mm256_mul_pd
#define VREDUCE reduce_f64
#define VREDUCE_NJ reduce4_f64
#define SFMA __builtin_fma
#define DOT_NAME cnn_f64_gemm_dot__avx2
#define DOT_PREFIX dot_f64_avx2_
#define DOT_NJ 4
#include "gemm/dot-simd.inc"

#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_dot__avx2(CNN_GEMM_DOT_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_dot__avx2(CNN_GEMM_DOT_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
