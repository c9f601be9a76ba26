// SPDX-License-Identifier: BSD-3-Clause
// Instantiates kernels.inc per dtype and ISA and picks the table for the
// current ISA (cnn_get_isa, read per call).
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "internal/cpu.h"
#include "normalization/kernels.h"

#if CNN_X86
// AVX-512 kernels: let the vectoriser use full 512-bit vectors.
#define NORM_TARGET_AVX512                                                        \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,"          \
                        "prefer-vector-width=512")))
#endif

// 8 doubles as a GCC vector: AVX-512 keeps it in one register, AVX2 in two,
// the baseline build in four; the lane arithmetic (and so the rounding) is
// the same on every path.
typedef double cnn_vd8 __attribute__((vector_size(64)));
typedef float cnn_vf8 __attribute__((vector_size(32)));
typedef long long cnn_vl8 __attribute__((vector_size(64)));
#define VABS(v) ((cnn_vd8)((cnn_vl8)(v) & ((cnn_vl8){0} + 0x7fffffffffffffffLL)))

#define T float
#define SUF f32
// float -> double for 8 lanes; AVX-512 has one instruction for it, which
// GCC 12 does not pick for __builtin_convertvector.
#define LOAD8D_GENERIC(dst, p)                    \
  do {                                            \
    cnn_vf8 f_;                                   \
    __builtin_memcpy(&f_, (p), sizeof f_);        \
    (dst) = __builtin_convertvector(f_, cnn_vd8); \
  } while (0)
#define LOAD8D_AVX512(dst, p) \
  ((dst) = (cnn_vd8)_mm512_cvtps_pd(_mm256_loadu_ps((const float *)(p))))
#define LOAD8D LOAD8D_GENERIC
#define KTABLE cnn_norm_table_f32
#define ISA scalar
#define TARGET
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#if CNN_X86
#define ISA avx2
#define TARGET CNN_TARGET_AVX2
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#define ISA avx512
#define TARGET NORM_TARGET_AVX512
#undef LOAD8D
#define LOAD8D LOAD8D_AVX512
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#endif
#undef T
#undef SUF
#undef KTABLE
#undef LOAD8D

#define T double
#define SUF f64
#define LOAD8D(dst, p) __builtin_memcpy(&(dst), (p), sizeof(dst))
#define KTABLE cnn_norm_table_f64
#define ISA scalar
#define TARGET
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#if CNN_X86
#define ISA avx2
#define TARGET CNN_TARGET_AVX2
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#define ISA avx512
#define TARGET NORM_TARGET_AVX512
#include "normalization/kernels.inc"
#undef ISA
#undef TARGET
#endif
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
