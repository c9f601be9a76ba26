// SPDX-License-Identifier: BSD-3-Clause
// AVX2 transposing packs: 8 x 8 (float32) and 4 x 4 (float64) blocks,
// masked with maskload / maskstore.  The body is pack-simd.inc.
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

CNN_TARGET_AVX2 static inline void transpose4x4(__m256d r[4]) {
  const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
  const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
  r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
  r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
  r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
  r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

#define PACK_TARGET CNN_TARGET_AVX2
#define M __m256i

#define T float
#define V __m256
#define L 8
#define MASK_LT lanes_lt32
#define VZERO _mm256_setzero_ps
#define VLOADU _mm256_loadu_ps
#define VSTOREU _mm256_storeu_ps
#define VMASKLOADZ(mask, p) _mm256_maskload_ps(p, mask)
#define VMASKSTORE _mm256_maskstore_ps
#define TRANSPOSE transpose8x8
#define PACK_NAME cnn_f32_gemm_pack_t8__avx2
#include "gemm/pack-simd.inc"
#undef MASK_LT

#define T double
#define V __m256d
#define L 4
#define MASK_LT lanes_lt64
#define VZERO _mm256_setzero_pd
#define VLOADU _mm256_loadu_pd
#define VSTOREU _mm256_storeu_pd
#define VMASKLOADZ(mask, p) _mm256_maskload_pd(p, mask)
#define VMASKSTORE _mm256_maskstore_pd
#define TRANSPOSE transpose4x4
#define PACK_NAME cnn_f64_gemm_pack_t4__avx2
#include "gemm/pack-simd.inc"
#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_pack_t8__avx2(CNN_GEMM_PACKT_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_pack_t4__avx2(CNN_GEMM_PACKT_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
