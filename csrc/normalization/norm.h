// SPDX-License-Identifier: BSD-3-Clause
// Internal: helpers shared by the normalisation drivers (argument checks,
// per-row statistics from chunked moments, workspace).
#ifndef CNNOPS_NORMALIZATION_NORM_H
#define CNNOPS_NORMALIZATION_NORM_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cnnops/normalization.h"
#include "internal/check.h"
#include "internal/parallel.h"
#include "normalization/kernels.h"

// Validates an (n, c, s) array of `elem`-byte elements; *numel = n*c*s.
static inline cnn_status cnn_norm_check_ncs(int64_t n, int64_t c, int64_t s, int64_t elem,
                                            int64_t *numel) {
  int64_t dims[3] = {n, c, s};
  return cnn_numel(dims, 3, elem, numel);
}

// Number of chunks a reduction of `len` elements is cut into.
static inline int64_t cnn_norm_nchunks(int64_t len) {
  return len <= 0 ? 0 : (len + CNN_NORM_CHUNK - 1) / CNN_NORM_CHUNK;
}

// The shift of a reduction: its first element if finite, else 0 (a shift
// close to the mean keeps sum((x-K)^2) free of cancellation).
static inline double cnn_norm_shift(double first) {
  return isfinite(first) ? first : 0.0;
}

// Statistics of cnt values from their shifted sums.  m2 = sum((x-mean)^2).
typedef struct cnn_norm_stats {
  double mean, m2;
} cnn_norm_stats;

static inline cnn_norm_stats cnn_norm_finish(double sum, double sq, double shift, int64_t cnt) {
  cnn_norm_stats st;
  double off = sum / (double)cnt;
  double m2 = sq - sum * off;
  st.mean = shift + off;
  st.m2 = m2 < 0.0 ? 0.0 : m2;  // rounding; NaN stays NaN
  return st;
}

static inline double cnn_norm_rstd(double var, double eps) { return 1.0 / sqrt(var + eps); }

// Per-dtype helper: chunked moments of a contiguous row.
#define CNN_NORM_DEFINE_HELPERS(T, SUF)                                             \
  static inline void cnn_norm_row_moments_##SUF(const cnn_norm_table_##SUF *tab,    \
                                                const T *x, int64_t len, double shift, \
                                                double *sum, double *sq) {          \
    double s = 0.0, q = 0.0;                                                        \
    for (int64_t i = 0; i < len; i += CNN_NORM_CHUNK) {                             \
      double cs, cq;                                                                \
      tab->moments(x + i, len - i < CNN_NORM_CHUNK ? len - i : CNN_NORM_CHUNK,      \
                   shift, &cs, &cq);                                                \
      s += cs;                                                                      \
      q += cq;                                                                      \
    }                                                                               \
    *sum = s;                                                                       \
    *sq = q;                                                                        \
  }
CNN_NORM_DEFINE_HELPERS(float, f32)
CNN_NORM_DEFINE_HELPERS(double, f64)

// Internal group norm (groupnorm.c), used by instance norm: like the public
// one, but optional per-group outputs in double: mean and m2 (sum of squared
// deviations).  No argument checks.
cnn_status cnn_group_norm_impl_f32(int64_t n, int64_t c, int64_t s, int64_t groups,
                                   const float *x, const float *weight, const float *bias,
                                   double eps, float *y, double *mean, double *m2);
cnn_status cnn_group_norm_impl_f64(int64_t n, int64_t c, int64_t s, int64_t groups,
                                   const double *x, const double *weight,
                                   const double *bias, double eps, double *y, double *mean,
                                   double *m2);

// Internal layer norm (groupnorm.c's row driver with a per-element affine).
cnn_status cnn_layer_norm_impl_f32(int64_t m, int64_t d, const float *x, const float *weight,
                                   const float *bias, double eps, float *y);
cnn_status cnn_layer_norm_impl_f64(int64_t m, int64_t d, const double *x,
                                   const double *weight, const double *bias, double eps,
                                   double *y);

#endif  // CNNOPS_NORMALIZATION_NORM_H
