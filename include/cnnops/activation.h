// SPDX-License-Identifier: BSD-3-Clause
// cnnops/activation.h - pointwise activations and softmax.
//
// Pointwise functions take n >= 0 elements; x and y may be the same buffer
// (in-place) but must not otherwise overlap.
#ifndef CNNOPS_ACTIVATION_H
#define CNNOPS_ACTIVATION_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// y = max(x, 0) as PyTorch's clamp_min: relu(-0) = -0, relu(NaN) = NaN.
cnn_status cnn_relu_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_relu_fwd_f64(int64_t n, const double *x, double *y);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_ACTIVATION_H
