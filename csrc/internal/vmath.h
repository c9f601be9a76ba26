// SPDX-License-Identifier: BSD-3-Clause
// Internal: vectorised elementary functions (header only, static inline).
//
// Stable signatures (other families rely on them; do not change):
//
//   scalar (portable C, no libm calls except where noted):
//     float  cnn_exp_f32(float x);      double cnn_exp_f64(double x);
//     float  cnn_log_f32(float x);      double cnn_log_f64(double x);
//     float  cnn_expm1_f32(float x);    double cnn_expm1_f64(double x);
//     float  cnn_log1p_f32(float x);    double cnn_log1p_f64(double x);
//     float  cnn_tanh_f32(float x);     double cnn_tanh_f64(double x);
//     float  cnn_erf_f32(float x);      double cnn_erf_f64(double x);   (libm)
//   AVX2 + FMA (CNN_TARGET_AVX2; only under CNN_X86):
//     __m256  cnn_exp_f32x8(__m256 x);  __m256d cnn_exp_f64x4(__m256d x);
//     __m256  cnn_log_f32x8(__m256 x);  __m256d cnn_log_f64x4(__m256d x);
//     ... and expm1 / log1p / tanh / erf with the same suffixes
//   AVX-512F/DQ (CNN_TARGET_AVX512; only under CNN_X86):
//     __m512  cnn_exp_f32x16(__m512 x); __m512d cnn_exp_f64x8(__m512d x);
//     __m512  cnn_log_f32x16(__m512 x); __m512d cnn_log_f64x8(__m512d x);
//     ... and expm1 / log1p / tanh / erf with the same suffixes
//
// Semantics (all forms, every lane): IEEE special values as libm —
//   exp:   exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = +0; overflow gives
//          +inf, underflow gives correctly scaled denormals, then +0.
//   log:   log(x<0) = NaN, log(+-0) = -inf, log(+inf) = +inf, log(NaN) = NaN;
//          denormal inputs are handled exactly.
//   expm1: expm1(-inf) = -1, expm1(+inf) = +inf, expm1(-0) = -0.
//   log1p: log1p(-1) = -inf, log1p(x<-1) = NaN, log1p(+inf) = +inf.
//   tanh:  odd (tanh(-0) = -0), +-1 for large |x|.
//   erf:   odd, +-1 for large |x|.
// Accuracy (measured over the whole range by tests/test_vmath.py against
// NumPy float64; worst cases reported there): float32 forms within a few
// ulp, float64 forms within a few ulp (well inside 1e-12 relative).
// The float32 forms keep all arithmetic in float32 except erf (evaluated in
// double and rounded once).  No form depends on the MXCSR rounding mode
// except that round-to-nearest is assumed (the default).
//
// How: exp reduces x = n*ln2 + r (Cody-Waite, |r| <= ln2/2), evaluates a
// polynomial for e^r and scales by 2^n in two steps so denormal results are
// rounded once (AVX-512: vscalef).  log splits x = m*2^e with m in
// [sqrt(1/2), sqrt(2)) and evaluates a polynomial in f = m-1 (float32,
// Cephes) or the atanh series in s = f/(2+f) (float64, fdlibm).
#ifndef CNNOPS_INTERNAL_VMATH_H
#define CNNOPS_INTERNAL_VMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal/cpu.h"

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------
#define CNN_VM_LOG2EF 1.44269504088896341f
#define CNN_VM_LN2HI_F 0.693359375f        // 9 significant bits: n*hi is exact
#define CNN_VM_LN2LO_F (-2.12194440e-4f)
#define CNN_VM_EXP_HI_F 89.0f              // exp(89) > FLT_MAX
#define CNN_VM_EXP_LO_F (-105.0f)          // exp(-105) < FLT_TRUE_MIN / 2
// Cephes expf polynomial: e^r ~ 1 + r + r^2 * P(r), |r| <= ln2/2
#define CNN_VM_EXPF_P0 1.9875691500E-4f
#define CNN_VM_EXPF_P1 1.3981999507E-3f
#define CNN_VM_EXPF_P2 8.3334519073E-3f
#define CNN_VM_EXPF_P3 4.1665795894E-2f
#define CNN_VM_EXPF_P4 1.6666665459E-1f
#define CNN_VM_EXPF_P5 5.0000001201E-1f

