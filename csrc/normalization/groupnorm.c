// SPDX-License-Identifier: BSD-3-Clause
// Group normalisation, and the row driver it shares with layer and instance
// normalisation: `rows` contiguous rows of `d` elements, each normalised by
// its own mean and biased variance, then scaled and shifted per channel
// (group norm: channel = group's first channel + j / s) or per element
// (layer norm).
//
// A row is reduced in chunks of CNN_NORM_CHUNK combined in order.  With many
// rows each thread takes whole rows and normalises each one right after its
// statistics (the row is still in cache); with few long rows the (row,
// chunk) items are spread over the threads, and the partial sums combined
// in the same order, so the bits never depend on the thread count.
//
// The per-dtype body below is compiled twice (this file includes itself).
#ifndef CNN_NORM_BODY
#include "normalization/norm.h"

#define NP_(a, b) a##_##b
#define NP(a, b) NP_(a, b)
#define CNN_NORM_BODY
#define T float
#define SUF f32
#include "normalization/groupnorm.c"
#undef T
#undef SUF
#define T double
#define SUF f64
#include "normalization/groupnorm.c"
#undef T
#undef SUF
#undef CNN_NORM_BODY

#else  // CNN_NORM_BODY: per-dtype body

#define TAB NP(cnn_norm_table, SUF)

typedef struct NP(rows_job, SUF) {
  const TAB *tab;
  int64_t d, s, groups;  // groups == 0: per-element affine (layer norm)
  int stream;            // non-temporal output stores
  const T *x, *w, *b;
  T *y;
} NP(rows_job, SUF);

// Normalise elements [lo, hi) of row r.
static void NP(rows_apply, SUF)(const NP(rows_job, SUF) *jb, int64_t r, int64_t lo,
                                int64_t hi, double mean, double rstd) {
  const T *x = jb->x + r * jb->d;
  T *y = jb->y + r * jb->d;
  if (jb->groups == 0) {
    jb->tab->affine_row(x + lo, hi - lo, mean, rstd, jb->w ? jb->w + lo : NULL,
                        jb->b ? jb->b + lo : NULL, y + lo, jb->stream);
    return;
  }
  if (jb->w == NULL && jb->b == NULL) {
    jb->tab->affine(x + lo, hi - lo, mean, rstd, 0.0, y + lo, jb->stream);
    return;
  }
  int64_t s = jb->s, c0 = (r % jb->groups) * (jb->d / s);
  if (s == 1) {  // one element per channel, e.g. (N, C) input: no call per element
    const T *w = jb->w, *b = jb->b;
    for (int64_t j = lo; j < hi; ++j) {
      double a = w ? (double)w[c0 + j] * rstd : rstd;
      y[j] = (T)(((double)x[j] - mean) * a + (b ? (double)b[c0 + j] : 0.0));
    }
    return;
  }
  while (lo < hi) {
    int64_t cl = lo / s, end = (cl + 1) * s < hi ? (cl + 1) * s : hi, ch = c0 + cl;
    double a = jb->w ? (double)jb->w[ch] * rstd : rstd;
    double b = jb->b ? (double)jb->b[ch] : 0.0;
    jb->tab->affine(x + lo, end - lo, mean, a, b, y + lo, jb->stream);
    lo = end;
  }
}

static void NP(rows_row, SUF)(const NP(rows_job, SUF) *jb, int64_t r, double sum, double sq,
                              double shift, double eps, double *mean, double *m2) {
  cnn_norm_stats t = cnn_norm_finish(sum, sq, shift, jb->d);
  if (mean != NULL) mean[r] = t.mean;
  if (m2 != NULL) m2[r] = t.m2;
  NP(rows_apply, SUF)(jb, r, 0, jb->d, t.mean, cnn_norm_rstd(t.m2 / (double)jb->d, eps));
}

