// SPDX-License-Identifier: BSD-3-Clause
// AVX2/FMA GEMM micro-kernels: 6 x 16 (float32) and 6 x 8 (float64), as
// BLIS's Haswell kernels: 12 ymm accumulators + 2 B vectors + 1 broadcast.
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define MR CNN_GEMM_AVX2_MR
#define TILE_M CNN_GEMM_AVX2_MR
#define UKR_LINKAGE
#define UKR_TARGET CNN_TARGET_AVX2
#define UKR_PREFETCH 16

#define SFMA __builtin_fmaf
#define T float
#define V __m256
#define VL 8
#define UKR_NAME cnn_f32_gemm_6x16__avx2
#define VZERO _mm256_setzero_ps
#define VLOAD _mm256_loadu_ps
#define VSTORE _mm256_storeu_ps
#define VSET1 _mm256_set1_ps
#define VFMA _mm256_fmadd_ps
#define VMUL _mm256_mul_ps
#define VADD _mm256_add_ps
#include "gemm/ukernel-simd.inc"
#undef T
#undef V
#undef VL
#undef UKR_NAME
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
#define V __m256d
#define VL 4
#define UKR_NAME cnn_f64_gemm_6x8__avx2
#define VZERO _mm256_setzero_pd
#define VLOAD _mm256_loadu_pd
#define VSTORE _mm256_storeu_pd
#define VSET1 _mm256_set1_pd
#define VFMA _mm256_fmadd_pd
#define VMUL _mm256_mul_pd
#define VADD _mm256_add_pd
#include "gemm/ukernel-simd.inc"

#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_6x16__avx2(CNN_GEMM_UKR_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_6x8__avx2(CNN_GEMM_UKR_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
