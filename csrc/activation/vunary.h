// SPDX-License-Identifier: BSD-3-Clause
// Internal: pointwise micro-kernels.  They see only a length, pointers and a
// small params struct; they trust their caller (activation.c validates) and
// never touch memory past n.  Names: cnn_<dtype>_v<op>__<isa>.
#ifndef CNNOPS_ACTIVATION_VUNARY_H
#define CNNOPS_ACTIVATION_VUNARY_H

#include <stddef.h>

typedef void (*cnn_vunary_f32_fn)(size_t n, const float *x, float *y, const void *params);
typedef void (*cnn_vunary_f64_fn)(size_t n, const double *x, double *y, const void *params);

void cnn_f32_vrelu__scalar(size_t n, const float *x, float *y, const void *params);
void cnn_f64_vrelu__scalar(size_t n, const double *x, double *y, const void *params);
void cnn_f32_vrelu__avx2(size_t n, const float *x, float *y, const void *params);
void cnn_f64_vrelu__avx2(size_t n, const double *x, double *y, const void *params);

#endif  // CNNOPS_ACTIVATION_VUNARY_H