// The shared driver; no argument checks (callers validate).
static cnn_status NP(rows_impl, SUF)(int64_t rows, int64_t d, int64_t s, int64_t groups,
                                     const T *x, const T *w, const T *b, double eps, T *y,
                                     double *mean, double *m2) {
  if (rows == 0) return CNN_OK;
  if (d == 0) {  // statistics of nothing
    for (int64_t r = 0; r < rows; ++r) {
      if (mean != NULL) mean[r] = NAN;
      if (m2 != NULL) m2[r] = NAN;
    }
    return CNN_OK;
  }
  NP(rows_job, SUF) jb = {NP(cnn_norm_kernels, SUF)(), d, s, groups,
                          rows * d * (int64_t)sizeof(T) >= CNN_NORM_STREAM_BYTES, x, w, b, y};
  int nt = cnn_threads_for(rows * d, CNN_GRAIN);
  int64_t nch = cnn_norm_nchunks(d);
  if (nt == 1 || nch == 1 || rows >= 8 * (int64_t)nt) {
#pragma omp parallel for schedule(static) num_threads(nt)
    for (int64_t r = 0; r < rows; ++r) {
      double shift = cnn_norm_shift((double)x[r * d]), sum, sq;
      NP(cnn_norm_row_moments, SUF)(jb.tab, x + r * d, d, shift, &sum, &sq);
      NP(rows_row, SUF)(&jb, r, sum, sq, shift, eps, mean, m2);
    }
    return CNN_OK;
  }
  // Few long rows: chunk partials in parallel, then the per-row statistics,
  // then the normalisation, again by chunks.
  int64_t items = rows * nch;
  double *work = malloc(sizeof(double) * (size_t)(2 * items + 3 * rows));
  if (work == NULL) return CNN_ENOMEM;
  double *stat = work + 2 * items;  // per row: shift, then mean and rstd
  for (int64_t r = 0; r < rows; ++r) stat[3 * r] = cnn_norm_shift((double)x[r * d]);
#pragma omp parallel for schedule(static) num_threads(nt)
  for (int64_t it = 0; it < items; ++it) {
    int64_t r = it / nch, lo = (it % nch) * CNN_NORM_CHUNK;
    int64_t len = d - lo < CNN_NORM_CHUNK ? d - lo : CNN_NORM_CHUNK;
    jb.tab->moments(x + r * d + lo, len, stat[3 * r], &work[2 * it], &work[2 * it + 1]);
  }
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0.0, sq = 0.0;
    for (int64_t k = 0; k < nch; ++k) {
      sum += work[2 * (r * nch + k)];
      sq += work[2 * (r * nch + k) + 1];
    }
    cnn_norm_stats t = cnn_norm_finish(sum, sq, stat[3 * r], d);
    if (mean != NULL) mean[r] = t.mean;
    if (m2 != NULL) m2[r] = t.m2;
    stat[3 * r + 1] = t.mean;
    stat[3 * r + 2] = cnn_norm_rstd(t.m2 / (double)d, eps);
  }
#pragma omp parallel for schedule(static) num_threads(nt)
  for (int64_t it = 0; it < items; ++it) {
    int64_t r = it / nch, lo = (it % nch) * CNN_NORM_CHUNK;
    int64_t hi = d - lo < CNN_NORM_CHUNK ? d : lo + CNN_NORM_CHUNK;
    NP(rows_apply, SUF)(&jb, r, lo, hi, stat[3 * r + 1], stat[3 * r + 2]);
  }
  free(work);
  return CNN_OK;
}

cnn_status NP(cnn_group_norm_impl, SUF)(int64_t n, int64_t c, int64_t s, int64_t groups,
                                        const T *x, const T *weight, const T *bias,
                                        double eps, T *y, double *mean, double *m2) {
  return NP(rows_impl, SUF)(n * groups, (c / groups) * s, s, groups, x, weight, bias, eps, y,
                            mean, m2);
}

cnn_status NP(cnn_layer_norm_impl, SUF)(int64_t m, int64_t d, const T *x, const T *weight,
                                        const T *bias, double eps, T *y) {
  return NP(rows_impl, SUF)(m, d, 1, 0, x, weight, bias, eps, y, NULL, NULL);
}

cnn_status NP(cnn_group_norm_fwd, SUF)(int64_t n, int64_t c, int64_t s, int64_t groups,
                                       const T *x, const T *weight, const T *bias,
                                       double eps, T *y, T *mean, T *var) {
  int64_t numel, ng;
  cnn_status st = cnn_norm_check_ncs(n, c, s, sizeof(T), &numel);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(groups > 0, CNN_EINVAL);
  CNN_REQUIRE(c % groups == 0, CNN_ESHAPE);
  CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);
  ng = n * groups;  // <= numel unless s == 0; groups <= c
  CNN_REQUIRE(cnn_mul_ok(ng, (int64_t)sizeof(double), &(int64_t){0}), CNN_EOVERFLOW);
  if (ng == 0) return CNN_OK;
  double *work = NULL;
  if (mean != NULL || var != NULL) {
    work = malloc(sizeof(double) * 2 * (size_t)ng);
    if (work == NULL) return CNN_ENOMEM;
  }
  st = NP(cnn_group_norm_impl, SUF)(n, c, s, groups, x, weight, bias, eps, y,
                                    work, work ? work + ng : NULL);
  if (st == CNN_OK && work != NULL) {
    double d = (double)((c / groups) * s);
    for (int64_t r = 0; r < ng; ++r) {
      if (mean != NULL) mean[r] = (T)work[r];
      if (var != NULL) var[r] = (T)(work[ng + r] / d);
    }
  }
  free(work);
  return st;
}

#undef TAB
#endif  // CNN_NORM_BODY
