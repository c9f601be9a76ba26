// SPDX-License-Identifier: BSD-3-Clause
// cnnops/linear.h - fully connected layer (PyTorch's nn.Linear).
#ifndef CNNOPS_LINEAR_H
#define CNNOPS_LINEAR_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// y[i, j] = sum_p x[i, p] * w[j, p] + bias[j]   (y = x W^T + b)
///
/// batch rows of in_features inputs give batch rows of out_features outputs.
/// x is batch x in_features with element (i, p) at x[i * rsx + p * csx]; w is
/// PyTorch's weight, out_features x in_features, element (j, p) at
/// w[j * rsw + p * csw] (dense row-major: rsx = rsw = in_features,
/// csx = csw = 1); bias has out_features contiguous elements or is NULL;
/// y is dense row-major batch x out_features.  in_features == 0 gives
/// y = bias (or 0).  Runs on cnn_sgemm/cnn_dgemm (bias fused into the
/// kernels' stores) and has the same threading, determinism, validation and
/// status codes; y must not overlap x, w or bias.  The caller guarantees the
/// described extents lie inside its buffers.
cnn_status cnn_linear_fwd_f32(int64_t batch, int64_t in_features,
                              int64_t out_features, const float *x,
                              int64_t rsx, int64_t csx, const float *w,
                              int64_t rsw, int64_t csw, const float *bias,
                              float *y);
cnn_status cnn_linear_fwd_f64(int64_t batch, int64_t in_features,
                              int64_t out_features, const double *x,
                              int64_t rsx, int64_t csx, const double *w,
                              int64_t rsw, int64_t csw, const double *bias,
                              double *y);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_LINEAR_H