#define CNN_VM_LOG2E 1.4426950408889634074
#define CNN_VM_LN2HI 6.93145751953125E-1          // Cephes C1 (exact n*hi)
#define CNN_VM_LN2LO 1.42860682030941723212E-6
#define CNN_VM_EXP_HI 710.0                        // exp(710) > DBL_MAX
#define CNN_VM_EXP_LO (-746.0)                     // exp(-746) < DBL_TRUE_MIN / 2

// Cephes logf polynomial: log(1+f) ~ f - f^2/2 + f^3 * P(f)
#define CNN_VM_LOGF_P0 7.0376836292E-2f
#define CNN_VM_LOGF_P1 (-1.1514610310E-1f)
#define CNN_VM_LOGF_P2 1.1676998740E-1f
#define CNN_VM_LOGF_P3 (-1.2420140846E-1f)
#define CNN_VM_LOGF_P4 1.4249322787E-1f
#define CNN_VM_LOGF_P5 (-1.6668057665E-1f)
#define CNN_VM_LOGF_P6 2.0000714765E-1f
#define CNN_VM_LOGF_P7 (-2.4999993993E-1f)
#define CNN_VM_LOGF_P8 3.3333331174E-1f
#define CNN_VM_SQRTHF 0.707106781186547524f
#define CNN_VM_SQRTH 0.70710678118654752440

// fdlibm log: log(1+f) = f - hfsq + s*(hfsq + R(s^2)), s = f/(2+f)
#define CNN_VM_LN2HI_D 6.93147180369123816490e-01  // 0x3fe62e42fee00000
#define CNN_VM_LN2LO_D 1.90821492927058770002e-10  // 0x3dea39ef35793c76
#define CNN_VM_LG1 6.666666666666735130e-01
#define CNN_VM_LG2 3.999999999940941908e-01
#define CNN_VM_LG3 2.857142874366239149e-01
#define CNN_VM_LG4 2.222219843214978396e-01
#define CNN_VM_LG5 1.818357216161805012e-01
#define CNN_VM_LG6 1.531383769920937332e-01
#define CNN_VM_LG7 1.479819860511658591e-01

// Taylor coefficients 1/k! for the double exp polynomial (k = 2..13).
#define CNN_VM_IF2 (1.0 / 2.0)
#define CNN_VM_IF3 (1.0 / 6.0)
#define CNN_VM_IF4 (1.0 / 24.0)
#define CNN_VM_IF5 (1.0 / 120.0)
#define CNN_VM_IF6 (1.0 / 720.0)
#define CNN_VM_IF7 (1.0 / 5040.0)
#define CNN_VM_IF8 (1.0 / 40320.0)
#define CNN_VM_IF9 (1.0 / 362880.0)
#define CNN_VM_IF10 (1.0 / 3628800.0)
#define CNN_VM_IF11 (1.0 / 39916800.0)
#define CNN_VM_IF12 (1.0 / 479001600.0)
#define CNN_VM_IF13 (1.0 / 6227020800.0)

