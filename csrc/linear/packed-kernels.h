// SPDX-License-Identifier: BSD-3-Clause
// Internal: kernels of the packed Linear forward (cnnops/linear.h).
//
// Tile kernel: R rows of x times P consecutive weight panels (each W =
// 64 / sizeof(T) outputs wide, k-major, panel stride ps elements) over one
// block of kc input features, one FMA per k into register accumulators.
// They start from zero on the first k block (first != 0) and from y's
// values otherwise; the last block adds the bias.  Storing a float
// accumulator and loading it back is exact, so each output stays one FMA
// chain over all of k, whatever the blocking.  Only the nv valid columns
// of y are read or written.  R and P are compile-time; a table indexed by
// R - 1 holds the kernels for full panel groups ("wide", P panels) and for
// single panels (the group at the end of n).
#ifndef CNNOPS_LINEAR_PACKED_KERNELS_H
#define CNNOPS_LINEAR_PACKED_KERNELS_H

#include <stdint.h>

#define CNN_LINP_ARGS(T)                                                    \
  int64_t kc, const T *restrict a, int64_t rsa, int64_t csa,               \
      const T *restrict bp, int64_t ps, int64_t nv, int first, int last,   \
      const T *restrict bias, T *restrict y, int64_t rsy

typedef void (*cnn_f32_linp_fn)(CNN_LINP_ARGS(float));
typedef void (*cnn_f64_linp_fn)(CNN_LINP_ARGS(double));

// Panel width in elements: one 64-byte cache line per k.
#define CNN_LINP_W_F32 16
#define CNN_LINP_W_F64 8
#define CNN_LINP_MAX_R 6

// One ISA's kernels: rows per tile up to max_r, panels per wide tile.
typedef struct {
  int max_r, panels;
  cnn_f32_linp_fn wide[CNN_LINP_MAX_R], one[CNN_LINP_MAX_R];
} cnn_f32_linp_set;
typedef struct {
  int max_r, panels;
  cnn_f64_linp_fn wide[CNN_LINP_MAX_R], one[CNN_LINP_MAX_R];
} cnn_f64_linp_set;

// NULL-free tables for the CPU's ISA; the AVX ones exist only on x86.
extern const cnn_f32_linp_set cnn_f32_linp_avx512, cnn_f32_linp_avx2;
extern const cnn_f64_linp_set cnn_f64_linp_avx512, cnn_f64_linp_avx2;

#endif  // CNNOPS_LINEAR_PACKED_KERNELS_H
