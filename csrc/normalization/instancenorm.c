// SPDX-License-Identifier: BSD-3-Clause
// Instance normalisation: group normalisation with one group per channel,
// plus PyTorch's running-statistics update (the batch mean of the
// per-instance statistics; NaN for an empty batch), or, without input
// statistics, batch normalisation with the running statistics.
#include "normalization/norm.h"

#define DEFINE_INSTANCE_NORM(T, SUF)                                                    \
  cnn_status cnn_instance_norm_fwd_##SUF(int64_t n, int64_t c, int64_t s, const T *x,    \
                                         const T *weight, const T *bias,                 \
                                         T *running_mean, T *running_var,                \
                                         int use_input_stats, double momentum,           \
                                         double eps, T *y) {                             \
    int64_t numel;                                                                      \
    cnn_status st = cnn_norm_check_ncs(n, c, s, sizeof(T), &numel);                     \
    if (st != CNN_OK) return st;                                                        \
    CNN_REQUIRE((running_mean == NULL) == (running_var == NULL), CNN_EINVAL);           \
    CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);                     \
    if (!use_input_stats) {                                                             \
      CNN_REQUIRE(c == 0 || running_mean != NULL, CNN_ENULL);                           \
      return cnn_batch_norm_fwd_##SUF(n, c, s, x, weight, bias, running_mean,           \
                                      running_var, 0, momentum, eps, y);                \
    }                                                                                   \
    int track = running_mean != NULL && c > 0;                                          \
    double *work = NULL;                                                                \
    if (track && n > 0) {                                                               \
      work = malloc(sizeof(double) * 2 * (size_t)(n * c));                              \
      if (work == NULL) return CNN_ENOMEM;                                              \
    }                                                                                   \
    if (n > 0 && c > 0)                                                                 \
      st = cnn_group_norm_impl_##SUF(n, c, s, c, x, weight, bias, eps, y, work,         \
                                     work ? work + n * c : NULL);                       \
    if (st == CNN_OK && track && !(s == 0 && n > 0)) {                                  \
      /* PyTorch: mean over the batch of the updated per-instance copies */             \
      for (int64_t ch = 0; ch < c; ++ch) {                                              \
        double mu = 0.0, var = 0.0;                                                     \
        for (int64_t i = 0; i < n; ++i) {                                               \
          mu += work[i * c + ch];                                                       \
          var += work[n * c + i * c + ch] / (double)(s - 1);                            \
        }                                                                               \
        mu /= (double)n; /* n == 0: NaN, as PyTorch */                                  \
        var /= (double)n;                                                               \
        running_mean[ch] =                                                              \
            (T)(momentum * mu + (1.0 - momentum) * (double)running_mean[ch]);           \
        running_var[ch] = (T)(momentum * var + (1.0 - momentum) * (double)running_var[ch]); \
      }                                                                                 \
    }                                                                                   \
    free(work);                                                                         \
    return st;                                                                          \
  }
DEFINE_INSTANCE_NORM(float, f32)
DEFINE_INSTANCE_NORM(double, f64)
