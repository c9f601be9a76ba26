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

// expm1: Taylor coefficients 1/k! (float32 to r^8, float64 to r^14)
#define CNN_VM_IF14 (1.0 / 87178291200.0)
#define CNN_VM_EXPM1_HI_F 88.8f    // expm1(88.8f) overflows
#define CNN_VM_EXPM1_LO_F (-25.0f) // expm1(-25) rounds to -1
#define CNN_VM_EXPM1_HI 709.8
#define CNN_VM_EXPM1_LO (-40.0)

// erfc(z) = t * exp(-z^2 + P(u)) for z >= 0, t = 1/(1+z/2), u = A*t + B:
// P fitted (Chebyshev least squares, tests/test_vmath.py checks the result)
// to log(erfc(z) e^{z^2} / t); |error| < 2e-10 (F, z <= 10.5) and < 3e-14
// (D, z <= 27).  Evaluated in double by both the float32 and float64 forms.
// F: u = t*A + B, t = 1/(1+z/2), z in [0,10.5]
#define CNN_VM_ERFCF_A 2.380952380952381
#define CNN_VM_ERFCF_B (-1.380952380952381)
#define CNN_VM_ERFCF_C0 (-0.5631567857103729)
#define CNN_VM_ERFCF_C1 0.574609975630895
#define CNN_VM_ERFCF_C2 0.016716069154979172
#define CNN_VM_ERFCF_C3 (-0.03014769980386954)
#define CNN_VM_ERFCF_C4 (-0.0012308647203987451)
#define CNN_VM_ERFCF_C5 0.003877526563169519
#define CNN_VM_ERFCF_C6 (-0.0002664001470890487)
#define CNN_VM_ERFCF_C7 (-0.0005884519578730245)
#define CNN_VM_ERFCF_C8 0.00015140636339777862
#define CNN_VM_ERFCF_C9 7.611374222513278e-05
#define CNN_VM_ERFCF_C10 (-4.081293431650673e-05)
#define CNN_VM_ERFCF_C11 (-5.6744135289207225e-06)
#define CNN_VM_ERFCF_C12 5.598405134943337e-06
// D: u = t*A + B, t = 1/(1+z/2), z in [0,27]
#define CNN_VM_ERFCD_A 2.1481481481481484
#define CNN_VM_ERFCD_B (-1.1481481481481481)
#define CNN_VM_ERFCD_C0 (-0.6251953118881083)
#define CNN_VM_ERFCD_C1 0.6316996845901959
#define CNN_VM_ERFCD_C2 0.032409287680051656
#define CNN_VM_ERFCD_C3 (-0.039698260264468314)
#define CNN_VM_ERFCD_C4 (-0.005057692464729206)
#define CNN_VM_ERFCD_C5 0.006518320619231487
#define CNN_VM_ERFCD_C6 0.0004070709812738762
#define CNN_VM_ERFCD_C7 (-0.0014044622104979153)
#define CNN_VM_ERFCD_C8 0.00013734344733172624
#define CNN_VM_ERFCD_C9 0.00029913638540008655
#define CNN_VM_ERFCD_C10 (-9.851694674258951e-05)
#define CNN_VM_ERFCD_C11 (-4.887493833390634e-05)
#define CNN_VM_ERFCD_C12 3.704735109320752e-05
#define CNN_VM_ERFCD_C13 1.8727704307577737e-06
#define CNN_VM_ERFCD_C14 (-9.676862029476403e-06)
#define CNN_VM_ERFCD_C15 2.2052483889854392e-06
#define CNN_VM_ERFCD_C16 1.6555900284866811e-06
#define CNN_VM_ERFCD_C17 (-8.024937644707559e-07)
#define CNN_VM_ERFCD_C18 (-1.3312250597826334e-07)
#define CNN_VM_ERFCD_C19 1.0952888009394005e-07
#define CNN_VM_ERFCD_C20 (-3.001108572172402e-09)

#define CNN_VM_ERFCF_ZMAX 10.5  // erfc(10.5) < 1e-49: 0 in float32 results
#define CNN_VM_ERFCD_ZMAX 27.0  // erfc(27) < 1e-318
// erf(z) = z * Q(z^2) for |z| < 1/2 (Taylor: (2/sqrt(pi)) (-1)^k/(k!(2k+1)))
#define CNN_VM_ERF_T(k, kf, tk1) (1.1283791670955126 * (((k) & 1) ? -1.0 : 1.0) / ((kf) * (tk1)))
#define CNN_VM_ERF_T0 CNN_VM_ERF_T(0, 1.0, 1.0)
#define CNN_VM_ERF_T1 CNN_VM_ERF_T(1, 1.0, 3.0)
#define CNN_VM_ERF_T2 CNN_VM_ERF_T(2, 2.0, 5.0)
#define CNN_VM_ERF_T3 CNN_VM_ERF_T(3, 6.0, 7.0)
#define CNN_VM_ERF_T4 CNN_VM_ERF_T(4, 24.0, 9.0)
#define CNN_VM_ERF_T5 CNN_VM_ERF_T(5, 120.0, 11.0)
#define CNN_VM_ERF_T6 CNN_VM_ERF_T(6, 720.0, 13.0)
#define CNN_VM_ERF_T7 CNN_VM_ERF_T(7, 5040.0, 15.0)
#define CNN_VM_ERF_T8 CNN_VM_ERF_T(8, 40320.0, 17.0)
#define CNN_VM_ERF_T9 CNN_VM_ERF_T(9, 362880.0, 19.0)
#define CNN_VM_ERF_T10 CNN_VM_ERF_T(10, 3628800.0, 21.0)
#define CNN_VM_ERF_T11 CNN_VM_ERF_T(11, 39916800.0, 23.0)
#define CNN_VM_ERF_T12 CNN_VM_ERF_T(12, 479001600.0, 25.0)

