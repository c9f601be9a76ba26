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

/// Inference packing of a Linear weight (what cnnops.nn.utils.freeze uses).
///
/// The pack is a 64-byte header recording (in_features, out_features, dtype),
/// then the weight as panels of W = 64 / sizeof(T) output rows (16 floats,
/// 8 doubles: one cache line per k): panels[(q * in + p) * W + j] =
/// w[q * W + j, p], zero for rows past out_features.  The format is the same
/// for every ISA, so a pack stays valid whatever kernel runs later; a pack
/// of another shape or dtype is refused (CNN_ESHAPE).  Keep it 64-byte
/// aligned for speed (any alignment is correct).
/// The forward then streams one contiguous panel per W outputs instead of W
/// rows of w, and needs no per-call packing (the small-batch case where
/// ONNX Runtime's constant-weight prepacking otherwise wins).
///
/// cnn_linear_packed_size_*: the number of elements of the pack, or -1 when
/// a size is negative or the pack would not fit in int64 bytes.
int64_t cnn_linear_packed_size_f32(int64_t in_features, int64_t out_features);
int64_t cnn_linear_packed_size_f64(int64_t in_features, int64_t out_features);

/// Packs w (out_features x in_features, element (j, p) at w[j * rsw + p * csw])
/// into packed, which holds packed_size elements: exactly
/// cnn_linear_packed_size_*(in_features, out_features), else CNN_ESHAPE.
cnn_status cnn_linear_pack_f32(int64_t in_features, int64_t out_features,
                               const float *w, int64_t rsw, int64_t csw,
                               float *packed, int64_t packed_size);
cnn_status cnn_linear_pack_f64(int64_t in_features, int64_t out_features,
                               const double *w, int64_t rsw, int64_t csw,
                               double *packed, int64_t packed_size);

/// y = x W^T + b from a pack made by cnn_linear_pack_* (packed_size checked
/// as there).  x, bias and y as in cnn_linear_fwd_*.  Each y[i, j] is
/// bias[j] + (x[i, 0] w[j, 0] + x[i, 1] w[j, 1] + ...) with one fused
/// multiply-add per k in order, so the result is bitwise the same for every
/// thread count, batch size, row position and ISA (the unpacked path adds
/// in another order: the two agree to rounding, not bitwise).
cnn_status cnn_linear_fwd_packed_f32(int64_t batch, int64_t in_features,
                                     int64_t out_features, const float *x,
                                     int64_t rsx, int64_t csx,
                                     const float *packed, int64_t packed_size,
                                     const float *bias, float *y);
cnn_status cnn_linear_fwd_packed_f64(int64_t batch, int64_t in_features,
                                     int64_t out_features, const double *x,
                                     int64_t rsx, int64_t csx,
                                     const double *packed, int64_t packed_size,
                                     const double *bias, double *y);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_LINEAR_H
