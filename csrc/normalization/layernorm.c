// SPDX-License-Identifier: BSD-3-Clause
// Layer normalisation: m rows of d elements, each normalised by its own
// mean and biased variance, then y = xhat * weight[j] + bias[j].  The work
// is done by the row driver in groupnorm.c.
#include "normalization/norm.h"

#define DEFINE_LAYER_NORM(T, SUF)                                                     \
  cnn_status cnn_layer_norm_fwd_##SUF(int64_t m, int64_t d, const T *x, const T *weight, \
                                      const T *bias, double eps, T *y) {              \
    int64_t numel;                                                                    \
    cnn_status st = cnn_norm_check_ncs(m, d, 1, sizeof(T), &numel);                   \
    if (st != CNN_OK) return st;                                                      \
    CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);                   \
    if (numel == 0) return CNN_OK;                                                    \
    return cnn_layer_norm_impl_##SUF(m, d, x, weight, bias, eps, y);                  \
  }
DEFINE_LAYER_NORM(float, f32)
DEFINE_LAYER_NORM(double, f64)
