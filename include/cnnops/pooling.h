// SPDX-License-Identifier: BSD-3-Clause
// cnnops/pooling.h - 2-D max/average pooling, max unpooling and adaptive
// pooling over dense NCHW arrays (1-D pooling is 2-D pooling with H = 1).
//
// Semantics are PyTorch's (torch.nn.functional.max_pool2d, avg_pool2d,
// max_unpool2d, adaptive_{avg,max}_pool2d):
//  * window o covers input positions o*stride - pad + i*dilation;
//    positions outside the input are skipped (max) or counted per
//    count_include_pad (average);
//  * max: NaN wins (the last NaN in row-major window order), ties keep the
//    first index; indices are int64 flat offsets h*W + w within each (n, c)
//    plane of the input, exactly PyTorch's, so they round-trip through
//    cnn_maxunpool2d_fwd and torch's max_unpool2d.
// Every function validates all of its arguments and returns a status before
// writing anything; N*C == 0 returns CNN_OK without touching the buffers.
#ifndef CNNOPS_POOLING_H
#define CNNOPS_POOLING_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Shape and hyper-parameters of a max/average pooling call.  Fill every
/// field but out_h/out_w, then call cnn_pool2d_output_shape().  For average
/// pooling, dh = dw = 1.  divisor_override = 0 means "not set"; any other
/// value (negative too) divides every window sum, as in PyTorch.
typedef struct cnn_pool2d_params {
  int64_t n, c, h, w;          // input (N, C, H, W)
  int64_t kh, kw;              // kernel size, >= 1
  int64_t sh, sw;              // stride, >= 1
  int64_t ph, pw;              // padding, 0 <= p <= k / 2
  int64_t dh, dw;              // dilation, >= 1
  int32_t ceil_mode;           // 0 or 1
  int32_t count_include_pad;   // average only: 0 or 1
  int64_t divisor_override;    // average only: 0 = none
  int64_t out_h, out_w;        // filled by cnn_pool2d_output_shape
} cnn_pool2d_params;

/// Fills p->out_h and p->out_w with PyTorch's pooling_output_shape:
///   out = floor((in + 2p - (d*(k-1)+1) + (ceil ? s-1 : 0)) / s) + 1,
///   and in ceil mode out -= 1 if (out-1)*s >= in + p (the last window must
///   start inside the input or the left padding).
/// Returns CNN_EINVAL if a hyper-parameter is out of range (k, s, d < 1 or
/// > INT32_MAX, p < 0 or p > k/2) or an output dim is < 1, CNN_ESHAPE for
/// negative or zero h/w or negative n/c; out dims are unchanged on error.
cnn_status cnn_pool2d_output_shape(cnn_pool2d_params *p);

/// y[n,c,oh,ow] = max over the window (NaN propagates); if idx != NULL it
/// receives the flat in-plane index of that max.  y and idx are
/// (N, C, out_h, out_w); p->out_h/out_w must be what
/// cnn_pool2d_output_shape gives (else CNN_ESHAPE).  Threads: N*C planes
/// (and rows when N*C is small); results do not depend on the thread count.
cnn_status cnn_maxpool2d_fwd_f32(const cnn_pool2d_params *p, const float *x, float *y,
                                 int64_t *idx);
cnn_status cnn_maxpool2d_fwd_f64(const cnn_pool2d_params *p, const double *x, double *y,
                                 int64_t *idx);

/// y[n,c,oh,ow] = (sum of the window's in-bounds inputs, summed row-major)
/// / divisor, where divisor is divisor_override if set, else the window
/// area clipped to the padded input (count_include_pad) or to the input.
cnn_status cnn_avgpool2d_fwd_f32(const cnn_pool2d_params *p, const float *x, float *y);
cnn_status cnn_avgpool2d_fwd_f64(const cnn_pool2d_params *p, const double *x, double *y);

/// Max unpooling: x and idx are (N, C, H, W), y is (N, C, out_h, out_w).
typedef struct cnn_unpool2d_params {
  int64_t n, c, h, w;  // input and indices
  int64_t out_h, out_w;
} cnn_unpool2d_params;

/// y = 0, then y[n,c].flat[idx[n,c,i]] = x[n,c,i] in row-major order of i
/// (so the last of duplicate indices wins).  Every index is checked to lie
/// in [0, out_h*out_w) BEFORE anything is written: one bad index returns
/// CNN_EINDEX with y untouched.  If out_h*out_w == 0 the indices are not
/// read (PyTorch skips the check too).
cnn_status cnn_maxunpool2d_fwd_f32(const cnn_unpool2d_params *p, const float *x,
                                   const int64_t *idx, float *y);
cnn_status cnn_maxunpool2d_fwd_f64(const cnn_unpool2d_params *p, const double *x,
                                   const int64_t *idx, double *y);

/// Position of the last index (row-major over all N*C*H*W) outside
/// [0, out_h*out_w) in *pos, or -1 if all are valid.  For error messages
/// (single-threaded PyTorch reports the last invalid index).
cnn_status cnn_maxunpool2d_find_invalid(const cnn_unpool2d_params *p, const int64_t *idx,
                                        int64_t *pos);

/// Adaptive pooling of (N, C, H, W) to (N, C, out_h, out_w): bin i covers
/// [floor(i*H/out_h), ceil((i+1)*H/out_h)) (the same along W).  Average
/// divides by the bin area; max follows the max-pool rules and fills idx
/// (flat in-plane indices) when idx != NULL.  out_h/out_w >= 0; h, w >= 1.
typedef struct cnn_adaptive_pool2d_params {
  int64_t n, c, h, w;
  int64_t out_h, out_w;
} cnn_adaptive_pool2d_params;

cnn_status cnn_adaptive_avgpool2d_fwd_f32(const cnn_adaptive_pool2d_params *p, const float *x,
                                          float *y);
cnn_status cnn_adaptive_avgpool2d_fwd_f64(const cnn_adaptive_pool2d_params *p, const double *x,
                                          double *y);
cnn_status cnn_adaptive_maxpool2d_fwd_f32(const cnn_adaptive_pool2d_params *p, const float *x,
                                          float *y, int64_t *idx);
cnn_status cnn_adaptive_maxpool2d_fwd_f64(const cnn_adaptive_pool2d_params *p, const double *x,
                                          double *y, int64_t *idx);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_POOLING_H