// Horner schemes shared by all forms: FMA(a, b, c) = a*b + c, C(v) = splat.
#define CNN_VM_POLY12(FMA, C, P, u, pre)                                     \
  P = C(pre##C12);                                                           \
  P = FMA(P, u, C(pre##C11)); P = FMA(P, u, C(pre##C10));                    \
  P = FMA(P, u, C(pre##C9)); P = FMA(P, u, C(pre##C8));                      \
  P = FMA(P, u, C(pre##C7)); P = FMA(P, u, C(pre##C6));                      \
  P = FMA(P, u, C(pre##C5)); P = FMA(P, u, C(pre##C4));                      \
  P = FMA(P, u, C(pre##C3)); P = FMA(P, u, C(pre##C2));                      \
  P = FMA(P, u, C(pre##C1)); P = FMA(P, u, C(pre##C0))
// The same polynomial by Estrin's scheme: 15 operations instead of 12 but a
// dependency chain of 5 instead of 12, for kernels whose loops are bound by
// latency rather than by issue (float32 GELU).  Rounds differently from
// CNN_VM_POLY12 in the last bits.
#define CNN_VM_POLY12_ESTRIN(FMA, MUL, C, P, u, pre)                         \
  do {                                                                       \
    __typeof__(u) u2_ = MUL(u, u), u4_ = MUL(u2_, u2_), u8_ = MUL(u4_, u4_); \
    __typeof__(u) b0_ = FMA(FMA(C(pre##C3), u, C(pre##C2)), u2_,             \
                            FMA(C(pre##C1), u, C(pre##C0)));                 \
    __typeof__(u) b1_ = FMA(FMA(C(pre##C7), u, C(pre##C6)), u2_,             \
                            FMA(C(pre##C5), u, C(pre##C4)));                 \
    __typeof__(u) b2_ = FMA(FMA(C(pre##C11), u, C(pre##C10)), u2_,           \
                            FMA(C(pre##C9), u, C(pre##C8)));                 \
    P = FMA(FMA(C(pre##C12), u4_, b2_), u8_, FMA(b1_, u4_, b0_));            \
  } while (0)
#define CNN_VM_POLY20(FMA, C, P, u, pre)                                     \
  P = C(pre##C20);                                                           \
  P = FMA(P, u, C(pre##C19)); P = FMA(P, u, C(pre##C18));                    \
  P = FMA(P, u, C(pre##C17)); P = FMA(P, u, C(pre##C16));                    \
  P = FMA(P, u, C(pre##C15)); P = FMA(P, u, C(pre##C14));                    \
  P = FMA(P, u, C(pre##C13)); P = FMA(P, u, C(pre##C12));                    \
  P = FMA(P, u, C(pre##C11)); P = FMA(P, u, C(pre##C10));                    \
  P = FMA(P, u, C(pre##C9)); P = FMA(P, u, C(pre##C8));                      \
  P = FMA(P, u, C(pre##C7)); P = FMA(P, u, C(pre##C6));                      \
  P = FMA(P, u, C(pre##C5)); P = FMA(P, u, C(pre##C4));                      \
  P = FMA(P, u, C(pre##C3)); P = FMA(P, u, C(pre##C2));                      \
  P = FMA(P, u, C(pre##C1)); P = FMA(P, u, C(pre##C0))
// erf Taylor part: z * Q(z^2); float32 forms stop at T8, float64 at T12
#define CNN_VM_ERFQ8(FMA, C, P, w)                                           \
  P = C(CNN_VM_ERF_T8);                                                      \
  P = FMA(P, w, C(CNN_VM_ERF_T7)); P = FMA(P, w, C(CNN_VM_ERF_T6));          \
  P = FMA(P, w, C(CNN_VM_ERF_T5)); P = FMA(P, w, C(CNN_VM_ERF_T4));          \
  P = FMA(P, w, C(CNN_VM_ERF_T3)); P = FMA(P, w, C(CNN_VM_ERF_T2));          \
  P = FMA(P, w, C(CNN_VM_ERF_T1)); P = FMA(P, w, C(CNN_VM_ERF_T0))
#define CNN_VM_ERFQ12(FMA, C, P, w)                                          \
  P = C(CNN_VM_ERF_T12);                                                     \
  P = FMA(P, w, C(CNN_VM_ERF_T11)); P = FMA(P, w, C(CNN_VM_ERF_T10));        \
  P = FMA(P, w, C(CNN_VM_ERF_T9));                                           \
  P = FMA(P, w, C(CNN_VM_ERF_T8)); P = FMA(P, w, C(CNN_VM_ERF_T7));          \
  P = FMA(P, w, C(CNN_VM_ERF_T6)); P = FMA(P, w, C(CNN_VM_ERF_T5));          \
  P = FMA(P, w, C(CNN_VM_ERF_T4)); P = FMA(P, w, C(CNN_VM_ERF_T3));          \
  P = FMA(P, w, C(CNN_VM_ERF_T2)); P = FMA(P, w, C(CNN_VM_ERF_T1));          \
  P = FMA(P, w, C(CNN_VM_ERF_T0))
#define CNN_VM_SFMA(a, b, c) ((a) * (b) + (c))
#define CNN_VM_SID(v) (v)

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

// e^r - 1 for |r| <= ln2/2 (float32: Taylor to r^8).
static inline float cnn_vm_expm1f_poly(float r) {
  float q = (float)CNN_VM_IF8;
  q = q * r + (float)CNN_VM_IF7;
  q = q * r + (float)CNN_VM_IF6;
  q = q * r + (float)CNN_VM_IF5;
  q = q * r + (float)CNN_VM_IF4;
  q = q * r + (float)CNN_VM_IF3;
  q = q * r + 0.5f;
  return q * (r * r) + r;
}

// expm1 = 2^n (p + 1) - 1 = 2^n p + (2^n - 1) with p = e^r - 1; once 2^n - 1
// rounds to 2^n (n > 24) it is exp(x) - 1, scaled in two steps as in exp.
static inline float cnn_expm1_f32(float x) {
  if (x != x) return x + x;
  if (x == 0.0f) return x;  // keeps -0
  if (x > CNN_VM_EXPM1_HI_F) x = CNN_VM_EXPM1_HI_F;
  if (x < CNN_VM_EXPM1_LO_F) x = CNN_VM_EXPM1_LO_F;
  float n = (x * CNN_VM_LOG2EF + 12582912.0f) - 12582912.0f;
  float r = x - n * CNN_VM_LN2HI_F;
  r = r - n * CNN_VM_LN2LO_F;
  float p = cnn_vm_expm1f_poly(r);
  int ni = (int)n;  // in [-36, 128]
  if (ni > 24) {
    int n1 = ni >> 1, n2 = ni - n1;
    float e = (p + 1.0f) * cnn_vm_f32_from_bits((uint32_t)(n1 + 127) << 23);
    return e * cnn_vm_f32_from_bits((uint32_t)(n2 + 127) << 23) - 1.0f;
  }
  float s = cnn_vm_f32_from_bits((uint32_t)(ni + 127) << 23);
  return s * p + (s - 1.0f);
}

static inline double cnn_vm_expm1_poly(double r) {
  double q = CNN_VM_IF14;
  q = q * r + CNN_VM_IF13;
  q = q * r + CNN_VM_IF12;
  q = q * r + CNN_VM_IF11;
  q = q * r + CNN_VM_IF10;
  q = q * r + CNN_VM_IF9;
  q = q * r + CNN_VM_IF8;
  q = q * r + CNN_VM_IF7;
  q = q * r + CNN_VM_IF6;
  q = q * r + CNN_VM_IF5;
  q = q * r + CNN_VM_IF4;
  q = q * r + CNN_VM_IF3;
  q = q * r + CNN_VM_IF2;
  return q * (r * r) + r;
}

static inline double cnn_expm1_f64(double x) {
  if (x != x) return x + x;
  if (x == 0.0) return x;
  if (x > CNN_VM_EXPM1_HI) x = CNN_VM_EXPM1_HI;
  if (x < CNN_VM_EXPM1_LO) x = CNN_VM_EXPM1_LO;
  double n = (x * CNN_VM_LOG2E + 6755399441055744.0) - 6755399441055744.0;
  double r = x - n * CNN_VM_LN2HI;
  r = r - n * CNN_VM_LN2LO;
  double p = cnn_vm_expm1_poly(r);
  int64_t ni = (int64_t)n;  // in [-58, 1024]
  if (ni > 53) {
    int64_t n1 = ni >> 1, n2 = ni - n1;
    double e = (p + 1.0) * cnn_vm_f64_from_bits((uint64_t)(n1 + 1023) << 52);
    return e * cnn_vm_f64_from_bits((uint64_t)(n2 + 1023) << 52) - 1.0;
  }
  double s = cnn_vm_f64_from_bits((uint64_t)(ni + 1023) << 52);
  return s * p + (s - 1.0);
}

// log1p(x) = log(w) + (x - (w - 1)) / w with w = 1 + x rounded: the second
// term restores what the rounding of 1 + x lost.
static inline float cnn_log1p_f32(float x) {
  if (x != x) return x + x;
  if (x == 0.0f || x == INFINITY) return x;
  float w = 1.0f + x;
  if (w == 0.0f) return -INFINITY;
  if (w < 0.0f) return NAN;
  return cnn_log_f32(w) + (x - (w - 1.0f)) / w;
}

static inline double cnn_log1p_f64(double x) {
  if (x != x) return x + x;
  if (x == 0.0 || x == INFINITY) return x;
  double w = 1.0 + x;
  if (w == 0.0) return -INFINITY;
  if (w < 0.0) return NAN;
  return cnn_log_f64(w) + (x - (w - 1.0)) / w;
}

// tanh(|x|) = -t / (2 + t) with t = expm1(-2|x|) in [-1, 0]; sign copied.
static inline float cnn_tanh_f32(float x) {
  float t = cnn_expm1_f32(-2.0f * fabsf(x));
  return copysignf(-t / (2.0f + t), x);
}

static inline double cnn_tanh_f64(double x) {
  double t = cnn_expm1_f64(-2.0 * fabs(x));
  return copysign(-t / (2.0 + t), x);
}

// erfc(z) for z >= 0 (or NaN), double; 12 = float32 accuracy, 20 = double.
static inline double cnn_vm_erfcpos12(double z) {
  if (z > CNN_VM_ERFCF_ZMAX) return 0.0;
  double t = 1.0 / (1.0 + 0.5 * z), u = t * CNN_VM_ERFCF_A + CNN_VM_ERFCF_B, P;
  CNN_VM_POLY12(CNN_VM_SFMA, CNN_VM_SID, P, u, CNN_VM_ERFCF_);
  return t * cnn_exp_f64(P - z * z);
}

static inline double cnn_vm_erfcpos20(double z) {
  if (z > CNN_VM_ERFCD_ZMAX) return 0.0;
  double t = 1.0 / (1.0 + 0.5 * z), u = t * CNN_VM_ERFCD_A + CNN_VM_ERFCD_B, P;
  CNN_VM_POLY20(CNN_VM_SFMA, CNN_VM_SID, P, u, CNN_VM_ERFCD_);
  return t * cnn_exp_f64(P - z * z);
}

static inline float cnn_erf_f32(float xf) {
  double x = xf, a = fabs(x), P;
  if (a < 0.5) {
    double w = x * x;
    CNN_VM_ERFQ8(CNN_VM_SFMA, CNN_VM_SID, P, w);
    return (float)(x * P);
  }
  return (float)copysign(1.0 - cnn_vm_erfcpos12(a), x);
}

static inline double cnn_erf_f64(double x) {
  double a = fabs(x), P;
  if (a < 0.5) {
    double w = x * x;
    CNN_VM_ERFQ12(CNN_VM_SFMA, CNN_VM_SID, P, w);
    return x * P;
  }
  return copysign(1.0 - cnn_vm_erfcpos20(a), x);
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

// log(1+f) + e*ln2 for f in [sqrt(1/2)-1, sqrt(2)-1] (float32, Cephes).
CNN_TARGET_AVX2 static inline __m256 cnn_vm_logf_core_f32x8(__m256 f, __m256 e) {
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
  return _mm256_fmadd_ps(e, _mm256_set1_ps(CNN_VM_LN2HI_F), res);
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
  __m256 res = cnn_vm_logf_core_f32x8(f, e);
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

// ---- AVX2: expm1, log1p, tanh, erf --------------------------------------
CNN_TARGET_AVX2 static inline __m256 cnn_expm1_f32x8(__m256 x0) {
  __m256 x = _mm256_min_ps(_mm256_set1_ps(CNN_VM_EXPM1_HI_F), x0);
  x = _mm256_max_ps(_mm256_set1_ps(CNN_VM_EXPM1_LO_F), x);
  __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(CNN_VM_LOG2EF)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CNN_VM_LN2HI_F), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CNN_VM_LN2LO_F), r);
  __m256 q = _mm256_set1_ps((float)CNN_VM_IF8);
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps((float)CNN_VM_IF7));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps((float)CNN_VM_IF6));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps((float)CNN_VM_IF5));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps((float)CNN_VM_IF4));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps((float)CNN_VM_IF3));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(0.5f));
  __m256 p = _mm256_fmadd_ps(q, _mm256_mul_ps(r, r), r);
  __m256i ni = _mm256_cvtps_epi32(n);
  __m256i n1 = _mm256_srai_epi32(ni, 1);
  __m256i n2 = _mm256_sub_epi32(ni, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
  const __m256 one = _mm256_set1_ps(1.0f);
  __m256 s = _mm256_mul_ps(s1, s2);
  __m256 small = _mm256_fmadd_ps(s, p, _mm256_sub_ps(s, one));
  __m256 big = _mm256_sub_ps(_mm256_mul_ps(_mm256_mul_ps(_mm256_add_ps(p, one), s1), s2), one);
  __m256 res = _mm256_blendv_ps(small, big, _mm256_cmp_ps(n, _mm256_set1_ps(24.0f), _CMP_GT_OQ));
  return _mm256_blendv_ps(res, x0, _mm256_cmp_ps(x0, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

CNN_TARGET_AVX2 static inline __m256d cnn_expm1_f64x4(__m256d x0) {
  __m256d x = _mm256_min_pd(_mm256_set1_pd(CNN_VM_EXPM1_HI), x0);
  x = _mm256_max_pd(_mm256_set1_pd(CNN_VM_EXPM1_LO), x);
  __m256d n = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(CNN_VM_LOG2E)),
                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(CNN_VM_LN2HI), x);
  r = _mm256_fnmadd_pd(n, _mm256_set1_pd(CNN_VM_LN2LO), r);
  __m256d q = _mm256_set1_pd(CNN_VM_IF14);
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF13));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF12));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF11));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF10));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF9));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF8));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF7));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF6));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF5));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF4));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF3));
  q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(CNN_VM_IF2));
  __m256d p = _mm256_fmadd_pd(q, _mm256_mul_pd(r, r), r);
  __m256d n1 = _mm256_floor_pd(_mm256_mul_pd(n, _mm256_set1_pd(0.5)));
  __m256d s1 = cnn_vm_pow2i_f64x4(n1), s2 = cnn_vm_pow2i_f64x4(_mm256_sub_pd(n, n1));
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d s = _mm256_mul_pd(s1, s2);
  __m256d small = _mm256_fmadd_pd(s, p, _mm256_sub_pd(s, one));
  __m256d big = _mm256_sub_pd(_mm256_mul_pd(_mm256_mul_pd(_mm256_add_pd(p, one), s1), s2), one);
  __m256d res = _mm256_blendv_pd(small, big, _mm256_cmp_pd(n, _mm256_set1_pd(53.0), _CMP_GT_OQ));
  return _mm256_blendv_pd(res, x0, _mm256_cmp_pd(x0, _mm256_setzero_pd(), _CMP_EQ_OQ));
}

CNN_TARGET_AVX2 static inline __m256 cnn_log1p_f32x8(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  __m256 w = _mm256_add_ps(one, x);
  __m256 c = _mm256_div_ps(_mm256_sub_ps(x, _mm256_sub_ps(w, one)), w);
  __m256 res = _mm256_add_ps(cnn_log_f32x8(w), c);
  // w = 0 -> -inf, w < 0 -> NaN, w = +inf -> +inf, x = +-0 -> x (log does it)
  __m256 keep = _mm256_or_ps(_mm256_cmp_ps(w, _mm256_set1_ps(INFINITY), _CMP_EQ_OQ),
                             _mm256_cmp_ps(w, _mm256_setzero_ps(), _CMP_LE_OQ));
  res = _mm256_blendv_ps(res, cnn_log_f32x8(w), keep);
  return _mm256_blendv_ps(res, x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

CNN_TARGET_AVX2 static inline __m256d cnn_log1p_f64x4(__m256d x) {
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d w = _mm256_add_pd(one, x);
  __m256d c = _mm256_div_pd(_mm256_sub_pd(x, _mm256_sub_pd(w, one)), w);
  __m256d lw = cnn_log_f64x4(w);
  __m256d res = _mm256_add_pd(lw, c);
  __m256d keep = _mm256_or_pd(_mm256_cmp_pd(w, _mm256_set1_pd(INFINITY), _CMP_EQ_OQ),
                              _mm256_cmp_pd(w, _mm256_setzero_pd(), _CMP_LE_OQ));
  res = _mm256_blendv_pd(res, lw, keep);
  return _mm256_blendv_pd(res, x, _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_EQ_OQ));
}

CNN_TARGET_AVX2 static inline __m256 cnn_tanh_f32x8(__m256 x) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  __m256 ax = _mm256_andnot_ps(sign, x);
  __m256 t = cnn_expm1_f32x8(_mm256_mul_ps(_mm256_set1_ps(-2.0f), ax));
  __m256 r = _mm256_div_ps(_mm256_xor_ps(t, sign), _mm256_add_ps(_mm256_set1_ps(2.0f), t));
  return _mm256_or_ps(r, _mm256_and_ps(sign, x));
}

CNN_TARGET_AVX2 static inline __m256d cnn_tanh_f64x4(__m256d x) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d ax = _mm256_andnot_pd(sign, x);
  __m256d t = cnn_expm1_f64x4(_mm256_mul_pd(_mm256_set1_pd(-2.0), ax));
  __m256d r = _mm256_div_pd(_mm256_xor_pd(t, sign), _mm256_add_pd(_mm256_set1_pd(2.0), t));
  return _mm256_or_pd(r, _mm256_and_pd(sign, x));
}

#define CNN_VM_FMA256(a, b, c) _mm256_fmadd_pd(a, b, c)
#define CNN_VM_SET256(v) _mm256_set1_pd(v)
// erfc(z) for z >= 0 (NaN passes), double lanes; 12 = float32 accuracy.
CNN_TARGET_AVX2 static inline __m256d cnn_vm_erfcpos12_f64x4(__m256d z) {
  __m256d zc = _mm256_min_pd(_mm256_set1_pd(CNN_VM_ERFCF_ZMAX), z);
  __m256d t = _mm256_div_pd(_mm256_set1_pd(1.0), _mm256_fmadd_pd(zc, _mm256_set1_pd(0.5), _mm256_set1_pd(1.0)));
  __m256d u = _mm256_fmadd_pd(t, _mm256_set1_pd(CNN_VM_ERFCF_A), _mm256_set1_pd(CNN_VM_ERFCF_B)), P;
  CNN_VM_POLY12(CNN_VM_FMA256, CNN_VM_SET256, P, u, CNN_VM_ERFCF_);
  __m256d r = _mm256_mul_pd(t, cnn_exp_f64x4(_mm256_fnmadd_pd(zc, zc, P)));
  return _mm256_andnot_pd(_mm256_cmp_pd(z, _mm256_set1_pd(CNN_VM_ERFCF_ZMAX), _CMP_GT_OQ), r);
}

CNN_TARGET_AVX2 static inline __m256d cnn_vm_erfcpos20_f64x4(__m256d z) {
  __m256d zc = _mm256_min_pd(_mm256_set1_pd(CNN_VM_ERFCD_ZMAX), z);
  __m256d t = _mm256_div_pd(_mm256_set1_pd(1.0), _mm256_fmadd_pd(zc, _mm256_set1_pd(0.5), _mm256_set1_pd(1.0)));
  __m256d u = _mm256_fmadd_pd(t, _mm256_set1_pd(CNN_VM_ERFCD_A), _mm256_set1_pd(CNN_VM_ERFCD_B)), P;
  CNN_VM_POLY20(CNN_VM_FMA256, CNN_VM_SET256, P, u, CNN_VM_ERFCD_);
  __m256d r = _mm256_mul_pd(t, cnn_exp_f64x4(_mm256_fnmadd_pd(zc, zc, P)));
  return _mm256_andnot_pd(_mm256_cmp_pd(z, _mm256_set1_pd(CNN_VM_ERFCD_ZMAX), _CMP_GT_OQ), r);
}

CNN_TARGET_AVX2 static inline __m256d cnn_erf_f64x4(__m256d x) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d a = _mm256_andnot_pd(sign, x), P;
  __m256d w = _mm256_mul_pd(x, x);
  CNN_VM_ERFQ12(CNN_VM_FMA256, CNN_VM_SET256, P, w);
  __m256d small = _mm256_mul_pd(x, P);
  __m256d big = _mm256_sub_pd(_mm256_set1_pd(1.0), cnn_vm_erfcpos20_f64x4(a));
  big = _mm256_or_pd(big, _mm256_and_pd(sign, x));
  return _mm256_blendv_pd(big, small, _mm256_cmp_pd(a, _mm256_set1_pd(0.5), _CMP_LT_OQ));
}

CNN_TARGET_AVX2 static inline __m256d cnn_vm_erf12_f64x4(__m256d x) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d a = _mm256_andnot_pd(sign, x), P;
  __m256d w = _mm256_mul_pd(x, x);
  CNN_VM_ERFQ8(CNN_VM_FMA256, CNN_VM_SET256, P, w);
  __m256d small = _mm256_mul_pd(x, P);
  __m256d big = _mm256_sub_pd(_mm256_set1_pd(1.0), cnn_vm_erfcpos12_f64x4(a));
  big = _mm256_or_pd(big, _mm256_and_pd(sign, x));
  return _mm256_blendv_pd(big, small, _mm256_cmp_pd(a, _mm256_set1_pd(0.5), _CMP_LT_OQ));
}

CNN_TARGET_AVX2 static inline __m256 cnn_erf_f32x8(__m256 x) {
  __m256d lo = cnn_vm_erf12_f64x4(_mm256_cvtps_pd(_mm256_castps256_ps128(x)));
  __m256d hi = cnn_vm_erf12_f64x4(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)));
  return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo));
}

// ---------------------------------------------------------------------------
// AVX-512 forms
// ---------------------------------------------------------------------------
// exp(x) = 2^n exp(x - n ln 2) for a given integral n nearest x / ln 2.
CNN_TARGET_AVX512 static inline __m512 cnn_vm_exp_reduced_f32x16(__m512 x, __m512 n) {
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

CNN_TARGET_AVX512 static inline __m512 cnn_exp_f32x16(__m512 x) {
  x = _mm512_min_ps(_mm512_set1_ps(CNN_VM_EXP_HI_F), x);
  x = _mm512_max_ps(_mm512_set1_ps(CNN_VM_EXP_LO_F), x);
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(CNN_VM_LOG2EF)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  return cnn_vm_exp_reduced_f32x16(x, n);
}

// exp(x) for finite x <= 88 (and NaN) without the range clamps: vscalef
// handles n below the float range (0 or a denormal), and n comes from one
// FMA against the 1.5 * 2^23 shifter instead of a multiply and a 2-uop
// vrndscale (for kernels whose exponent is bounded, e.g. GELU's <= 1).
CNN_TARGET_AVX512 static inline __m512 cnn_exp_le88_f32x16(__m512 x) {
  const __m512 shift = _mm512_set1_ps(12582912.0f);
  __m512 n = _mm512_sub_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(CNN_VM_LOG2EF), shift), shift);
  return cnn_vm_exp_reduced_f32x16(x, n);
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

// log(1+f) + e*ln2 for f in [sqrt(1/2)-1, sqrt(2)-1] (float32, Cephes).
CNN_TARGET_AVX512 static inline __m512 cnn_vm_logf_core_f32x16(__m512 f, __m512 e) {
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
  return _mm512_fmadd_ps(e, _mm512_set1_ps(CNN_VM_LN2HI_F), res);
}

CNN_TARGET_AVX512 static inline __m512 cnn_log_f32x16(__m512 x) {
  // getexp/getmant split x = m * 2^e exactly, denormals included.
  __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_p5_1, _MM_MANT_SIGN_zero);  // [0.5, 1)
  __m512 e = _mm512_add_ps(_mm512_getexp_ps(x), _mm512_set1_ps(1.0f));
  __mmask16 lt = _mm512_cmp_ps_mask(m, _mm512_set1_ps(CNN_VM_SQRTHF), _CMP_LT_OQ);
  e = _mm512_mask_sub_ps(e, lt, e, _mm512_set1_ps(1.0f));
  __m512 f = _mm512_sub_ps(_mm512_mask_add_ps(m, lt, m, m), _mm512_set1_ps(1.0f));
  __m512 res = cnn_vm_logf_core_f32x16(f, e);
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
// ---- AVX-512: expm1, log1p, tanh, erf -----------------------------------
// expm1(r) for |r| <= ln2/2, where r = x - n ln 2 (n integral, given).
CNN_TARGET_AVX512 static inline __m512 cnn_vm_expm1_reduced_f32x16(__m512 x, __m512 n) {
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CNN_VM_LN2HI_F), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CNN_VM_LN2LO_F), r);
  __m512 q = _mm512_set1_ps((float)CNN_VM_IF8);
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps((float)CNN_VM_IF7));
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps((float)CNN_VM_IF6));
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps((float)CNN_VM_IF5));
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps((float)CNN_VM_IF4));
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps((float)CNN_VM_IF3));
  q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(0.5f));
  return _mm512_fmadd_ps(q, _mm512_mul_ps(r, r), r);
}

CNN_TARGET_AVX512 static inline __m512 cnn_expm1_f32x16(__m512 x0) {
  __m512 x = _mm512_min_ps(_mm512_set1_ps(CNN_VM_EXPM1_HI_F), x0);
  x = _mm512_max_ps(_mm512_set1_ps(CNN_VM_EXPM1_LO_F), x);
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(CNN_VM_LOG2EF)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 p = cnn_vm_expm1_reduced_f32x16(x, n);
  const __m512 one = _mm512_set1_ps(1.0f);
  __m512 s = _mm512_scalef_ps(one, n);
  __m512 res = _mm512_fmadd_ps(s, p, _mm512_sub_ps(s, one));
  __mmask16 big = _mm512_cmp_ps_mask(n, _mm512_set1_ps(24.0f), _CMP_GT_OQ);
  res = _mm512_mask_sub_ps(res, big, _mm512_scalef_ps(_mm512_add_ps(p, one), n), one);
  return _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(x0, _mm512_setzero_ps(), _CMP_EQ_OQ), x0);
}

CNN_TARGET_AVX512 static inline __m512d cnn_expm1_f64x8(__m512d x0) {
  __m512d x = _mm512_min_pd(_mm512_set1_pd(CNN_VM_EXPM1_HI), x0);
  x = _mm512_max_pd(_mm512_set1_pd(CNN_VM_EXPM1_LO), x);
  __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(CNN_VM_LOG2E)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(CNN_VM_LN2HI), x);
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(CNN_VM_LN2LO), r);
  __m512d q = _mm512_set1_pd(CNN_VM_IF14);
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF13));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF12));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF11));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF10));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF9));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF8));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF7));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF6));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF5));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF4));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF3));
  q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(CNN_VM_IF2));
  __m512d p = _mm512_fmadd_pd(q, _mm512_mul_pd(r, r), r);
  const __m512d one = _mm512_set1_pd(1.0);
  __m512d s = _mm512_scalef_pd(one, n);
  __m512d res = _mm512_fmadd_pd(s, p, _mm512_sub_pd(s, one));
  __mmask8 big = _mm512_cmp_pd_mask(n, _mm512_set1_pd(53.0), _CMP_GT_OQ);
  res = _mm512_mask_sub_pd(res, big, _mm512_scalef_pd(_mm512_add_pd(p, one), n), one);
  return _mm512_mask_mov_pd(res, _mm512_cmp_pd_mask(x0, _mm512_setzero_pd(), _CMP_EQ_OQ), x0);
}

