// SPDX-License-Identifier: BSD-3-Clause
// AVX2 transposing packs: up to 8 (float32) or 4 (float64) source rows
// contiguous along k become k-major panel rows, 8 x 8 (4 x 4) blocks at a
// time in registers.  Loads and stores are masked (maskload / maskstore):
// nothing outside the kc x rows source block or the kc x width destination
// block is touched.  The same contract as the AVX-512 packs (kernels.h).
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
CNN_TARGET_AVX2 static inline __m256i lanes_lt32(int64_t r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
CNN_TARGET_AVX2 static inline __m256i lanes_lt64(int64_t r) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(r), _mm256_setr_epi64x(0, 1, 2, 3));
}

CNN_TARGET_AVX2 static inline void transpose8x8(__m256 r[8]) {
  __m256 t[8], s[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int h = 0; h < 2; ++h) {
    const int o = 4 * h;
    s[o + 0] = _mm256_shuffle_ps(t[o + 0], t[o + 2], 0x44);
    s[o + 1] = _mm256_shuffle_ps(t[o + 0], t[o + 2], 0xEE);
    s[o + 2] = _mm256_shuffle_ps(t[o + 1], t[o + 3], 0x44);
    s[o + 3] = _mm256_shuffle_ps(t[o + 1], t[o + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm256_permute2f128_ps(s[i], s[4 + i], 0x20);
    r[4 + i] = _mm256_permute2f128_ps(s[i], s[4 + i], 0x31);
  }
}

CNN_TARGET_AVX2 void cnn_f32_gemm_pack_t8__avx2(int64_t kc, const float *src,
                                                int64_t ld, int64_t rows,
                                                int64_t width, float *dst,
                                                int64_t dst_ld) {
  const __m256i wmask = lanes_lt32(width);
  for (int64_t p0 = 0; p0 < kc; p0 += 8) {
    const int64_t np = kc - p0 < 8 ? kc - p0 : 8;
    const __m256i pmask = lanes_lt32(np);
    __m256 r[8];
    for (int i = 0; i < 8; ++i)
      r[i] = i >= rows ? _mm256_setzero_ps()
             : np == 8 ? _mm256_loadu_ps(src + i * ld + p0)
                       : _mm256_maskload_ps(src + i * ld + p0, pmask);
    transpose8x8(r);
    if (width == 8) {
      for (int64_t q = 0; q < np; ++q) _mm256_storeu_ps(dst + (p0 + q) * dst_ld, r[q]);
    } else {
      for (int64_t q = 0; q < np; ++q)
        _mm256_maskstore_ps(dst + (p0 + q) * dst_ld, wmask, r[q]);
    }
  }
}

CNN_TARGET_AVX2 void cnn_f64_gemm_pack_t4__avx2(int64_t kc, const double *src,
                                                int64_t ld, int64_t rows,
                                                int64_t width, double *dst,
                                                int64_t dst_ld) {
  const __m256i wmask = lanes_lt64(width);
  for (int64_t p0 = 0; p0 < kc; p0 += 4) {
    const int64_t np = kc - p0 < 4 ? kc - p0 : 4;
    const __m256i pmask = lanes_lt64(np);
    __m256d r[4];
    for (int i = 0; i < 4; ++i)
      r[i] = i >= rows ? _mm256_setzero_pd()
             : np == 4 ? _mm256_loadu_pd(src + i * ld + p0)
                       : _mm256_maskload_pd(src + i * ld + p0, pmask);
    const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
    if (width == 4) {
      for (int64_t q = 0; q < np; ++q) _mm256_storeu_pd(dst + (p0 + q) * dst_ld, r[q]);
    } else {
      for (int64_t q = 0; q < np; ++q)
        _mm256_maskstore_pd(dst + (p0 + q) * dst_ld, wmask, r[q]);
    }
  }
}
#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_pack_t8__avx2(int64_t kc, const float *src, int64_t ld,
                                int64_t rows, int64_t width, float *dst,
                                int64_t dst_ld) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_pack_t4__avx2(int64_t kc, const double *src, int64_t ld,
                                int64_t rows, int64_t width, double *dst,
                                int64_t dst_ld) { CNN_GEMM_UNREACHABLE(); }
#endif