// ---------------------------------------------------------------------------
// Scalar forms
// ---------------------------------------------------------------------------
static inline float cnn_vm_f32_from_bits(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}
static inline uint32_t cnn_vm_f32_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}
static inline double cnn_vm_f64_from_bits(uint64_t u) {
  double f;
  memcpy(&f, &u, sizeof f);
  return f;
}
static inline uint64_t cnn_vm_f64_bits(double f) {
  uint64_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

// e^r - 1 - r for |r| <= ln2/2 (float32: r^2 * (P5 + r*(P4 + ...))).
static inline float cnn_vm_expf_poly(float r) {
  float p = CNN_VM_EXPF_P0;
  p = p * r + CNN_VM_EXPF_P1;
  p = p * r + CNN_VM_EXPF_P2;
  p = p * r + CNN_VM_EXPF_P3;
  p = p * r + CNN_VM_EXPF_P4;
  p = p * r + CNN_VM_EXPF_P5;
  return p * (r * r);
}

static inline float cnn_exp_f32(float x) {
  if (x != x) return x + x;
  if (x > CNN_VM_EXP_HI_F) x = CNN_VM_EXP_HI_F;
  if (x < CNN_VM_EXP_LO_F) x = CNN_VM_EXP_LO_F;
  // round to nearest even with the 1.5*2^23 trick (|v| < 2^22)
  float n = (x * CNN_VM_LOG2EF + 12582912.0f) - 12582912.0f;
  float r = x - n * CNN_VM_LN2HI_F;
  r = r - n * CNN_VM_LN2LO_F;
  float p = cnn_vm_expf_poly(r) + r + 1.0f;
  int ni = (int)n, n1 = ni >> 1, n2 = ni - n1;  // n in [-152, 129]
  p *= cnn_vm_f32_from_bits((uint32_t)(n1 + 127) << 23);
  return p * cnn_vm_f32_from_bits((uint32_t)(n2 + 127) << 23);
}

// e^r for |r| <= ln2/2 minus 1 (float64, Taylor to r^13).
static inline double cnn_vm_exp_poly(double r) {
  double p = CNN_VM_IF13;
  p = p * r + CNN_VM_IF12;
  p = p * r + CNN_VM_IF11;
  p = p * r + CNN_VM_IF10;
  p = p * r + CNN_VM_IF9;
  p = p * r + CNN_VM_IF8;
  p = p * r + CNN_VM_IF7;
  p = p * r + CNN_VM_IF6;
  p = p * r + CNN_VM_IF5;
  p = p * r + CNN_VM_IF4;
  p = p * r + CNN_VM_IF3;
  p = p * r + CNN_VM_IF2;
  return p * (r * r) + r;
}

static inline double cnn_exp_f64(double x) {
  if (x != x) return x + x;
  if (x > CNN_VM_EXP_HI) x = CNN_VM_EXP_HI;
  if (x < CNN_VM_EXP_LO) x = CNN_VM_EXP_LO;
  double n = (x * CNN_VM_LOG2E + 6755399441055744.0) - 6755399441055744.0;
  double r = x - n * CNN_VM_LN2HI;
  r = r - n * CNN_VM_LN2LO;
  double p = cnn_vm_exp_poly(r) + 1.0;
  int64_t ni = (int64_t)n, n1 = ni >> 1, n2 = ni - n1;  // n in [-1077, 1025]
  p *= cnn_vm_f64_from_bits((uint64_t)(n1 + 1023) << 52);
  return p * cnn_vm_f64_from_bits((uint64_t)(n2 + 1023) << 52);
}

// log(1+f) for f in [sqrt(1/2)-1, sqrt(2)-1], plus e*ln2 (float32, Cephes).
static inline float cnn_vm_logf_core(float f, float e) {
  float z = f * f;
  float y = CNN_VM_LOGF_P0;
  y = y * f + CNN_VM_LOGF_P1;
  y = y * f + CNN_VM_LOGF_P2;
  y = y * f + CNN_VM_LOGF_P3;
  y = y * f + CNN_VM_LOGF_P4;
  y = y * f + CNN_VM_LOGF_P5;
  y = y * f + CNN_VM_LOGF_P6;
  y = y * f + CNN_VM_LOGF_P7;
  y = y * f + CNN_VM_LOGF_P8;
  y = y * f * z;
  y += CNN_VM_LN2LO_F * e;
  y += -0.5f * z;
  float r = f + y;
  return r + CNN_VM_LN2HI_F * e;
}

static inline float cnn_log_f32(float x) {
  if (x != x) return x + x;
  if (x < 0.0f) return NAN;
  if (x == 0.0f) return -INFINITY;
  if (x == INFINITY) return x;
  int eadj = 0;
  if (x < 1.17549435e-38f) {  // denormal: scale into the normal range
    x *= 8388608.0f;
    eadj = -23;
  }
  uint32_t b = cnn_vm_f32_bits(x);
  int e = (int)(b >> 23) - 126 + eadj;
  float m = cnn_vm_f32_from_bits((b & 0x007fffffu) | 0x3f000000u);  // [0.5, 1)
  float f;
  if (m < CNN_VM_SQRTHF) {
    e -= 1;
    f = m + m - 1.0f;
  } else {
    f = m - 1.0f;
  }
  return cnn_vm_logf_core(f, (float)e);
}

// fdlibm's log(1+f) + e*ln2 for f in [sqrt(1/2)-1, sqrt(2)-1].
static inline double cnn_vm_log_core(double f, double e) {
  double s = f / (2.0 + f);
  double z = s * s;
  double R = CNN_VM_LG7;
  R = R * z + CNN_VM_LG6;
  R = R * z + CNN_VM_LG5;
  R = R * z + CNN_VM_LG4;
  R = R * z + CNN_VM_LG3;
  R = R * z + CNN_VM_LG2;
  R = R * z + CNN_VM_LG1;
  R *= z;
  double hfsq = 0.5 * f * f;
  return e * CNN_VM_LN2HI_D - ((hfsq - (s * (hfsq + R) + e * CNN_VM_LN2LO_D)) - f);
}

static inline double cnn_log_f64(double x) {
  if (x != x) return x + x;
  if (x < 0.0) return NAN;
  if (x == 0.0) return -INFINITY;
  if (x == INFINITY) return x;
  int eadj = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984.0;  // 2^54
    eadj = -54;
  }
  uint64_t b = cnn_vm_f64_bits(x);
  int e = (int)(b >> 52) - 1022 + eadj;
  double m = cnn_vm_f64_from_bits((b & 0x000fffffffffffffull) | 0x3fe0000000000000ull);
  double f;
  if (m < CNN_VM_SQRTH) {
    e -= 1;
    f = m + m - 1.0;
  } else {
    f = m - 1.0;
  }
  return cnn_vm_log_core(f, (double)e);
}