CNN_TARGET_AVX512 static inline __m512 cnn_log1p_f32x16(__m512 x) {
  const __m512 one = _mm512_set1_ps(1.0f);
  __m512 w = _mm512_add_ps(one, x);
  __m512 c = _mm512_div_ps(_mm512_sub_ps(x, _mm512_sub_ps(w, one)), w);
  __m512 lw = cnn_log_f32x16(w);
  __m512 res = _mm512_add_ps(lw, c);
  __mmask16 keep = _mm512_cmp_ps_mask(w, _mm512_set1_ps(INFINITY), _CMP_EQ_OQ) |
                   _mm512_cmp_ps_mask(w, _mm512_setzero_ps(), _CMP_LE_OQ);
  res = _mm512_mask_mov_ps(res, keep, lw);
  return _mm512_mask_mov_ps(res, _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_EQ_OQ), x);
}

CNN_TARGET_AVX512 static inline __m512d cnn_log1p_f64x8(__m512d x) {
  const __m512d one = _mm512_set1_pd(1.0);
  __m512d w = _mm512_add_pd(one, x);
  __m512d c = _mm512_div_pd(_mm512_sub_pd(x, _mm512_sub_pd(w, one)), w);
  __m512d lw = cnn_log_f64x8(w);
  __m512d res = _mm512_add_pd(lw, c);
  __mmask8 keep = _mm512_cmp_pd_mask(w, _mm512_set1_pd(INFINITY), _CMP_EQ_OQ) |
                  _mm512_cmp_pd_mask(w, _mm512_setzero_pd(), _CMP_LE_OQ);
  res = _mm512_mask_mov_pd(res, keep, lw);
  return _mm512_mask_mov_pd(res, _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_EQ_OQ), x);
}

