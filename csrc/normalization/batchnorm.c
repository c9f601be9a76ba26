// SPDX-License-Identifier: BSD-3-Clause
// Batch normalisation: per-channel statistics over (n, s), then
// y = (x - mean) * (w * rstd) + b per channel (in double).
//
// Statistics: each (n, c) plane is reduced in chunks of CNN_NORM_CHUNK
// (kernels.h), a channel adds its planes in order of n.  The work is split
// over channels (many channels) or over (plane, chunk) items whose partial
// sums are combined afterwards in the same order (few channels), so the
// result is the same bits for any thread count.  Planes shorter than 16
// elements (e.g. (N, C) input) are reduced as columns over the rows instead.
//
// The per-dtype body below is compiled twice (this file includes itself).
#ifndef CNN_NORM_BODY
#include "normalization/norm.h"

#define NP_(a, b) a##_##b
#define NP(a, b) NP_(a, b)
#define CNN_NORM_BODY
#define T float
#define SUF f32
#include "normalization/batchnorm.c"
#undef T
#undef SUF
#define T double
#define SUF f64
#include "normalization/batchnorm.c"
#undef T
#undef SUF
#undef CNN_NORM_BODY

#else  // CNN_NORM_BODY: per-dtype body

#define TAB NP(cnn_norm_table, SUF)

// Per-channel sums of (x - shift[c]) and its square over (n, s).
static void NP(bn_stats, SUF)(const TAB *tab, int64_t n, int64_t c, int64_t s, const T *x,
                              const double *shift, double *sum, double *sq, double *work,
                              int nt) {
  if (s < 16) {
    // columns j = (channel, position) over rows, each by one thread in row
    // order; then the s columns of a channel are added in order.
    int64_t w = c * s;
    double *cs = work, *cq = work + w, *csh = work + 2 * w;
    for (int64_t j = 0; j < w; ++j) csh[j] = shift[j / s];
#pragma omp parallel num_threads(nt)
    {
      int64_t lo, hi;
      cnn_split_range(w, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 8, &lo, &hi);
      for (int64_t j = lo; j < hi; ++j) cs[j] = cq[j] = 0.0;
      // rows in blocks of 8, each column's sums kept in registers across a
      // block; every column still adds its rows in order
      int64_t i = 0;
      for (; i + 8 <= n; i += 8) {
        const T *xr = x + i * w;
        for (int64_t j = lo; j < hi; ++j) {
          double a = cs[j], q = cq[j], k = csh[j];
          for (int r = 0; r < 8; ++r) {
            double d = (double)xr[r * w + j] - k;
            a += d;
            q += d * d;
          }
          cs[j] = a;
          cq[j] = q;
        }
      }
      for (; i < n; ++i) {
        const T *xr = x + i * w;
        for (int64_t j = lo; j < hi; ++j) {
          double d = (double)xr[j] - csh[j];
          cs[j] += d;
          cq[j] += d * d;
        }
      }
    }
    for (int64_t ch = 0; ch < c; ++ch) {
      double a = 0.0, b = 0.0;
      for (int64_t t = 0; t < s; ++t) {
        a += cs[ch * s + t];
        b += cq[ch * s + t];
      }
      sum[ch] = a;
      sq[ch] = b;
    }
    return;
  }
  int64_t nch = cnn_norm_nchunks(s);
  if (c >= 4 * (int64_t)nt || nt == 1) {
#pragma omp parallel for schedule(static) num_threads(nt)
    for (int64_t ch = 0; ch < c; ++ch) {
      double a = 0.0, b = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        double ps, pq;
        NP(cnn_norm_row_moments, SUF)(tab, x + (i * c + ch) * s, s, shift[ch], &ps, &pq);
        a += ps;
        b += pq;
      }
      sum[ch] = a;
      sq[ch] = b;
    }
    return;
  }
  // Few channels: (plane, chunk) items in parallel, combined in order.
  int64_t items = n * c * nch;
