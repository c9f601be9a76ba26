// SPDX-License-Identifier: BSD-3-Clause
// AVX2/FMA kernels for pointwise activations, compiled with a target
// attribute and chosen at run time (see internal/cpu.h).
#include "activation/vunary.h"
#include "internal/cpu.h"

#if CNN_X86
// max(0, x) returns its second operand when either is NaN or both are zero,
// which gives relu(NaN) = NaN and relu(-0) = -0 as clamp_min does.
CNN_TARGET_AVX2 void cnn_f32_vrelu__avx2(size_t n, const float *x, float *y,
                                         const void *params) {
  (void)params;
  const __m256 zero = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
    __m256 c = _mm256_loadu_ps(x + i + 16), d = _mm256_loadu_ps(x + i + 24);
    _mm256_storeu_ps(y + i, _mm256_max_ps(zero, a));
    _mm256_storeu_ps(y + i + 8, _mm256_max_ps(zero, b));
    _mm256_storeu_ps(y + i + 16, _mm256_max_ps(zero, c));
    _mm256_storeu_ps(y + i + 24, _mm256_max_ps(zero, d));
  }
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_max_ps(zero, _mm256_loadu_ps(x + i)));
  for (; i < n; ++i) y[i] = x[i] < 0.0f ? 0.0f : x[i];
}

CNN_TARGET_AVX2 void cnn_f64_vrelu__avx2(size_t n, const double *x, double *y,
                                         const void *params) {
  (void)params;
  const __m256d zero = _mm256_setzero_pd();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(x + i + 4);
    __m256d c = _mm256_loadu_pd(x + i + 8), d = _mm256_loadu_pd(x + i + 12);
    _mm256_storeu_pd(y + i, _mm256_max_pd(zero, a));
    _mm256_storeu_pd(y + i + 4, _mm256_max_pd(zero, b));
    _mm256_storeu_pd(y + i + 8, _mm256_max_pd(zero, c));
    _mm256_storeu_pd(y + i + 12, _mm256_max_pd(zero, d));
  }
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(y + i, _mm256_max_pd(zero, _mm256_loadu_pd(x + i)));
  for (; i < n; ++i) y[i] = x[i] < 0.0 ? 0.0 : x[i];
}
#else
// Non-x86 builds: the dispatcher never selects these; alias the scalar ones.
void cnn_f32_vrelu__avx2(size_t n, const float *x, float *y, const void *p) {
  cnn_f32_vrelu__scalar(n, x, y, p);
}
void cnn_f64_vrelu__avx2(size_t n, const double *x, double *y, const void *p) {
  cnn_f64_vrelu__scalar(n, x, y, p);
}
#endif