CNN_TARGET_AVX512 static inline __m512 cnn_tanh_f32x16(__m512 x) {
  const __m512 sign = _mm512_set1_ps(-0.0f);
  __m512 ax = _mm512_andnot_ps(sign, x);
  __m512 t = cnn_expm1_f32x16(_mm512_mul_ps(_mm512_set1_ps(-2.0f), ax));
  __m512 r = _mm512_div_ps(_mm512_xor_ps(t, sign), _mm512_add_ps(_mm512_set1_ps(2.0f), t));
  return _mm512_or_ps(r, _mm512_and_ps(sign, x));
}

CNN_TARGET_AVX512 static inline __m512d cnn_tanh_f64x8(__m512d x) {
  const __m512d sign = _mm512_set1_pd(-0.0);
  __m512d ax = _mm512_andnot_pd(sign, x);
  __m512d t = cnn_expm1_f64x8(_mm512_mul_pd(_mm512_set1_pd(-2.0), ax));
  __m512d r = _mm512_div_pd(_mm512_xor_pd(t, sign), _mm512_add_pd(_mm512_set1_pd(2.0), t));
  return _mm512_or_pd(r, _mm512_and_pd(sign, x));
}

#define CNN_VM_FMA512(a, b, c) _mm512_fmadd_pd(a, b, c)
#define CNN_VM_SET512(v) _mm512_set1_pd(v)
CNN_TARGET_AVX512 static inline __m512d cnn_vm_erfcpos12_f64x8(__m512d z) {
  __m512d zc = _mm512_min_pd(_mm512_set1_pd(CNN_VM_ERFCF_ZMAX), z);
  __m512d t = _mm512_div_pd(_mm512_set1_pd(1.0), _mm512_fmadd_pd(zc, _mm512_set1_pd(0.5), _mm512_set1_pd(1.0)));
  __m512d u = _mm512_fmadd_pd(t, _mm512_set1_pd(CNN_VM_ERFCF_A), _mm512_set1_pd(CNN_VM_ERFCF_B)), P;
  CNN_VM_POLY12(CNN_VM_FMA512, CNN_VM_SET512, P, u, CNN_VM_ERFCF_);
  __m512d r = _mm512_mul_pd(t, cnn_exp_f64x8(_mm512_fnmadd_pd(zc, zc, P)));
  return _mm512_mask_mov_pd(r, _mm512_cmp_pd_mask(z, _mm512_set1_pd(CNN_VM_ERFCF_ZMAX), _CMP_GT_OQ),
                            _mm512_setzero_pd());
}

