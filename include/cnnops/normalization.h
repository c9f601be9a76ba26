// SPDX-License-Identifier: BSD-3-Clause
// cnnops/normalization.h - batch, group, instance and layer normalisation,
// local response normalisation and Lp normalize (forward).
//
// Layout: x is a dense C-order array seen as (n, c, s): n batch entries, c
// channels, s = the product of the trailing (spatial) dims (1 if none).
// Statistics of float32 data are accumulated in float64 around a shift (the
// first element of each reduction), so large offsets keep full accuracy.
// Every reduction is split into fixed chunks combined in a fixed order, so
// results are bitwise identical for every thread count.  x and y may be the
// same buffer (in place) but must not otherwise overlap.  weight and bias
// may be NULL (meaning 1 and 0).  Return CNN_OK, or CNN_ESHAPE (negative or
// inconsistent sizes), CNN_EOVERFLOW, CNN_ENULL (missing pointer for a
// non-empty array), CNN_EINVAL (hyper-parameter out of range), CNN_ENOMEM.
#ifndef CNNOPS_NORMALIZATION_H
#define CNNOPS_NORMALIZATION_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Batch normalisation over (n, s) per channel, as torch.batch_norm.
/// training != 0: y = (x - mean)/sqrt(var + eps)*w + b with the batch mean
///   and biased variance; if running_mean/running_var are given (both or
///   neither) they are updated in place, unless n*s == 0:
///   rm = momentum*mean + (1-momentum)*rm,
///   rv = momentum*var*cnt/(cnt-1) + (1-momentum)*rv   (cnt = n*s).
/// training == 0: uses running_mean/running_var (both required if c > 0).
/// eps must be >= 0 (and not NaN).
cnn_status cnn_batch_norm_fwd_f32(int64_t n, int64_t c, int64_t s, const float *x,
                                  const float *weight, const float *bias,
                                  float *running_mean, float *running_var, int training,
                                  double momentum, double eps, float *y);
cnn_status cnn_batch_norm_fwd_f64(int64_t n, int64_t c, int64_t s, const double *x,
                                  const double *weight, const double *bias,
                                  double *running_mean, double *running_var, int training,
                                  double momentum, double eps, double *y);

/// Group normalisation, as torch.group_norm: groups must divide c (> 0);
/// group g of entry i holds channels [g*c/groups, (g+1)*c/groups) x s.
/// Optional outputs mean/var (n*groups each): the group mean and biased
/// variance.
cnn_status cnn_group_norm_fwd_f32(int64_t n, int64_t c, int64_t s, int64_t groups,
                                  const float *x, const float *weight, const float *bias,
                                  double eps, float *y, float *mean, float *var);
cnn_status cnn_group_norm_fwd_f64(int64_t n, int64_t c, int64_t s, int64_t groups,
                                  const double *x, const double *weight, const double *bias,
                                  double eps, double *y, double *mean, double *var);

/// Instance normalisation, as torch.instance_norm.
/// use_input_stats != 0: per (n, c) statistics over s (group norm with
///   groups = c); if running_mean/running_var are given they are updated in
///   place: rm = momentum*mean_n(mean) + (1-momentum)*rm and
///   rv = momentum*mean_n(unbiased var) + (1-momentum)*rv (NaN when n == 0,
///   as PyTorch).
/// use_input_stats == 0: normalises with the running statistics (required).
cnn_status cnn_instance_norm_fwd_f32(int64_t n, int64_t c, int64_t s, const float *x,
                                     const float *weight, const float *bias,
                                     float *running_mean, float *running_var,
                                     int use_input_stats, double momentum, double eps,
                                     float *y);
cnn_status cnn_instance_norm_fwd_f64(int64_t n, int64_t c, int64_t s, const double *x,
                                     const double *weight, const double *bias,
                                     double *running_mean, double *running_var,
                                     int use_input_stats, double momentum, double eps,
                                     double *y);

/// Layer normalisation of m rows of d elements: y = (x - mean)/sqrt(var +
/// eps)*weight[j] + bias[j] (weight and bias have d elements, or NULL).
cnn_status cnn_layer_norm_fwd_f32(int64_t m, int64_t d, const float *x, const float *weight,
                                  const float *bias, double eps, float *y);
cnn_status cnn_layer_norm_fwd_f64(int64_t m, int64_t d, const double *x, const double *weight,
                                  const double *bias, double eps, double *y);

/// Local response normalisation across channels, as PyTorch:
/// y_c = x_c / (k + alpha/size * sum_{c'=c-size/2}^{c+(size-1)/2} x_c'^2)^beta
/// (channels outside [0, c) count as zero).  size >= 1.  Not in place.
/// Each window sum is kept as a running sum in float64 (O(1) per element)
/// and recomputed from the window when it is not finite or has shrunk far
/// below its recent maximum.
cnn_status cnn_local_response_norm_fwd_f32(int64_t n, int64_t c, int64_t s, int64_t size,
                                           double alpha, double beta, double k,
                                           const float *x, float *y);
cnn_status cnn_local_response_norm_fwd_f64(int64_t n, int64_t c, int64_t s, int64_t size,
                                           double alpha, double beta, double k,
                                           const double *x, double *y);

/// Lp normalisation along the middle axis of an (outer, len, inner) array:
/// y = x / max(||x||_p, eps), ||.||_p as torch.linalg.vector_norm (p = inf:
/// max |x|, -inf: min |x|, 0: count of non-zeros, else (sum |x|^p)^(1/p)).
cnn_status cnn_normalize_fwd_f32(int64_t outer, int64_t len, int64_t inner, double p,
                                 double eps, const float *x, float *y);
cnn_status cnn_normalize_fwd_f64(int64_t outer, int64_t len, int64_t inner, double p,
                                 double eps, const double *x, double *y);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_NORMALIZATION_H
