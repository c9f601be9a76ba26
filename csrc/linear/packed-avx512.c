// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 packed Linear kernels: up to 6 rows x 4 panels (24 zmm
// accumulators; per k 4 panel loads and 6 broadcasts feed 24 FMAs).
#include "internal/cpu.h"
#include "linear/packed-kernels.h"

#if CNN_X86
#define LINP_TARGET CNN_TARGET_AVX512
#define LINP_P 4
#define VPP 1

#define T float
#define V __m512
#define VL 16
#define VLOAD _mm512_loadu_ps
#define VSTORE _mm512_storeu_ps
#define VSET1 _mm512_set1_ps
#define VFMA _mm512_fmadd_ps
#define VADD _mm512_add_ps
#define VZERO _mm512_setzero_ps
#define LINP_PREFIX linp_f32_avx512_
#define LINP_SET cnn_f32_linp_set
#define LINP_SET_NAME cnn_f32_linp_avx512
#include "linear/packed-simd.inc"

#define T double
#define V __m512d
#define VL 8
#define VLOAD _mm512_loadu_pd
#define VSTORE _mm512_storeu_pd
#define VSET1 _mm512_set1_pd
#define VFMA _mm512_fmadd_pd
#define VADD _mm512_add_pd
#define VZERO _mm512_setzero_pd
#define LINP_PREFIX linp_f64_avx512_
#define LINP_SET cnn_f64_linp_set
#define LINP_SET_NAME cnn_f64_linp_avx512
#include "linear/packed-simd.inc"
#endif