#if CNN_X86
// ---------------------------------------------------------------------------
// AVX2 + FMA forms
// ---------------------------------------------------------------------------
// Clamps put x second: _mm256_min/max return the second operand when either
// is NaN, so NaN passes through every clamp.
CNN_TARGET_AVX2 static inline __m256 cnn_exp_f32x8(__m256 x) {
  x = _mm256_min_ps(_mm256_set1_ps(CNN_VM_EXP_HI_F), x);
  x = _mm256_max_ps(_mm256_set1_ps(CNN_VM_EXP_LO_F), x);
  __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(CNN_VM_LOG2EF)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CNN_VM_LN2HI_F), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CNN_VM_LN2LO_F), r);
  __m256 p = _mm256_set1_ps(CNN_VM_EXPF_P0);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CNN_VM_EXPF_P1));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CNN_VM_EXPF_P2));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CNN_VM_EXPF_P3));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CNN_VM_EXPF_P4));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CNN_VM_EXPF_P5));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r);
  p = _mm256_add_ps(p, _mm256_set1_ps(1.0f));
  // 2^n in two steps (n1 = n >> 1, n2 = n - n1) so denormals round once.
  // For NaN lanes n converts to INT_MIN; p is NaN and stays NaN.
  __m256i ni = _mm256_cvtps_epi32(n);
  __m256i n1 = _mm256_srai_epi32(ni, 1);
  __m256i n2 = _mm256_sub_epi32(ni, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
  return _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
}

// 2^k for integral doubles k in [-1022, 1023] (AVX2 has no cvtpd_epi64).
CNN_TARGET_AVX2 static inline __m256d cnn_vm_pow2i_f64x4(__m256d k) {
  const __m256d magic = _mm256_set1_pd(6755399441055744.0);  // 1.5 * 2^52
  __m256i bits = _mm256_castpd_si256(_mm256_add_pd(k, magic));
  bits = _mm256_sub_epi64(bits, _mm256_castpd_si256(magic));
  bits = _mm256_add_epi64(bits, _mm256_set1_epi64x(1023));
  return _mm256_castsi256_pd(_mm256_slli_epi64(bits, 52));
}

CNN_TARGET_AVX2 static inline __m256d cnn_vm_exp_poly_f64x4(__m256d r) {
  __m256d p = _mm256_set1_pd(CNN_VM_IF13);
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF12));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF11));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF10));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF9));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF8));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF7));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF6));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF5));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF4));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF3));
  p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(CNN_VM_IF2));
  return _mm256_fmadd_pd(p, _mm256_mul_pd(r, r), r);
}

CNN_TARGET_AVX2 static inline __m256d cnn_exp_f64x4(__m256d x) {
  x = _mm256_min_pd(_mm256_set1_pd(CNN_VM_EXP_HI), x);
  x = _mm256_max_pd(_mm256_set1_pd(CNN_VM_EXP_LO), x);
  __m256d n = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(CNN_VM_LOG2E)),
                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(CNN_VM_LN2HI), x);
  r = _mm256_fnmadd_pd(n, _mm256_set1_pd(CNN_VM_LN2LO), r);
  __m256d p = _mm256_add_pd(cnn_vm_exp_poly_f64x4(r), _mm256_set1_pd(1.0));
  // NaN lanes: n is NaN, the scale is garbage, p is NaN -> NaN.
  __m256d n1 = _mm256_floor_pd(_mm256_mul_pd(n, _mm256_set1_pd(0.5)));
  __m256d n2 = _mm256_sub_pd(n, n1);
  return _mm256_mul_pd(_mm256_mul_pd(p, cnn_vm_pow2i_f64x4(n1)), cnn_vm_pow2i_f64x4(n2));
}

