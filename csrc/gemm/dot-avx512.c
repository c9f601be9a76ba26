// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 small-M dot kernels (see dot-simd.inc).
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
#define DOT_TARGET CNN_TARGET_AVX512

// The 8 sums of the 8 accumulators of a row (dot-simd.inc's VREDUCE_NJ, for
// its DOT_NJ = 8) at once: 15 shuffles and 8 adds, where 8 separate
// horizontal sums take 32 of each (measured: 5% of a batch-16 Linear).
// Every sum is the same tree over its lanes l[0..15] whatever its j:
// h_i = l_i + l_{i+8}, g_i = h_i + h_{i+4}, (g_0 + g_2) + (g_1 + g_3).
CNN_TARGET_AVX512 static inline void reduce8_f32(const __m512 *v, float *out) {
  __m512 p[4];  // [A h0-3 | A h4-7 | B h0-3 | B h4-7] for pairs (A, B)
  for (int q = 0; q < 4; ++q)
    p[q] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * q], v[2 * q + 1], 0x44),
                         _mm512_shuffle_f32x4(v[2 * q], v[2 * q + 1], 0xEE));
  // [A g | B g | C g | D g] and the same for E..H
  const __m512 q0 = _mm512_add_ps(_mm512_shuffle_f32x4(p[0], p[1], 0x88),
                                  _mm512_shuffle_f32x4(p[0], p[1], 0xDD));
  const __m512 q1 = _mm512_add_ps(_mm512_shuffle_f32x4(p[2], p[3], 0x88),
                                  _mm512_shuffle_f32x4(p[2], p[3], 0xDD));
  // per 128-bit block b: [X g0+g2, Y g0+g2, X g1+g3, Y g1+g3], X = v[b], Y = v[b + 4]
  const __m512 r = _mm512_add_ps(_mm512_unpacklo_ps(q0, q1), _mm512_unpackhi_ps(q0, q1));
  float t[16];
  _mm512_storeu_ps(t, _mm512_add_ps(r, _mm512_permute_ps(r, 0x4E)));
  for (int b = 0; b < 4; ++b) {
    out[b] = t[4 * b];
    out[b + 4] = t[4 * b + 1];
  }
}

// The same for double (8 lanes): h_i = l_i + l_{i+4}, g_i = h_i + h_{i+2},
// g_0 + g_1.
CNN_TARGET_AVX512 static inline void reduce8_f64(const __m512d *v, double *out) {
  __m512d p[4];
  for (int q = 0; q < 4; ++q)
    p[q] = _mm512_add_pd(_mm512_shuffle_f64x2(v[2 * q], v[2 * q + 1], 0x44),
                         _mm512_shuffle_f64x2(v[2 * q], v[2 * q + 1], 0xEE));
  const __m512d q0 = _mm512_add_pd(_mm512_shuffle_f64x2(p[0], p[1], 0x88),
                                   _mm512_shuffle_f64x2(p[0], p[1], 0xDD));
  const __m512d q1 = _mm512_add_pd(_mm512_shuffle_f64x2(p[2], p[3], 0x88),
                                   _mm512_shuffle_f64x2(p[2], p[3], 0xDD));
  double t[8];  // per 128-bit block b: [v[b] sum, v[b + 4] sum]
  _mm512_storeu_pd(t, _mm512_add_pd(_mm512_unpacklo_pd(q0, q1), _mm512_unpackhi_pd(q0, q1)));
  for (int b = 0; b < 4; ++b) {
    out[b] = t[2 * b];
    out[b + 4] = t[2 * b + 1];
  }
}

#define T float
#define V __m512
#define VL 16
#define MASK_T __mmask16
#define MAKE_MASK(r) ((__mmask16)((1u << (r)) - 1u))
#define VMASKLOAD(p, msk) _mm512_maskz_loadu_ps(msk, p)
#define VLOAD _mm512_loadu_ps
#define VFMA _mm512_fmadd_ps
#define VMUL _mm512_mul_ps
#define VREDUCE _mm512_reduce_add_ps
#define VREDUCE_NJ reduce8_f32
#define SFMA __builtin_fmaf
#define DOT_NAME cnn_f32_gemm_dot__avx512
#define DOT_PREFIX dot_f32_avx512_
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
#define V __m512d
#define VL 8
#define MASK_T __mmask8
#define MAKE_MASK(r) ((__mmask8)((1u << (r)) - 1u))
#define VMASKLOAD(p, msk) _mm512_maskz_loadu_pd(msk, p)
#define VLOAD _mm512_loadu_pd
#define VFMA _mm512_fmadd_pd
#define VMUL _mm512_mul_pd
#define VREDUCE _mm512_reduce_add_pd
#define VREDUCE_NJ reduce8_f64
#define SFMA __builtin_fma
#define DOT_NAME cnn_f64_gemm_dot__avx512
#define DOT_PREFIX dot_f64_avx512_
#include "gemm/dot-simd.inc"

#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
