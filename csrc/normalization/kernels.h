// SPDX-License-Identifier: BSD-3-Clause
// Internal: micro-kernels of the normalisation family.  They see sizes,
// pointers and scalars only, trust their caller (the drivers validate) and
// never touch memory outside the ranges they are given.  One body per
// dtype, written once in kernels.inc and compiled per ISA (scalar, AVX2,
// AVX-512) in kernels.c.  Names: cnn_<dtype>_<op>__<isa>.
#ifndef CNNOPS_NORMALIZATION_KERNELS_H
#define CNNOPS_NORMALIZATION_KERNELS_H

#include <stddef.h>
#include <stdint.h>

// A long reduction is cut into chunks of this many elements; each chunk is
// one call of `moments` and the chunks are combined in order, so a
// statistic does not depend on how the work is split across threads.
#define CNN_NORM_CHUNK ((int64_t)8192)
// Outputs of at least this many bytes are written with non-temporal stores
// (they would only evict the input from the caches).
#define CNN_NORM_STREAM_BYTES ((int64_t)16 << 20)
// LRN processes the spatial axis in tiles of this many elements.
#define CNN_LRN_TILE ((int64_t)512)

#define CNN_NORM_DECLARE_TABLE(T, SUF)                                          \
  typedef struct cnn_norm_table_##SUF {                                       \
    /* *sum = sum(x - K), *sq = sum((x - K)^2), accumulated in double */        \
    void (*moments)(const T *x, int64_t n, double K, double *sum, double *sq); \
    /* y = (x - mean) * a + b, in double; stream: non-temporal stores */        \
    void (*affine)(const T *x, int64_t n, double mean, double a, double b, T *y, \
                   int stream);                                                 \
    /* y = (x - mean) * r * w[j] + b[j], in double (w, b may be NULL) */        \
    void (*affine_row)(const T *x, int64_t n, double mean, double r, const T *w, \
                       const T *b, T *y, int stream);                           \
    /* one LRN tile: x, y point at channel 0 of a tile of width ts; planes */   \
    /* are `stride` apart; sum, mx are scratch of ts doubles */                 \
    void (*lrn_tile)(const T *x, T *y, int64_t c, int64_t stride, int64_t ts,  \
                     int64_t before, int64_t after, double coef, double k,      \
                     double beta, double *sum, double *mx);                     \
    /* Lp norm of each of `rows` contiguous rows of `len`, then y = x/denom */  \
    void (*normalize_rows)(const T *x, int64_t rows, int64_t len, double p,    \
                           double eps, T *y);                                   \
    /* Lp norm along len for a tile of `w` columns (row stride `stride`); */    \
    /* acc is scratch of w doubles */                                           \
    void (*normalize_cols)(const T *x, int64_t len, int64_t w, int64_t stride, \
                           double p, double eps, T *y, double *acc);            \
  } cnn_norm_table_##SUF;                                                     \
  const cnn_norm_table_##SUF *cnn_norm_kernels_##SUF(void);

CNN_NORM_DECLARE_TABLE(float, f32)
CNN_NORM_DECLARE_TABLE(double, f64)

#endif  // CNNOPS_NORMALIZATION_KERNELS_H
