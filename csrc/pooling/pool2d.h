// SPDX-License-Identifier: BSD-3-Clause
// Internal: pooling kernels and the helpers the entry points share.
//
// Kernels see a validated params struct, the column range whose windows lie
// fully inside the input (the SIMD "interior"), one (n, c) plane of input
// and output, and a range of output rows; they trust their caller and never
// touch memory outside the plane.  Names: cnn_<dtype>_<op>__<isa>.
#ifndef CNNOPS_POOLING_POOL2D_H
#define CNNOPS_POOLING_POOL2D_H

#include <stdint.h>

#include "cnnops/pooling.h"

typedef struct cnn_pool2d_geom {
  int64_t ow_a, ow_b;  // output columns [ow_a, ow_b) have every tap inside
  int idx32;           // in-plane indices fit in int32 (SIMD index lanes)
} cnn_pool2d_geom;

// Validates p (hyper-parameters, dims, out dims matching the formula).
cnn_status cnn_pool2d_check(const cnn_pool2d_params *p, int avg);
void cnn_pool2d_geometry(const cnn_pool2d_params *p, cnn_pool2d_geom *g);

// Runs fn(ctx, plane, oh0, oh1) over all N*C planes and their output rows,
// split into contiguous blocks over the threads (rows are split too when
// there are few planes).  Every output is computed by exactly one call, the
// same way whatever the split.
typedef void (*cnn_plane_rows_fn)(void *ctx, int64_t plane, int64_t oh0, int64_t oh1);
void cnn_pool_parallel(int64_t planes, int64_t out_h, int64_t work_per_row, cnn_plane_rows_fn fn,
                       void *ctx);

#define CNN_POOL_KERNELS(DT, T, ISA)                                                        \
  void cnn_##DT##_maxpool2d__##ISA(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,   \
                                   const T *x, T *y, int64_t *idx, int64_t oh0, int64_t oh1); \
  void cnn_##DT##_avgpool2d__##ISA(const cnn_pool2d_params *p, const cnn_pool2d_geom *g,   \
                                   const T *x, T *y, int64_t oh0, int64_t oh1);

CNN_POOL_KERNELS(f32, float, scalar)
CNN_POOL_KERNELS(f64, double, scalar)
CNN_POOL_KERNELS(f32, float, avx2)
CNN_POOL_KERNELS(f64, double, avx2)
CNN_POOL_KERNELS(f32, float, avx512)
CNN_POOL_KERNELS(f64, double, avx512)

#endif  // CNNOPS_POOLING_POOL2D_H
