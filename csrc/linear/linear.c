// SPDX-License-Identifier: BSD-3-Clause
// Linear forward, y = x W^T + b: one GEMM with A = x, B = W^T (W's strides
// swapped, no copy) and the bias fused into the micro-kernels' stores.
#include "cnnops/linear.h"

#include "gemm/gemm.h"

cnn_status cnn_linear_fwd_f32(int64_t batch, int64_t in_features,
                              int64_t out_features, const float *x,
                              int64_t rsx, int64_t csx, const float *w,
                              int64_t rsw, int64_t csw, const float *bias,
                              float *y) {
  return cnn_f32_gemm_bias(batch, out_features, in_features, 1.0f, x, rsx, csx,
                           w, csw, rsw, 0.0f, y, out_features, 1, bias);
}

cnn_status cnn_linear_fwd_f64(int64_t batch, int64_t in_features,
                              int64_t out_features, const double *x,
                              int64_t rsx, int64_t csx, const double *w,
                              int64_t rsw, int64_t csw, const double *bias,
                              double *y) {
  return cnn_f64_gemm_bias(batch, out_features, in_features, 1.0, x, rsx, csx,
                           w, csw, rsw, 0.0, y, out_features, 1, bias);
}
