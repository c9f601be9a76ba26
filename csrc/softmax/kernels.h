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

typedef void (*cnn_softmax_row_f32_fn)(int op, int64_t n, const float *x, float *y);
typedef void (*cnn_softmax_row_f64_fn)(int op, int64_t n, const double *x, double *y);
typedef void (*cnn_softmax_cols_f32_fn)(int op, int64_t n, int64_t stride, int64_t w,
                                        const float *x, float *y);
typedef void (*cnn_softmax_cols_f64_fn)(int op, int64_t n, int64_t stride, int64_t w,
                                        const double *x, double *y);

#define CNN_SOFTMAX_DECLARE(ISA)                                                  \
  void cnn_f32_softmax_row__##ISA(int op, int64_t n, const float *x, float *y);   \
  void cnn_f64_softmax_row__##ISA(int op, int64_t n, const double *x, double *y); \
  void cnn_f32_softmax_cols__##ISA(int op, int64_t n, int64_t stride, int64_t w,  \
                                   const float *x, float *y);                     \
  void cnn_f64_softmax_cols__##ISA(int op, int64_t n, int64_t stride, int64_t w,  \
                                   const double *x, double *y);
CNN_SOFTMAX_DECLARE(scalar)
CNN_SOFTMAX_DECLARE(avx2)
CNN_SOFTMAX_DECLARE(avx512)
#undef CNN_SOFTMAX_DECLARE

#endif  // CNNOPS_SOFTMAX_KERNELS_H
