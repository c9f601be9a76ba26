// SPDX-License-Identifier: BSD-3-Clause
// Instantiates kernels.inc per dtype and ISA and picks the table for the
// current ISA (cnn_get_isa, read per call).
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "internal/cpu.h"
#include "internal/vmath.h"
#include "normalization/kernels.h"

#if CNN_X86
// AVX-512 kernels: let the vectoriser use full 512-bit vectors.
#define NORM_TARGET_AVX512                                                        \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,"          \
                        "prefer-vector-width=512")))
#endif

// The lane vectors: VDN doubles as a GCC vector type (8 = one AVX-512
// register, 4 = one AVX2 register or two SSE2 ones).  LOADVD loads VDN
// elements of T as doubles; STORENT (SIMD builds) stores VDN results as T
// with non-temporal stores (the address aligned to the vector's size).
typedef double cnn_vd8 __attribute__((vector_size(64)));
typedef double cnn_vd4 __attribute__((vector_size(32)));
typedef float cnn_vf4 __attribute__((vector_size(16)));
typedef long long cnn_vl8 __attribute__((vector_size(64)));
typedef long long cnn_vl4 __attribute__((vector_size(32)));
#define VABS(v) ((VD)((VL)(v) & ((VL){0} + 0x7fffffffffffffffLL)))

// ---- float32 ----
#define T float
#define SUF f32
#define KTABLE cnn_norm_table_f32
#define VD cnn_vd4
#define VL cnn_vl4
#define VDN 4
#define LOADVD(dst, p)                                 \
  do {                                                 \
    cnn_vf4 f_;                                        \
    __builtin_memcpy(&f_, (p), sizeof f_);             \
    (dst) = __builtin_convertvector(f_, cnn_vd4);      \
  } while (0)
#define ISA scalar
#define TARGET
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#if CNN_X86
#undef LOADVD
#define LOADVD(dst, p) ((dst) = (cnn_vd4)_mm256_cvtps_pd(_mm_loadu_ps((const float *)(p))))
#define STORENT(p, v) _mm_stream_ps((float *)(p), _mm256_cvtpd_ps((__m256d)(v)))
#define VPOWNEG(r, d, beta) \
  ((r) = (cnn_vd4)cnn_exp_f64x4(_mm256_mul_pd(_mm256_set1_pd(-(beta)), cnn_log_f64x4((__m256d)(d)))))
#define ISA avx2
#define TARGET CNN_TARGET_AVX2
#include "normalization/kernels.inc"
#undef VPOWNEG
#undef ISA
#undef TARGET
#undef VD
#undef VL
#undef VDN
#undef LOADVD
#undef STORENT
#define VD cnn_vd8
#define VL cnn_vl8
#define VDN 8
#define LOADVD(dst, p) ((dst) = (cnn_vd8)_mm512_cvtps_pd(_mm256_loadu_ps((const float *)(p))))
#define STORENT(p, v) _mm256_stream_ps((float *)(p), _mm512_cvtpd_ps((__m512d)(v)))
#define VPOWNEG(r, d, beta) \
  ((r) = (cnn_vd8)cnn_exp_f64x8(_mm512_mul_pd(_mm512_set1_pd(-(beta)), cnn_log_f64x8((__m512d)(d)))))
#define ISA avx512
#define TARGET NORM_TARGET_AVX512
#include "normalization/kernels.inc"
#undef VPOWNEG
#undef ISA
#undef TARGET
#undef STORENT
#endif
#undef VD
#undef VL
#undef VDN
#undef LOADVD
#undef T
#undef SUF
#undef KTABLE

// ---- float64 ----
#define T double
#define SUF f64
#define KTABLE cnn_norm_table_f64
#define VD cnn_vd4
#define VL cnn_vl4
#define VDN 4
#define LOADVD(dst, p) __builtin_memcpy(&(dst), (p), sizeof(dst))
#define ISA scalar
#define TARGET
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#if CNN_X86
#define STORENT(p, v) _mm256_stream_pd((double *)(p), (__m256d)(v))
#define VPOWNEG(r, d, beta) \
  ((r) = (cnn_vd4)cnn_exp_f64x4(_mm256_mul_pd(_mm256_set1_pd(-(beta)), cnn_log_f64x4((__m256d)(d)))))
#define ISA avx2
#define TARGET CNN_TARGET_AVX2
#include "normalization/kernels.inc"
#undef VPOWNEG
#undef ISA
#undef TARGET
#undef STORENT
#undef VD
#undef VL
#undef VDN
#define VD cnn_vd8
#define VL cnn_vl8
#define VDN 8
#define STORENT(p, v) _mm512_stream_pd((double *)(p), (__m512d)(v))
#define VPOWNEG(r, d, beta) \
  ((r) = (cnn_vd8)cnn_exp_f64x8(_mm512_mul_pd(_mm512_set1_pd(-(beta)), cnn_log_f64x8((__m512d)(d)))))
#define ISA avx512
#define TARGET NORM_TARGET_AVX512
#include "normalization/kernels.inc"
#undef VPOWNEG
#undef ISA
#undef TARGET
#undef STORENT
#endif
#undef VD
#undef VL
#undef VDN
#undef LOADVD
#undef T
#undef SUF
#undef KTABLE

const cnn_norm_table_f32 *cnn_norm_kernels_f32(void) {
#if CNN_X86
  if (cnn_use_avx512()) return &cnn_f32_table__avx512;
  if (cnn_use_avx2()) return &cnn_f32_table__avx2;
#endif
  return &cnn_f32_table__scalar;
}

const cnn_norm_table_f64 *cnn_norm_kernels_f64(void) {
#if CNN_X86
  if (cnn_use_avx512()) return &cnn_f64_table__avx512;
  if (cnn_use_avx2()) return &cnn_f64_table__avx2;
#endif
  return &cnn_f64_table__scalar;
}
