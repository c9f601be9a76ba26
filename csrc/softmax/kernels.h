// SPDX-License-Identifier: BSD-3-Clause
// Internal: softmax micro-kernels (one file per ISA, bodies in softmax.inc).
//
// Two kernels per dtype and ISA, both trusting their caller (softmax.c
// validates):
//   row:  one contiguous slice of n elements (inner == 1); vectorised along
//         the slice.
//   cols: w adjacent columns of one (dim, inner) plane, rows `inner` apart;
//         vectorised across the columns, each column reduced sequentially
//         over its n rows.  w <= CNN_SOFTMAX_MAX_COLS.
// `op` is one of the CNN_SOFTMAX_OP_* values.
#ifndef CNNOPS_SOFTMAX_KERNELS_H
#define CNNOPS_SOFTMAX_KERNELS_H

#include <stddef.h>
#include <stdint.h>

enum {
  CNN_SOFTMAX_OP_SOFTMAX = 0,
  CNN_SOFTMAX_OP_LOG_SOFTMAX = 1,
  CNN_SOFTMAX_OP_SOFTMIN = 2,
};

// Largest column block of the `cols` kernels (their work buffers live on
// the stack); a multiple of every vector width.
#define CNN_SOFTMAX_MAX_COLS 512

// `nx` (may be NULL) is where the caller's next task reads x (a row of the
// same length; a column block of `nw` columns with the same n and stride):
// the kernels prefetch it (and the same offset of y, which has x's layout)
// into L2 while computing, so memory traffic and compute overlap.
// `stream`: write y with non-temporal stores (the caller then fences).
typedef void (*cnn_softmax_row_f32_fn)(int op, int64_t n, const float *x, float *y,
                                       const float *nx, int stream);
typedef void (*cnn_softmax_row_f64_fn)(int op, int64_t n, const double *x, double *y,
                                       const double *nx, int stream);
typedef void (*cnn_softmax_cols_f32_fn)(int op, int64_t n, int64_t stride, int64_t w,
                                        const float *x, float *y, const float *nx,
                                        int64_t nw);
typedef void (*cnn_softmax_cols_f64_fn)(int op, int64_t n, int64_t stride, int64_t w,
                                        const double *x, double *y, const double *nx,
                                        int64_t nw);

#define CNN_SOFTMAX_DECLARE(ISA)                                                     \
  void cnn_f32_softmax_row__##ISA(int op, int64_t n, const float *x, float *y,       \
                                  const float *nx, int stream);                      \
  void cnn_f64_softmax_row__##ISA(int op, int64_t n, const double *x, double *y,     \
                                  const double *nx, int stream);                     \
  void cnn_f32_softmax_cols__##ISA(int op, int64_t n, int64_t stride, int64_t w,     \
                                   const float *x, float *y, const float *nx,        \
                                   int64_t nw);                                      \
  void cnn_f64_softmax_cols__##ISA(int op, int64_t n, int64_t stride, int64_t w,     \
                                   const double *x, double *y, const double *nx,     \
                                   int64_t nw);
CNN_SOFTMAX_DECLARE(scalar)
CNN_SOFTMAX_DECLARE(avx2)
CNN_SOFTMAX_DECLARE(avx512)
#undef CNN_SOFTMAX_DECLARE

#endif  // CNNOPS_SOFTMAX_KERNELS_H