CNN_TARGET_AVX2 static inline __m256 cnn_log_f32x8(__m256 x) {
  const __m256 zero = _mm256_setzero_ps();
  __m256 den = _mm256_cmp_ps(x, _mm256_set1_ps(1.17549435e-38f), _CMP_LT_OQ);
  __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, _mm256_set1_ps(8388608.0f)), den);
  __m256 eadj = _mm256_and_ps(den, _mm256_set1_ps(23.0f));
  __m256i b = _mm256_castps_si256(xs);
  __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(b, 23), _mm256_set1_epi32(126)));
  e = _mm256_sub_ps(e, eadj);
  __m256 m = _mm256_castsi256_ps(_mm256_or_si256(
      _mm256_and_si256(b, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
  __m256 lt = _mm256_cmp_ps(m, _mm256_set1_ps(CNN_VM_SQRTHF), _CMP_LT_OQ);
  e = _mm256_sub_ps(e, _mm256_and_ps(lt, _mm256_set1_ps(1.0f)));
  __m256 f = _mm256_sub_ps(_mm256_add_ps(m, _mm256_and_ps(lt, m)), _mm256_set1_ps(1.0f));
  __m256 z = _mm256_mul_ps(f, f);
  __m256 y = _mm256_set1_ps(CNN_VM_LOGF_P0);
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P1));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P2));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P3));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P4));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P5));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P6));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P7));
  y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(CNN_VM_LOGF_P8));
  y = _mm256_mul_ps(_mm256_mul_ps(y, f), z);
  y = _mm256_fmadd_ps(e, _mm256_set1_ps(CNN_VM_LN2LO_F), y);
  y = _mm256_fmadd_ps(z, _mm256_set1_ps(-0.5f), y);
  __m256 res = _mm256_add_ps(f, y);
  res = _mm256_fmadd_ps(e, _mm256_set1_ps(CNN_VM_LN2HI_F), res);
  // special values: +inf -> +inf, 0 -> -inf, x < 0 -> NaN, NaN -> NaN
  res = _mm256_blendv_ps(res, x, _mm256_cmp_ps(x, _mm256_set1_ps(INFINITY), _CMP_EQ_OQ));
  res = _mm256_blendv_ps(res, _mm256_set1_ps(-INFINITY), _mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
  res = _mm256_blendv_ps(res, _mm256_set1_ps(NAN), _mm256_cmp_ps(x, zero, _CMP_LT_OQ));
  return _mm256_blendv_ps(res, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

CNN_TARGET_AVX2 static inline __m256d cnn_vm_log_core_f64x4(__m256d f, __m256d e) {
  __m256d s = _mm256_div_pd(f, _mm256_add_pd(_mm256_set1_pd(2.0), f));
  __m256d z = _mm256_mul_pd(s, s);
  __m256d R = _mm256_set1_pd(CNN_VM_LG7);
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG6));
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG5));
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG4));
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG3));
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG2));
  R = _mm256_fmadd_pd(R, z, _mm256_set1_pd(CNN_VM_LG1));
  R = _mm256_mul_pd(R, z);
  __m256d hfsq = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), f), f);
  __m256d t = _mm256_fmadd_pd(s, _mm256_add_pd(hfsq, R), _mm256_mul_pd(e, _mm256_set1_pd(CNN_VM_LN2LO_D)));
  t = _mm256_sub_pd(_mm256_sub_pd(hfsq, t), f);
  return _mm256_fmsub_pd(e, _mm256_set1_pd(CNN_VM_LN2HI_D), t);
}

