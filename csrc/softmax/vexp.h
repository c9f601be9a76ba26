// SPDX-License-Identifier: BSD-3-Clause
// Internal: the vector exp the SIMD softmax kernels call (one inline function
// per ISA and dtype, so the implementation can be swapped in one place).
// x86 only; include after internal/cpu.h.
#ifndef CNNOPS_SOFTMAX_VEXP_H
#define CNNOPS_SOFTMAX_VEXP_H

#include "internal/cpu.h"
#include "softmax/sm_exp.h"

#if CNN_X86
// Placeholder until csrc/internal/vmath.h lands: exp of each lane via libm.
CNN_TARGET_AVX2 static inline __m256 cnn_sm_vexp_f32_avx2(__m256 v) {
  float t[8];
  _mm256_storeu_ps(t, v);
  for (int k = 0; k < 8; ++k) t[k] = cnn_sm_exp_f32(t[k]);
  return _mm256_loadu_ps(t);
}
CNN_TARGET_AVX2 static inline __m256d cnn_sm_vexp_f64_avx2(__m256d v) {
  double t[4];
  _mm256_storeu_pd(t, v);
  for (int k = 0; k < 4; ++k) t[k] = cnn_sm_exp_f64(t[k]);
  return _mm256_loadu_pd(t);
}
CNN_TARGET_AVX512 static inline __m512 cnn_sm_vexp_f32_avx512(__m512 v) {
  float t[16];
  _mm512_storeu_ps(t, v);
  for (int k = 0; k < 16; ++k) t[k] = cnn_sm_exp_f32(t[k]);
  return _mm512_loadu_ps(t);
}
CNN_TARGET_AVX512 static inline __m512d cnn_sm_vexp_f64_avx512(__m512d v) {
  double t[8];
  _mm512_storeu_pd(t, v);
  for (int k = 0; k < 8; ++k) t[k] = cnn_sm_exp_f64(t[k]);
  return _mm512_loadu_pd(t);
}
#endif
#endif  // CNNOPS_SOFTMAX_VEXP_H