CNN_TARGET_AVX512 static inline __m512d cnn_vm_erfcpos20_f64x8(__m512d z) {
  __m512d zc = _mm512_min_pd(_mm512_set1_pd(CNN_VM_ERFCD_ZMAX), z);
  __m512d t = _mm512_div_pd(_mm512_set1_pd(1.0), _mm512_fmadd_pd(zc, _mm512_set1_pd(0.5), _mm512_set1_pd(1.0)));
  __m512d u = _mm512_fmadd_pd(t, _mm512_set1_pd(CNN_VM_ERFCD_A), _mm512_set1_pd(CNN_VM_ERFCD_B)), P;
  CNN_VM_POLY20(CNN_VM_FMA512, CNN_VM_SET512, P, u, CNN_VM_ERFCD_);
  __m512d r = _mm512_mul_pd(t, cnn_exp_f64x8(_mm512_fnmadd_pd(zc, zc, P)));
  return _mm512_mask_mov_pd(r, _mm512_cmp_pd_mask(z, _mm512_set1_pd(CNN_VM_ERFCD_ZMAX), _CMP_GT_OQ),
                            _mm512_setzero_pd());
}

CNN_TARGET_AVX512 static inline __m512d cnn_erf_f64x8(__m512d x) {
  const __m512d sign = _mm512_set1_pd(-0.0);
  __m512d a = _mm512_andnot_pd(sign, x), P;
  __m512d w = _mm512_mul_pd(x, x);
  CNN_VM_ERFQ12(CNN_VM_FMA512, CNN_VM_SET512, P, w);
  __m512d small = _mm512_mul_pd(x, P);
  __m512d big = _mm512_sub_pd(_mm512_set1_pd(1.0), cnn_vm_erfcpos20_f64x8(a));
  big = _mm512_or_pd(big, _mm512_and_pd(sign, x));
  return _mm512_mask_mov_pd(big, _mm512_cmp_pd_mask(a, _mm512_set1_pd(0.5), _CMP_LT_OQ), small);
}

