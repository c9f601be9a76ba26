// SPDX-License-Identifier: BSD-3-Clause
// cnnops/softmax.h - softmax, log-softmax and softmin along one dimension.
//
// A C-ordered array of any rank is seen as (outer, dim, inner): the reduced
// axis has `dim` elements, `outer` is the product of the sizes before it and
// `inner` the product of the sizes after it.  Element (o, d, i) is at
// x[(o * dim + d) * inner + i], so no transpose is ever needed.
//
// Semantics are PyTorch's (torch.softmax / log_softmax / softmin):
//   softmax:     y = exp(x - m) / sum_d exp(x - m),  m = max_d x
//   log_softmax: y = (x - m) - log(sum_d exp(x - m))
//   softmin:     softmax(-x)
// A slice whose values are all -inf, or that holds a NaN or a +inf (for
// softmin: a -inf), comes out as all NaN; -inf entries of an otherwise
// finite slice give 0 (log_softmax: -inf).
//
// Every slice is reduced by one thread in a fixed order, so results are
// bitwise identical for any thread count.  float32 sums are accumulated in
// float64.  x and y may be the same buffer (in-place) but must not
// otherwise overlap.
//
// Returns CNN_ESHAPE for a negative size, CNN_EOVERFLOW if outer*dim*inner
// (in bytes) overflows int64, CNN_ENULL for a NULL pointer with a non-empty
// array, CNN_ENOMEM if a work buffer cannot be allocated; nothing is
// written unless the result is CNN_OK.  An empty array is a no-op.
#ifndef CNNOPS_SOFTMAX_H
#define CNNOPS_SOFTMAX_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// y = softmax(x) along the middle axis of the (outer, dim, inner) view.
cnn_status cnn_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                               const float *x, float *y);
cnn_status cnn_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                               const double *x, double *y);

/// y = log_softmax(x) along the middle axis of the (outer, dim, inner) view.
cnn_status cnn_log_softmax_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                                   const float *x, float *y);
cnn_status cnn_log_softmax_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                                   const double *x, double *y);

/// y = softmin(x) = softmax(-x) along the middle axis (no negated copy).
cnn_status cnn_softmin_fwd_f32(int64_t outer, int64_t dim, int64_t inner,
                               const float *x, float *y);
cnn_status cnn_softmin_fwd_f64(int64_t outer, int64_t dim, int64_t inner,
                               const double *x, double *y);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_SOFTMAX_H
