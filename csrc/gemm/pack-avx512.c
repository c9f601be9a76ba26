// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 transposing packs: up to 16 (float32) or 8 (float64) source rows
// contiguous along k become k-major panel rows, 16 x 16 (8 x 8) blocks at a
// time in registers.  Loads and stores are masked: nothing outside the
// kc x rows source block or the kc x width destination block is touched.
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

CNN_TARGET_AVX512 void cnn_f32_gemm_pack_t16__avx512(int64_t kc, const float *src,
                                                     int64_t ld, int64_t rows,
                                                     int64_t width, float *dst,
                                                     int64_t dst_ld) {
  const __mmask16 wmask = (__mmask16)((1u << width) - 1u);
  for (int64_t p0 = 0; p0 < kc; p0 += 16) {
    const int64_t np = kc - p0 < 16 ? kc - p0 : 16;
    const __mmask16 pmask = (__mmask16)((1u << np) - 1u);
    __m512 r[16];
    for (int i = 0; i < 16; ++i)
      r[i] = i < rows ? _mm512_maskz_loadu_ps(pmask, src + i * ld + p0)
                      : _mm512_setzero_ps();
    transpose16(r);
    for (int64_t q = 0; q < np; ++q)
      _mm512_mask_storeu_ps(dst + (p0 + q) * dst_ld, wmask, r[q]);
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

CNN_TARGET_AVX512 void cnn_f64_gemm_pack_t8__avx512(int64_t kc, const double *src,
                                                    int64_t ld, int64_t rows,
                                                    int64_t width, double *dst,
                                                    int64_t dst_ld) {
  const __mmask8 wmask = (__mmask8)((1u << width) - 1u);
  for (int64_t p0 = 0; p0 < kc; p0 += 8) {
    const int64_t np = kc - p0 < 8 ? kc - p0 : 8;
    const __mmask8 pmask = (__mmask8)((1u << np) - 1u);
    __m512d r[8];
    for (int i = 0; i < 8; ++i)
      r[i] = i < rows ? _mm512_maskz_loadu_pd(pmask, src + i * ld + p0)
                      : _mm512_setzero_pd();
    transpose8(r);
    for (int64_t q = 0; q < np; ++q)
      _mm512_mask_storeu_pd(dst + (p0 + q) * dst_ld, wmask, r[q]);
  }
}
#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_pack_t16__avx512(int64_t kc, const float *src, int64_t ld,
                                   int64_t rows, int64_t width, float *dst,
                                   int64_t dst_ld) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_pack_t8__avx512(int64_t kc, const double *src, int64_t ld,
                                  int64_t rows, int64_t width, double *dst,
                                  int64_t dst_ld) { CNN_GEMM_UNREACHABLE(); }
#endif
