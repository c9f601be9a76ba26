// SPDX-License-Identifier: BSD-3-Clause
// Portable reference kernels for pointwise activations (always built; also
// the oracle the SIMD kernels are tested against).
#include "activation/vunary.h"

// relu as PyTorch's clamp_min(x, 0): -0 stays -0, NaN propagates.
#define DEFINE_VRELU(T, NAME)                                              \
  void NAME(size_t n, const T *x, T *y, const void *params) {              \
    (void)params;                                                          \
    for (size_t i = 0; i < n; ++i) y[i] = x[i] < (T)0 ? (T)0 : x[i];       \
  }
DEFINE_VRELU(float, cnn_f32_vrelu__scalar)
DEFINE_VRELU(double, cnn_f64_vrelu__scalar)
