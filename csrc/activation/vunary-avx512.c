// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 (F/DQ) kernels for pointwise activations, compiled with a target
// attribute and chosen at run time (see internal/cpu.h).  The bodies live in
// vunary-simd.inc, instantiated here for float32 and float64; tails use
// masked loads and stores.
#include "activation/vunary.h"
#include "internal/cpu.h"
#include "internal/vmath.h"

#define CNN_PASTE_(a, b) a##b
#define CNN_PASTE(a, b) CNN_PASTE_(a, b)
#define CNN_PASTE3_(a, b, c) a##b##c
#define CNN_PASTE3(a, b, c) CNN_PASTE3_(a, b, c)

#if CNN_X86
// gelu(v) = v/2 * erfc(-v/sqrt 2) in double (see vunary-avx2.c).
#define CNN_GELU_PD(NAME, ERFC)                                                 \
  CNN_TARGET_AVX512 static inline __m512d NAME(__m512d xd) {                   \
    __m512d z = _mm512_mul_pd(xd, _mm512_set1_pd(-0.70710678118654752440));    \
    __m512d c = ERFC(_mm512_abs_pd(z));                                        \
    __m512d phi2 = _mm512_mask_sub_pd(c, _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_LT_OQ), \
                                      _mm512_set1_pd(2.0), c);                 \
    return _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.5), xd), phi2);        \
  }
CNN_GELU_PD(cnn_gelu20_pd512, cnn_vm_erfcpos20_f64x8)

// tanh(x) = -t / (2 + t), t = expm1(-2|x|), sign of x copied: vmath's
// algorithm with the expm1 cut to what its argument range (-18 <= y <= 0)
// needs: no overflow branch, no zero special case (the sign is taken from
// x at the end, so t = +-0 gives tanh(+-0) = +-0), the shifter rounding.
// About 27 vector operations instead of 38 (tanh(9) rounds to 1 already).
CNN_TARGET_AVX512 static inline __m512 cnn_tanh_act_f32x16(__m512 x) {
  const __m512 sign = _mm512_set1_ps(-0.0f), one = _mm512_set1_ps(1.0f);
  const __m512 shift = _mm512_set1_ps(12582912.0f);
  __m512 y = _mm512_max_ps(_mm512_set1_ps(-18.0f),
                           _mm512_mul_ps(_mm512_set1_ps(-2.0f), _mm512_andnot_ps(sign, x)));
  __m512 n = _mm512_sub_ps(_mm512_fmadd_ps(y, _mm512_set1_ps(CNN_VM_LOG2EF), shift), shift);
  __m512 p = cnn_vm_expm1_reduced_f32x16(y, n);  // expm1(r)
  __m512 e = _mm512_scalef_ps(one, n);
  __m512 t = _mm512_fmadd_ps(e, p, _mm512_sub_ps(e, one));  // expm1(y) in [-1, 0]
  __m512 a = _mm512_div_ps(_mm512_sub_ps(_mm512_setzero_ps(), t),
                           _mm512_add_ps(_mm512_set1_ps(2.0f), t));  // tanh|x| (NaN kept)
  return _mm512_or_ps(_mm512_andnot_ps(sign, a), _mm512_and_ps(sign, x));
}

#define ISA avx512
#define TGT CNN_TARGET_AVX512

