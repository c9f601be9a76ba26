// SPDX-License-Identifier: BSD-3-Clause
// AVX2+FMA packed Linear kernels: up to 6 rows x 1 panel (a panel is two
// ymm: 12 accumulators, 2 panel loads and 6 broadcasts per k; a second
// panel would leave no register for the broadcast).
#include "internal/cpu.h"
#include "linear/packed-kernels.h"

#if CNN_X86
#define LINP_TARGET CNN_TARGET_AVX2
#define LINP_P 1
#define VPP 2

#define T float
#define V __m256
#define VL 8
#define VLOAD _mm256_loadu_ps
#define VSTORE _mm256_storeu_ps
#define VSET1 _mm256_set1_ps
#define VFMA _mm256_fmadd_ps
#define VADD _mm256_add_ps
#define VZERO _mm256_setzero_ps
#define LINP_PREFIX linp_f32_avx2_
#define LINP_SET cnn_f32_linp_set
#define LINP_SET_NAME cnn_f32_linp_avx2
#include "linear/packed-simd.inc"

#define T double
#define V __m256d
#define VL 4
#define VLOAD _mm256_loadu_pd
#define VSTORE _mm256_storeu_pd
#define VSET1 _mm256_set1_pd
#define VFMA _mm256_fmadd_pd
#define VADD _mm256_add_pd
#define VZERO _mm256_setzero_pd
#define LINP_PREFIX linp_f64_avx2_
#define LINP_SET cnn_f64_linp_set
#define LINP_SET_NAME cnn_f64_linp_avx2
#include "linear/packed-simd.inc"
#endif