CNN_TARGET_AVX512 static inline __m512d cnn_vm_erf12_f64x8(__m512d x) {
  const __m512d sign = _mm512_set1_pd(-0.0);
  __m512d a = _mm512_andnot_pd(sign, x), P;
  __m512d w = _mm512_mul_pd(x, x);
  CNN_VM_ERFQ8(CNN_VM_FMA512, CNN_VM_SET512, P, w);
  __m512d small = _mm512_mul_pd(x, P);
  __m512d big = _mm512_sub_pd(_mm512_set1_pd(1.0), cnn_vm_erfcpos12_f64x8(a));
  big = _mm512_or_pd(big, _mm512_and_pd(sign, x));
  return _mm512_mask_mov_pd(big, _mm512_cmp_pd_mask(a, _mm512_set1_pd(0.5), _CMP_LT_OQ), small);
}

CNN_TARGET_AVX512 static inline __m512 cnn_erf_f32x16(__m512 x) {
  __m512d lo = cnn_vm_erf12_f64x8(_mm512_cvtps_pd(_mm512_castps512_ps256(x)));
  __m512d hi = cnn_vm_erf12_f64x8(_mm512_cvtps_pd(
      _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))));
  return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}
#endif  // CNN_X86

#endif  // CNNOPS_INTERNAL_VMATH_H