// ---- float32 ---------------------------------------------------------------
#define T float
#define SFX f32
#define V __m512
#define W 16
#define TM __mmask16
#define VTAIL(k) ((__mmask16)((1u << (k)) - 1u))
#define VLOAD(p) _mm512_loadu_ps(p)
#define VSTORE(p, v) _mm512_storeu_ps(p, v)
#define VLOADT(p, m) _mm512_maskz_loadu_ps(m, p)
#define VSTORET(p, m, v) _mm512_mask_storeu_ps(p, m, v)
#define VSTREAM(p, v) _mm512_stream_ps(p, v)
#define VSET1(a) _mm512_set1_ps(a)
#define VADD _mm512_add_ps
#define VSUB _mm512_sub_ps
#define VMUL _mm512_mul_ps
#define VDIV _mm512_div_ps
#define VMIN _mm512_min_ps
#define VMAX _mm512_max_ps
#define VFMA _mm512_fmadd_ps
#define VABS(a) _mm512_abs_ps(a)
#define VGT(a, b) _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ)
#define VGE(a, b) _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ)
#define VLT(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ)
#define VEQ(a, b) _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ)
#define VMASK __mmask16
#define VLOGCORE cnn_vm_logf_core_f32x16
#define GELU_IN_T 1
#define VRCP(a) _mm512_rcp14_ps(a)
#define VSEL(m, a, b) _mm512_mask_blend_ps(m, b, a)
#define VEXP cnn_exp_f32x16
#define VEXP_LE88 cnn_exp_le88_f32x16
#define VEXPM1 cnn_expm1_f32x16
#define VLOG1P cnn_log1p_f32x16
#define VTANH cnn_tanh_act_f32x16
#include "activation/vunary-simd.inc"

// ---- float64 ---------------------------------------------------------------
#define T double
#define SFX f64
#define V __m512d
#define W 8
#define TM __mmask8
#define VTAIL(k) ((__mmask8)((1u << (k)) - 1u))
#define VLOAD(p) _mm512_loadu_pd(p)
#define VSTORE(p, v) _mm512_storeu_pd(p, v)
#define VLOADT(p, m) _mm512_maskz_loadu_pd(m, p)
#define VSTORET(p, m, v) _mm512_mask_storeu_pd(p, m, v)
#define VSTREAM(p, v) _mm512_stream_pd(p, v)
#define VSET1(a) _mm512_set1_pd(a)
#define VADD _mm512_add_pd
#define VSUB _mm512_sub_pd
#define VMUL _mm512_mul_pd
#define VDIV _mm512_div_pd
#define VMIN _mm512_min_pd
#define VMAX _mm512_max_pd
#define VFMA _mm512_fmadd_pd
#define VABS(a) _mm512_abs_pd(a)
#define VGT(a, b) _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ)
#define VGE(a, b) _mm512_cmp_pd_mask(a, b, _CMP_GE_OQ)
#define VLT(a, b) _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ)
#define VEQ(a, b) _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ)
#define VMASK __mmask8
#define VLOGCORE cnn_vm_log_core_f64x8
#define GELU_IN_T 0
#define VRCP(a) _mm512_rcp14_pd(a)
#define VSEL(m, a, b) _mm512_mask_blend_pd(m, b, a)
#define VEXP cnn_exp_f64x8
#define VEXP_LE88 cnn_exp_f64x8
#define VEXPM1 cnn_expm1_f64x8
#define VLOG1P cnn_log1p_f64x8
#define VTANH cnn_tanh_f64x8
#define VGELU cnn_gelu20_pd512
#include "activation/vunary-simd.inc"

#else
#define CNN_ALIAS(op)                                                                 \
  void cnn_f32_v##op##__avx512(size_t n, const float *x, float *y, const void *p, int s) {   \
    cnn_f32_v##op##__scalar(n, x, y, p, s);                                              \
  }                                                                                   \
  void cnn_f64_v##op##__avx512(size_t n, const double *x, double *y, const void *p, int s) { \
    cnn_f64_v##op##__scalar(n, x, y, p, s);                                              \
  }
CNN_VUNARY_OPS(CNN_ALIAS)
void cnn_f32_vprelu__avx512(size_t n, const float *x, const float *w, float *y, int s) {
  cnn_f32_vprelu__scalar(n, x, w, y, s);
}
void cnn_f64_vprelu__avx512(size_t n, const double *x, const double *w, double *y,
                             int s) {
  cnn_f64_vprelu__scalar(n, x, w, y, s);
}
#endif
