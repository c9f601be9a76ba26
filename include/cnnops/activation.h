// SPDX-License-Identifier: BSD-3-Clause
// cnnops/activation.h - pointwise activations (softmax: cnnops/softmax.h).
//
// Pointwise functions take n >= 0 elements; x and y may be the same buffer
// (in-place) but must not otherwise overlap.  Every function validates its
// arguments (n >= 0, n * sizeof(T) fits, pointers non-NULL when n > 0,
// parameters in range) and returns a cnn_status before writing anything.
// Results are bitwise identical for any thread count.  Semantics follow
// PyTorch 2.13 (NaN propagates; -0, +-inf as documented per function).
// Accuracy: float32 results within 1e-6 relative (1e-7 absolute) of the
// exact value, float64 within 1e-12.
#ifndef CNNOPS_ACTIVATION_H
#define CNNOPS_ACTIVATION_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// y = max(x, 0) as PyTorch's clamp_min: relu(-0) = -0, relu(NaN) = NaN.
cnn_status cnn_relu_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_relu_fwd_f64(int64_t n, const double *x, double *y);

/// y = min(max(x, 0), 6) (hardtanh(x, 0, 6)): -0 stays -0, NaN propagates.
cnn_status cnn_relu6_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_relu6_fwd_f64(int64_t n, const double *x, double *y);

/// y = x > 0 ? x : x * negative_slope (any slope, including negative).
cnn_status cnn_leaky_relu_fwd_f32(int64_t n, float negative_slope, const float *x, float *y);
cnn_status cnn_leaky_relu_fwd_f64(int64_t n, double negative_slope, const double *x, double *y);

/// PReLU over an (outer, channels, inner) C-contiguous array:
/// y = x > 0 ? x : w[c] * x with c the channel index (num_weights ==
/// channels), or w[0] for every element (num_weights == 1).  Any other
/// num_weights is CNN_ESHAPE.  CNN_ENOMEM if a small slope table cannot be
/// allocated (only for inner < 32 with num_weights > 1).
cnn_status cnn_prelu_fwd_f32(int64_t outer, int64_t channels, int64_t inner,
                             int64_t num_weights, const float *x, const float *w, float *y);
cnn_status cnn_prelu_fwd_f64(int64_t outer, int64_t channels, int64_t inner,
                             int64_t num_weights, const double *x, const double *w,
                             double *y);

/// RReLU, training mode: y = x <= 0 ? x * noise[i] : x, with noise[i] the
/// slope the caller drew from U(lower, upper) (eval mode is leaky_relu with
/// slope (lower + upper) / 2).
cnn_status cnn_rrelu_fwd_f32(int64_t n, const float *x, const float *noise, float *y);
cnn_status cnn_rrelu_fwd_f64(int64_t n, const double *x, const double *noise, double *y);

/// y = 1 / (1 + exp(-x)), evaluated stably (no overflow for any x).
cnn_status cnn_sigmoid_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_sigmoid_fwd_f64(int64_t n, const double *x, double *y);

/// y = tanh(x); tanh(-0) = -0.
cnn_status cnn_tanh_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_tanh_fwd_f64(int64_t n, const double *x, double *y);

/// y = min(max(x + 3, 0), 6) / 6.
cnn_status cnn_hardsigmoid_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_hardsigmoid_fwd_f64(int64_t n, const double *x, double *y);

/// y = x * min(max(x + 3, 0), 6) / 6; hardswish(-inf) = NaN as in PyTorch.
cnn_status cnn_hardswish_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_hardswish_fwd_f64(int64_t n, const double *x, double *y);

/// y = x * sigmoid(x); silu(-inf) = NaN as in PyTorch.
cnn_status cnn_silu_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_silu_fwd_f64(int64_t n, const double *x, double *y);

/// y = x * tanh(log1p(exp(x))); mish(-inf) = NaN as in PyTorch.
cnn_status cnn_mish_fwd_f32(int64_t n, const float *x, float *y);
cnn_status cnn_mish_fwd_f64(int64_t n, const double *x, double *y);

/// y = x if beta * x > threshold (strict) else log1p(exp(beta * x)) / beta,
/// the latter evaluated stably (finite for every finite beta * x).  Any
/// beta and threshold (beta = 0 gives +inf, as PyTorch).
cnn_status cnn_softplus_fwd_f32(int64_t n, float beta, float threshold, const float *x, float *y);
cnn_status cnn_softplus_fwd_f64(int64_t n, double beta, double threshold, const double *x,
                                double *y);

/// y = x > 0 ? x : alpha * expm1(x) (any alpha).
cnn_status cnn_elu_fwd_f32(int64_t n, float alpha, const float *x, float *y);
cnn_status cnn_elu_fwd_f64(int64_t n, double alpha, const double *x, double *y);

/// GELU: CNN_GELU_NONE: y = x/2 * (1 + erf(x / sqrt 2)) (evaluated as
/// x/2 * erfc(-x / sqrt 2), accurate for negative x);  CNN_GELU_TANH:
/// y = x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).  Another value of
/// `approximate` is CNN_EINVAL.  gelu(-inf) = NaN; gelu(+inf) = +inf for
/// float64 and NaN for float32 (exact GELU), as PyTorch 2.13 gives.
typedef enum cnn_gelu_approx { CNN_GELU_NONE = 0, CNN_GELU_TANH = 1 } cnn_gelu_approx;
cnn_status cnn_gelu_fwd_f32(int64_t n, cnn_gelu_approx approximate, const float *x, float *y);
cnn_status cnn_gelu_fwd_f64(int64_t n, cnn_gelu_approx approximate, const double *x, double *y);

/// Outputs of at least this many bytes are written with non-temporal
/// (streaming) stores, past the caches: more than a quarter of the CPU's
/// last-level cache (Linux sysfs), or 4 MiB where that is unknown.  Only
/// speed depends on it, never a value.
size_t cnn_activation_stream_min_bytes(void);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_ACTIVATION_H
