// SPDX-License-Identifier: BSD-3-Clause
// Internal: the one scalar exp the softmax kernels call (libm), so the
// scalar path and the SIMD tails share it.
#ifndef CNNOPS_SOFTMAX_SM_EXP_H
#define CNNOPS_SOFTMAX_SM_EXP_H

#include <math.h>

static inline float cnn_sm_exp_f32(float x) { return expf(x); }
static inline double cnn_sm_exp_f64(double x) { return exp(x); }

#endif  // CNNOPS_SOFTMAX_SM_EXP_H
