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

// Runs fn(ctx, plane, oh0, oh1, scratch) over all N*C planes and their
// output rows, split into contiguous blocks over the threads (rows are split
// too when there are few planes).  Every output is computed by exactly one
// call, the same way whatever the split.  If scratch_bytes > 0, calls that
// cover a whole plane get a private 64-byte aligned buffer of that size
// (else NULL: also if the allocation fails), which drivers use to build a
// plane in cache and stream it out (cnn_stream_copy).
typedef void (*cnn_plane_rows_fn)(void *ctx, int64_t plane, int64_t oh0, int64_t oh1,
                                  void *scratch);
void cnn_pool_parallel(int64_t planes, int64_t out_h, int64_t work_per_row,
                       size_t scratch_bytes, cnn_plane_rows_fn fn, void *ctx);

// Scratch size for streaming a plane of `plane_bytes` out of `total_bytes`
// of output: 0 (write in place) unless the output is far larger than the
// caches and a plane is small enough to stay in L2.
size_t cnn_pool_stream_bytes(int64_t total_bytes, int64_t plane_bytes);

// memcpy with non-temporal stores where the ISA has them (the destination
// is not read back soon, so it should not evict the caches nor be read
// for ownership); ends with a store fence.
void cnn_stream_copy(void *dst, const void *src, size_t n);

// 1 if any of idx[0..n) lies outside [0, lim).
int cnn_any_index_invalid(const int64_t *idx, int64_t n, int64_t lim);

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