#pragma omp parallel for schedule(static) num_threads(nt)
  for (int64_t it = 0; it < items; ++it) {
    int64_t plane = it / nch, k = it % nch;
    int64_t lo = k * CNN_NORM_CHUNK, len = s - lo < CNN_NORM_CHUNK ? s - lo : CNN_NORM_CHUNK;
    tab->moments(x + plane * s + lo, len, shift[plane % c], &work[2 * it], &work[2 * it + 1]);
  }
  for (int64_t ch = 0; ch < c; ++ch) {
    double a = 0.0, b = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      double ps = 0.0, pq = 0.0;
      const double *p = work + 2 * (i * c + ch) * nch;
      for (int64_t k = 0; k < nch; ++k) {
        ps += p[2 * k];
        pq += p[2 * k + 1];
      }
      a += ps;
      b += pq;
    }
    sum[ch] = a;
    sq[ch] = b;
  }
}

// y = (x - mean[c]) * a[c] + b[c] per channel.
// rep: scratch of 3 * 64 doubles or more (used when s == 1 and c < 64).
static void NP(bn_apply, SUF)(const TAB *tab, int64_t n, int64_t c, int64_t s, const T *x,
                              const double *mean, const double *a, const double *b, T *y,
                              int nt, double *rep) {
  int stream = n * c * s * (int64_t)sizeof(T) >= CNN_NORM_STREAM_BYTES;
  if (s >= 16) {
#pragma omp parallel num_threads(nt)
    {
      int64_t lo, hi;
      cnn_split_range(n * c, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 1, &lo, &hi);
      for (int64_t p = lo; p < hi; ++p) {
        int64_t ch = p % c;
        tab->affine(x + p * s, s, mean[ch], a[ch], b[ch], y + p * s, stream);
      }
    }
    return;
  }
  int64_t w = c * s;
  if (s == 1 && c < 64 && rep != NULL) {
    // few channels: k rows at a time as one elementwise loop over (k*c)
    // entries, with the per-channel factors repeated k times
    int64_t k = (64 + c - 1) / c, kc = k * c;
    const double *rm = rep, *ra = rep + kc, *rb = rep + 2 * kc;
    int64_t blocks = n / k;
#pragma omp parallel num_threads(nt)
    {
      int64_t lo, hi;
      cnn_split_range(blocks, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 1, &lo, &hi);
      for (int64_t bk = lo; bk < hi; ++bk) {
        const T *xr = x + bk * kc;
        T *yr = y + bk * kc;
        for (int64_t j = 0; j < kc; ++j) yr[j] = (T)(((double)xr[j] - rm[j]) * ra[j] + rb[j]);
      }
    }
    for (int64_t j = blocks * kc; j < n * c; ++j)
      y[j] = (T)(((double)x[j] - mean[j % c]) * a[j % c] + b[j % c]);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    int64_t lo, hi;
    cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 1, &lo, &hi);
    for (int64_t i = lo; i < hi; ++i) {
      const T *xr = x + i * w;
      T *yr = y + i * w;
      if (s == 1) {
        for (int64_t j = 0; j < c; ++j) yr[j] = (T)(((double)xr[j] - mean[j]) * a[j] + b[j]);
      } else {
        for (int64_t ch = 0; ch < c; ++ch)
          for (int64_t t = 0; t < s; ++t)
            yr[ch * s + t] = (T)(((double)xr[ch * s + t] - mean[ch]) * a[ch] + b[ch]);
      }
    }
  }
}

