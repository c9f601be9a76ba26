// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 small-M dot kernels (see dot-simd.inc).
#include "gemm/kernels.h"
#include "internal/cpu.h"

#if CNN_X86
#define DOT_TARGET CNN_TARGET_AVX512

#define T float
#define V __m512
#define VL 16
#define MASK_T __mmask16
#define MAKE_MASK(r) ((__mmask16)((1u << (r)) - 1u))
#define VMASKLOAD(p, msk) _mm512_maskz_loadu_ps(msk, p)
#define VLOAD _mm512_loadu_ps
#define VFMA _mm512_fmadd_ps
#define VMUL _mm512_mul_ps
#define VREDUCE _mm512_reduce_add_ps
#define SFMA __builtin_fmaf
#define DOT_NAME cnn_f32_gemm_dot__avx512
#define DOT_PREFIX dot_f32_avx512_
#include "gemm/dot-simd.inc"
#undef T
#undef V
#undef VL
#undef MASK_T
#undef MAKE_MASK
#undef VMASKLOAD
#undef VLOAD
#undef VFMA
#undef VMUL
#undef VREDUCE
#undef SFMA
#undef DOT_NAME
#undef DOT_PREFIX

#define T double
#define V __m512d
#define VL 8
#define MASK_T __mmask8
#define MAKE_MASK(r) ((__mmask8)((1u << (r)) - 1u))
#define VMASKLOAD(p, msk) _mm512_maskz_loadu_pd(msk, p)
#define VLOAD _mm512_loadu_pd
#define VFMA _mm512_fmadd_pd
#define VMUL _mm512_mul_pd
#define VREDUCE _mm512_reduce_add_pd
#define SFMA __builtin_fma
#define DOT_NAME cnn_f64_gemm_dot__avx512
#define DOT_PREFIX dot_f64_avx512_
#include "gemm/dot-simd.inc"

#else
#include "gemm/ukernel-fallback.h"
void cnn_f32_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(float)) { CNN_GEMM_UNREACHABLE(); }
void cnn_f64_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(double)) { CNN_GEMM_UNREACHABLE(); }
#endif
