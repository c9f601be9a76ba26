// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 GEMM micro-kernels: 14 x 32 (float32) and 14 x 16 (float64).
// 28 zmm accumulators + 2 B vectors; A elements are broadcast from memory.
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
#define ROWS14(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13)
#define ROWS7(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6)
#define ROWS4(X) X(0) X(1) X(2) X(3)
#define MR CNN_GEMM_AVX512_MR
#define UKR_TARGET CNN_TARGET_AVX512
#define UKR_PREFETCH 16  // B lines ahead (8 k steps); measured +3-8%
#define UKR_PREFETCH_NEXT  // the driver's next reads (block_b, kernels.h)
#define SFMA __builtin_fma

#define T float
#define V __m512
#define VL 16
#define UKR_NAME_FULL cnn_f32_gemm_14x32__avx512
#define UKR_NAME_HALF f32_gemm_7x32__avx512
#define UKR_NAME_QUARTER f32_gemm_4x32__avx512
#define VZERO _mm512_setzero_ps
#define VLOAD _mm512_loadu_ps
#define VSTORE _mm512_storeu_ps
#define VSET1 _mm512_set1_ps
#define VFMA _mm512_fmadd_ps
#define VMUL _mm512_mul_ps
#define VADD _mm512_add_ps
#undef SFMA
#define SFMA __builtin_fmaf
#include "gemm/ukernel-avx512-pair.inc"
#undef T
#undef V
#undef VL
#undef UKR_NAME_FULL
#undef UKR_NAME_HALF
#undef UKR_NAME_QUARTER
#undef VZERO
#undef VLOAD
#undef VSTORE
#undef VSET1
#undef VFMA
#undef VMUL
#undef VADD
#undef SFMA

#define SFMA __builtin_fma
#define T double
#define V __m512d
#define VL 8
#define UKR_NAME_FULL cnn_f64_gemm_14x16__avx512
#define UKR_NAME_HALF f64_gemm_7x16__avx512
#define UKR_NAME_QUARTER f64_gemm_4x16__avx512
#define VZERO _mm512_setzero_pd
#define VLOAD _mm512_loadu_pd
#define VSTORE _mm512_storeu_pd
#define VSET1 _mm512_set1_pd
#define VFMA _mm512_fmadd_pd
#define VMUL _mm512_mul_pd
#define VADD _mm512_add_pd
#include "gemm/ukernel-avx512-pair.inc"

#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_14x32__avx512(CNN_GEMM_UKR_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_14x16__avx512(CNN_GEMM_UKR_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
