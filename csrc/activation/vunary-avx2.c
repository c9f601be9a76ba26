// SPDX-License-Identifier: BSD-3-Clause
// AVX2/FMA kernels for pointwise activations, compiled with a target
// attribute and chosen at run time (see internal/cpu.h).  The bodies live
// in vunary-simd.inc, instantiated here for float32 and float64.
#include "activation/vunary.h"
#include "internal/cpu.h"
#include "internal/vmath.h"

#define CNN_PASTE_(a, b) a##b
#define CNN_PASTE(a, b) CNN_PASTE_(a, b)
#define CNN_PASTE3_(a, b, c) a##b##c
#define CNN_PASTE3(a, b, c) CNN_PASTE3_(a, b, c)

#if CNN_X86
// gelu(v) = v/2 * erfc(-v/sqrt 2) in double: erfc(|z|), or 2 - erfc(|z|)
// when z < 0.  `ERFC` is float32- or float64-accurate (vmath.h).
#define CNN_GELU_PD(NAME, ERFC)                                                 \
  CNN_TARGET_AVX2 static inline __m256d NAME(__m256d xd) {                     \
    __m256d z = _mm256_mul_pd(xd, _mm256_set1_pd(-0.70710678118654752440));    \
    __m256d c = ERFC(_mm256_andnot_pd(_mm256_set1_pd(-0.0), z));               \
    __m256d phi2 = _mm256_blendv_pd(c, _mm256_sub_pd(_mm256_set1_pd(2.0), c),  \
                                    _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_LT_OQ)); \
    return _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), xd), phi2);        \
  }
CNN_GELU_PD(cnn_gelu20_pd256, cnn_vm_erfcpos20_f64x4)

CNN_TARGET_AVX2 static inline __m256i cnn_tail_epi32(size_t k) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
CNN_TARGET_AVX2 static inline __m256i cnn_tail_epi64(size_t k) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long)k), _mm256_setr_epi64x(0, 1, 2, 3));
}

#define ISA avx2
#define TGT CNN_TARGET_AVX2

// ---- float32 ---------------------------------------------------------------
#define T float
#define SFX f32
#define V __m256
#define W 8
#define TM __m256i
#define VTAIL(k) cnn_tail_epi32(k)
#define VLOAD(p) _mm256_loadu_ps(p)
#define VSTORE(p, v) _mm256_storeu_ps(p, v)
#define VLOADT(p, m) _mm256_maskload_ps(p, m)
#define VSTORET(p, m, v) _mm256_maskstore_ps(p, m, v)
#define VSTREAM(p, v) _mm256_stream_ps(p, v)
#define VSET1(a) _mm256_set1_ps(a)
#define VADD _mm256_add_ps
#define VSUB _mm256_sub_ps
#define VMUL _mm256_mul_ps
#define VDIV _mm256_div_ps
#define VMIN _mm256_min_ps
#define VMAX _mm256_max_ps
#define VFMA _mm256_fmadd_ps
#define VABS(a) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a)
#define VGT(a, b) _mm256_cmp_ps(a, b, _CMP_GT_OQ)
#define VGE(a, b) _mm256_cmp_ps(a, b, _CMP_GE_OQ)
#define VLT(a, b) _mm256_cmp_ps(a, b, _CMP_LT_OQ)
#define VEQ(a, b) _mm256_cmp_ps(a, b, _CMP_EQ_OQ)
#define VMASK __m256
#define VLOGCORE cnn_vm_logf_core_f32x8
#define GELU_IN_T 1
#define VRCP(a) _mm256_rcp_ps(a)
#define VSEL(m, a, b) _mm256_blendv_ps(b, a, m)
#define VEXP cnn_exp_f32x8
#define VEXP_LE88 cnn_exp_f32x8
#define VEXPM1 cnn_expm1_f32x8
#define VLOG1P cnn_log1p_f32x8
#define VTANH cnn_tanh_f32x8
#include "activation/vunary-simd.inc"

// ---- float64 ---------------------------------------------------------------
#define T double
#define SFX f64
#define V __m256d
#define W 4
#define TM __m256i
#define VTAIL(k) cnn_tail_epi64(k)
#define VLOAD(p) _mm256_loadu_pd(p)
#define VSTORE(p, v) _mm256_storeu_pd(p, v)
#define VLOADT(p, m) _mm256_maskload_pd(p, m)
#define VSTORET(p, m, v) _mm256_maskstore_pd(p, m, v)
#define VSTREAM(p, v) _mm256_stream_pd(p, v)
#define VSET1(a) _mm256_set1_pd(a)
#define VADD _mm256_add_pd
#define VSUB _mm256_sub_pd
#define VMUL _mm256_mul_pd
#define VDIV _mm256_div_pd
#define VMIN _mm256_min_pd
#define VMAX _mm256_max_pd
#define VFMA _mm256_fmadd_pd
#define VABS(a) _mm256_andnot_pd(_mm256_set1_pd(-0.0), a)
#define VGT(a, b) _mm256_cmp_pd(a, b, _CMP_GT_OQ)
#define VGE(a, b) _mm256_cmp_pd(a, b, _CMP_GE_OQ)
#define VLT(a, b) _mm256_cmp_pd(a, b, _CMP_LT_OQ)
#define VEQ(a, b) _mm256_cmp_pd(a, b, _CMP_EQ_OQ)
#define VMASK __m256d
#define VLOGCORE cnn_vm_log_core_f64x4
#define GELU_IN_T 0
#define VRCP(a) _mm256_div_pd(_mm256_set1_pd(1.0), a)
#define VSEL(m, a, b) _mm256_blendv_pd(b, a, m)
#define VEXP cnn_exp_f64x4
#define VEXP_LE88 cnn_exp_f64x4
#define VEXPM1 cnn_expm1_f64x4
#define VLOG1P cnn_log1p_f64x4
#define VTANH cnn_tanh_f64x4
#define VGELU cnn_gelu20_pd256
#include "activation/vunary-simd.inc"

#else
// Non-x86 builds: the dispatcher never selects these; alias the scalar ones.
#define CNN_ALIAS(op)                                                               \
  void cnn_f32_v##op##__avx2(size_t n, const float *x, float *y, const void *p, int s) {   \
    cnn_f32_v##op##__scalar(n, x, y, p, s);                                            \
  }                                                                                 \
  void cnn_f64_v##op##__avx2(size_t n, const double *x, double *y, const void *p, int s) { \
    cnn_f64_v##op##__scalar(n, x, y, p, s);                                            \
  }
CNN_VUNARY_OPS(CNN_ALIAS)
void cnn_f32_vprelu__avx2(size_t n, const float *x, const float *w, float *y, int s) {
  cnn_f32_vprelu__scalar(n, x, w, y, s);
}
void cnn_f64_vprelu__avx2(size_t n, const double *x, const double *w, double *y,
                             int s) {
  cnn_f64_vprelu__scalar(n, x, w, y, s);
}
#endif