CNN_TARGET_AVX2 static inline __m256d cnn_log_f64x4(__m256d x) {
  const __m256d zero = _mm256_setzero_pd();
  __m256d den = _mm256_cmp_pd(x, _mm256_set1_pd(2.2250738585072014e-308), _CMP_LT_OQ);
  __m256d xs = _mm256_blendv_pd(x, _mm256_mul_pd(x, _mm256_set1_pd(18014398509481984.0)), den);
  __m256d eadj = _mm256_and_pd(den, _mm256_set1_pd(54.0));
  __m256i b = _mm256_castpd_si256(xs);
  // exponent field as a double: OR it into the mantissa of 2^52, subtract 2^52
  __m256i ef = _mm256_srli_epi64(b, 52);
  __m256d e = _mm256_sub_pd(
      _mm256_castsi256_pd(_mm256_or_si256(ef, _mm256_set1_epi64x(0x4330000000000000ll))),
      _mm256_set1_pd(4503599627370496.0));
  e = _mm256_sub_pd(e, _mm256_add_pd(_mm256_set1_pd(1022.0), eadj));
  __m256d m = _mm256_castsi256_pd(
      _mm256_or_si256(_mm256_and_si256(b, _mm256_set1_epi64x(0x000fffffffffffffll)),
                      _mm256_set1_epi64x(0x3fe0000000000000ll)));
  __m256d lt = _mm256_cmp_pd(m, _mm256_set1_pd(CNN_VM_SQRTH), _CMP_LT_OQ);
  e = _mm256_sub_pd(e, _mm256_and_pd(lt, _mm256_set1_pd(1.0)));
  __m256d f = _mm256_sub_pd(_mm256_add_pd(m, _mm256_and_pd(lt, m)), _mm256_set1_pd(1.0));
  __m256d res = cnn_vm_log_core_f64x4(f, e);
  res = _mm256_blendv_pd(res, x, _mm256_cmp_pd(x, _mm256_set1_pd(INFINITY), _CMP_EQ_OQ));
  res = _mm256_blendv_pd(res, _mm256_set1_pd(-INFINITY), _mm256_cmp_pd(x, zero, _CMP_EQ_OQ));
  res = _mm256_blendv_pd(res, _mm256_set1_pd(NAN), _mm256_cmp_pd(x, zero, _CMP_LT_OQ));
  return _mm256_blendv_pd(res, _mm256_add_pd(x, x), _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
}

// ---------------------------------------------------------------------------
// AVX-512 forms
// ---------------------------------------------------------------------------
CNN_TARGET_AVX512 static inline __m512 cnn_exp_f32x16(__m512 x) {
  x = _mm512_min_ps(_mm512_set1_ps(CNN_VM_EXP_HI_F), x);
  x = _mm512_max_ps(_mm512_set1_ps(CNN_VM_EXP_LO_F), x);
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(CNN_VM_LOG2EF)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CNN_VM_LN2HI_F), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CNN_VM_LN2LO_F), r);
  __m512 p = _mm512_set1_ps(CNN_VM_EXPF_P0);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CNN_VM_EXPF_P1));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CNN_VM_EXPF_P2));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CNN_VM_EXPF_P3));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CNN_VM_EXPF_P4));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CNN_VM_EXPF_P5));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r);
  p = _mm512_add_ps(p, _mm512_set1_ps(1.0f));
  // vscalef: p * 2^n with one rounding, denormals and overflow handled.
  return _mm512_scalef_ps(p, n);
}

CNN_TARGET_AVX512 static inline __m512d cnn_vm_exp_poly_f64x8(__m512d r) {
  __m512d p = _mm512_set1_pd(CNN_VM_IF13);
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF12));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF11));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF10));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF9));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF8));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF7));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF6));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF5));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF4));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF3));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(CNN_VM_IF2));
  return _mm512_fmadd_pd(p, _mm512_mul_pd(r, r), r);
}

CNN_TARGET_AVX512 static inline __m512d cnn_exp_f64x8(__m512d x) {
  x = _mm512_min_pd(_mm512_set1_pd(CNN_VM_EXP_HI), x);
  x = _mm512_max_pd(_mm512_set1_pd(CNN_VM_EXP_LO), x);
  __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(CNN_VM_LOG2E)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(CNN_VM_LN2HI), x);
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(CNN_VM_LN2LO), r);
  __m512d p = _mm512_add_pd(cnn_vm_exp_poly_f64x8(r), _mm512_set1_pd(1.0));
  return _mm512_scalef_pd(p, n);
}

