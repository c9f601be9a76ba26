// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 transposing packs: 16 x 16 (float32) and 8 x 8 (float64) blocks,
// masked with k-masks.  The body is pack-simd.inc.
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
CNN_TARGET_AVX512 static inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int i = 0; i < 4; ++i) {
    r[4 * i + 0] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
    r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
    r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
    r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
  }
  for (int h = 0; h < 2; ++h) {
    const int o = 8 * h;
    for (int i = 0; i < 4; ++i) {
      t[o + i] = _mm512_shuffle_f32x4(r[o + i], r[o + 4 + i], 0x88);
      t[o + 4 + i] = _mm512_shuffle_f32x4(r[o + i], r[o + 4 + i], 0xDD);
    }
  }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[8 + i], 0x88);
    r[8 + i] = _mm512_shuffle_f32x4(t[i], t[8 + i], 0xDD);
  }
}

CNN_TARGET_AVX512 static inline void transpose8(__m512d r[8]) {
  __m512d t[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm512_unpacklo_pd(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_pd(r[2 * i], r[2 * i + 1]);
  }
  for (int h = 0; h < 2; ++h) {
    const int o = 4 * h;
    r[o + 0] = _mm512_shuffle_f64x2(t[o + 0], t[o + 2], 0x88);
    r[o + 1] = _mm512_shuffle_f64x2(t[o + 1], t[o + 3], 0x88);
    r[o + 2] = _mm512_shuffle_f64x2(t[o + 0], t[o + 2], 0xDD);
    r[o + 3] = _mm512_shuffle_f64x2(t[o + 1], t[o + 3], 0xDD);
  }
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm512_shuffle_f64x2(r[i], r[4 + i], 0x88);
    t[4 + i] = _mm512_shuffle_f64x2(r[i], r[4 + i], 0xDD);
  }
  for (int i = 0; i < 8; ++i) r[i] = t[i];
}

CNN_TARGET_AVX512 static inline __mmask16 lanes_lt16(int64_t n) {
  return (__mmask16)((1u << n) - 1u);
}

#define PACK_TARGET CNN_TARGET_AVX512
#define M __mmask16

#define T float
#define V __m512
#define L 16
#define MASK_LT lanes_lt16
#define VZERO _mm512_setzero_ps
#define VLOADU _mm512_loadu_ps
#define VSTOREU _mm512_storeu_ps
#define VMASKLOADZ _mm512_maskz_loadu_ps
#define VMASKSTORE _mm512_mask_storeu_ps
#define TRANSPOSE transpose16
#define PACK_NAME cnn_f32_gemm_pack_t16__avx512
#include "gemm/pack-simd.inc"

// A 16-bit mask is fine for 8 lanes: only its low 8 bits are read.
#define T double
#define V __m512d
#define L 8
#define VZERO _mm512_setzero_pd
#define VLOADU _mm512_loadu_pd
#define VSTOREU _mm512_storeu_pd
#define VMASKLOADZ(mask, p) _mm512_maskz_loadu_pd((__mmask8)(mask), p)
#define VMASKSTORE(p, mask, v) _mm512_mask_storeu_pd(p, (__mmask8)(mask), v)
#define TRANSPOSE transpose8
#define PACK_NAME cnn_f64_gemm_pack_t8__avx512
#include "gemm/pack-simd.inc"
#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_pack_t16__avx512(CNN_GEMM_PACKT_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_pack_t8__avx512(CNN_GEMM_PACKT_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
