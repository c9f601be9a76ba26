// SPDX-License-Identifier: BSD-3-Clause
// Internal: the vector exp the SIMD softmax kernels call (one inline function
// per ISA and dtype, so the implementation can be swapped in one place):
// internal/vmath.h's Cody-Waite + polynomial exp (exp(-inf) = 0,
// exp(NaN) = NaN, exp(0) = 1 exactly).  x86 only.
#ifndef CNNOPS_SOFTMAX_VEXP_H
#define CNNOPS_SOFTMAX_VEXP_H

#include "internal/cpu.h"
#include "internal/vmath.h"

#if CNN_X86
CNN_TARGET_AVX2 static inline __m256 cnn_sm_vexp_f32_avx2(__m256 v) { return cnn_exp_f32x8(v); }
CNN_TARGET_AVX2 static inline __m256d cnn_sm_vexp_f64_avx2(__m256d v) {
  return cnn_exp_f64x4(v);
}
CNN_TARGET_AVX512 static inline __m512 cnn_sm_vexp_f32_avx512(__m512 v) {
  return cnn_exp_f32x16(v);
}
CNN_TARGET_AVX512 static inline __m512d cnn_sm_vexp_f64_avx512(__m512d v) {
  return cnn_exp_f64x8(v);
}
#endif
#endif  // CNNOPS_SOFTMAX_VEXP_H