cnn_status NP(cnn_batch_norm_fwd, SUF)(int64_t n, int64_t c, int64_t s, const T *x,
                                       const T *weight, const T *bias, T *running_mean,
                                       T *running_var, int training, double momentum,
                                       double eps, T *y) {
  int64_t numel;
  cnn_status st = cnn_norm_check_ncs(n, c, s, sizeof(T), &numel);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(!(eps < 0.0), CNN_EINVAL);  // NaN passes (NaN results), as PyTorch
  CNN_REQUIRE((running_mean == NULL) == (running_var == NULL), CNN_EINVAL);
  CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);
  CNN_REQUIRE(training || c == 0 || running_mean != NULL, CNN_ENULL);
  int64_t cnt = n * s;
  if (c == 0 || cnt == 0) return CNN_OK;  // nothing to write or update

  const TAB *tab = NP(cnn_norm_kernels, SUF)();
  int nt = cnn_threads_for(numel, CNN_GRAIN);
  int64_t nwork = 0;
  if (training) {
    nwork = 3 * c;  // shift, sum, sq
    if (s < 16) nwork += 3 * c * s;
    else if (!(c >= 4 * (int64_t)nt || nt == 1)) nwork += 2 * n * c * cnn_norm_nchunks(s);
  }
  // per channel: mean, scale, shift; then their copies repeated for few channels
  double *par = malloc(sizeof(double) * (3 * (size_t)c + 3 * 128));
  double *work = nwork ? malloc(sizeof(double) * (size_t)nwork) : NULL;
  if (par == NULL || (nwork && work == NULL)) {
    free(par);
    free(work);
    return CNN_ENOMEM;
  }
  double *mean = par, *a = par + c, *b = par + 2 * c;
  if (training) {
    double *shift = work, *sum = work + c, *sq = work + 2 * c;
    for (int64_t ch = 0; ch < c; ++ch) shift[ch] = cnn_norm_shift((double)x[ch * s]);
    NP(bn_stats, SUF)(tab, n, c, s, x, shift, sum, sq, work + 3 * c, nt);
    for (int64_t ch = 0; ch < c; ++ch) {
      cnn_norm_stats t = cnn_norm_finish(sum[ch], sq[ch], shift[ch], cnt);
      double rstd = cnn_norm_rstd(t.m2 / (double)cnt, eps);
      mean[ch] = t.mean;
      a[ch] = weight != NULL ? (double)weight[ch] * rstd : rstd;
      b[ch] = bias != NULL ? (double)bias[ch] : 0.0;
      if (running_mean != NULL) {
        double unbiased = t.m2 / (double)(cnt - 1);
        running_mean[ch] = (T)(momentum * t.mean + (1.0 - momentum) * (double)running_mean[ch]);
        running_var[ch] = (T)(momentum * unbiased + (1.0 - momentum) * (double)running_var[ch]);
      }
    }
  } else {
    for (int64_t ch = 0; ch < c; ++ch) {
      double rstd = cnn_norm_rstd((double)running_var[ch], eps);
      mean[ch] = (double)running_mean[ch];
      a[ch] = weight != NULL ? (double)weight[ch] * rstd : rstd;
      b[ch] = bias != NULL ? (double)bias[ch] : 0.0;
    }
  }
  for (int64_t ch = 0; ch < c; ++ch) {
    // A zero variance with eps = 0 gives an infinite scale: use PyTorch's
    // x * a + (b - mean * a) there, so the NaN/inf pattern is PyTorch's.
    if (isinf(a[ch])) {
      b[ch] -= mean[ch] * a[ch];
      mean[ch] = 0.0;
    }
  }
  double *rep = NULL;
  if (s == 1 && c < 64) {
    int64_t kc = ((64 + c - 1) / c) * c;  // < 128
    rep = par + 3 * c;
    for (int64_t j = 0; j < kc; ++j) {
      rep[j] = mean[j % c];
      rep[kc + j] = a[j % c];
      rep[2 * kc + j] = b[j % c];
    }
  }
  NP(bn_apply, SUF)(tab, n, c, s, x, mean, a, b, y, nt, rep);
  free(par);
  free(work);
  return CNN_OK;
}

#undef TAB
#endif  // CNN_NORM_BODY