CNN_TARGET_AVX512 static inline __m512 cnn_log_f32x16(__m512 x) {
  // getexp/getmant split x = m * 2^e exactly, denormals included.
  __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_p5_1, _MM_MANT_SIGN_zero);  // [0.5, 1)
  __m512 e = _mm512_add_ps(_mm512_getexp_ps(x), _mm512_set1_ps(1.0f));
  __mmask16 lt = _mm512_cmp_ps_mask(m, _mm512_set1_ps(CNN_VM_SQRTHF), _CMP_LT_OQ);
  e = _mm512_mask_sub_ps(e, lt, e, _mm512_set1_ps(1.0f));
  __m512 f = _mm512_sub_ps(_mm512_mask_add_ps(m, lt, m, m), _mm512_set1_ps(1.0f));
  __m512 z = _mm512_mul_ps(f, f);
  __m512 y = _mm512_set1_ps(CNN_VM_LOGF_P0);
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P1));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P2));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P3));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P4));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P5));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P6));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P7));
  y = _mm512_fmadd_ps(y, f, _mm512_set1_ps(CNN_VM_LOGF_P8));
  y = _mm512_mul_ps(_mm512_mul_ps(y, f), z);
  y = _mm512_fmadd_ps(e, _mm512_set1_ps(CNN_VM_LN2LO_F), y);
  y = _mm512_fmadd_ps(z, _mm512_set1_ps(-0.5f), y);
  __m512 res = _mm512_add_ps(f, y);
  res = _mm512_fmadd_ps(e, _mm512_set1_ps(CNN_VM_LN2HI_F), res);
  const __m512 zero = _mm512_setzero_ps();
  res = _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(x, _mm512_set1_ps(INFINITY), _CMP_EQ_OQ), x);
  res = _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(x, zero, _CMP_EQ_OQ), _mm512_set1_ps(-INFINITY));
  res = _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), _mm512_set1_ps(NAN));
  return _mm512_mask_add_ps(res, _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), x, x);
}

CNN_TARGET_AVX512 static inline __m512d cnn_vm_log_core_f64x8(__m512d f, __m512d e) {
  __m512d s = _mm512_div_pd(f, _mm512_add_pd(_mm512_set1_pd(2.0), f));
  __m512d z = _mm512_mul_pd(s, s);
  __m512d R = _mm512_set1_pd(CNN_VM_LG7);
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG6));
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG5));
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG4));
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG3));
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG2));
  R = _mm512_fmadd_pd(R, z, _mm512_set1_pd(CNN_VM_LG1));
  R = _mm512_mul_pd(R, z);
  __m512d hfsq = _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.5), f), f);
  __m512d t = _mm512_fmadd_pd(s, _mm512_add_pd(hfsq, R), _mm512_mul_pd(e, _mm512_set1_pd(CNN_VM_LN2LO_D)));
  t = _mm512_sub_pd(_mm512_sub_pd(hfsq, t), f);
  return _mm512_fmsub_pd(e, _mm512_set1_pd(CNN_VM_LN2HI_D), t);
}

CNN_TARGET_AVX512 static inline __m512d cnn_log_f64x8(__m512d x) {
  __m512d m = _mm512_getmant_pd(x, _MM_MANT_NORM_p5_1, _MM_MANT_SIGN_zero);
  __m512d e = _mm512_add_pd(_mm512_getexp_pd(x), _mm512_set1_pd(1.0));
  __mmask8 lt = _mm512_cmp_pd_mask(m, _mm512_set1_pd(CNN_VM_SQRTH), _CMP_LT_OQ);
  e = _mm512_mask_sub_pd(e, lt, e, _mm512_set1_pd(1.0));
  __m512d f = _mm512_sub_pd(_mm512_mask_add_pd(m, lt, m, m), _mm512_set1_pd(1.0));
  __m512d res = cnn_vm_log_core_f64x8(f, e);
  const __m512d zero = _mm512_setzero_pd();
  res = _mm512_mask_mov_pd(res, _mm512_cmp_pd_mask(x, _mm512_set1_pd(INFINITY), _CMP_EQ_OQ), x);
  res = _mm512_mask_mov_pd(res, _mm512_cmp_pd_mask(x, zero, _CMP_EQ_OQ), _mm512_set1_pd(-INFINITY));
  res = _mm512_mask_mov_pd(res, _mm512_cmp_pd_mask(x, zero, _CMP_LT_OQ), _mm512_set1_pd(NAN));
  return _mm512_mask_add_pd(res, _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q), x, x);
}
#endif  // CNN_X86

#endif  // CNNOPS_INTERNAL_VMATH_H
