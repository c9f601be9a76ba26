// SPDX-License-Identifier: BSD-3-Clause
// Internal: the one scalar exp the softmax kernels call (the scalar path and
// the scalar kernels' oracle role share it).  Forwarded to
// internal/vmath.h, so scalar and SIMD paths use the same algorithm.
#ifndef CNNOPS_SOFTMAX_SM_EXP_H
#define CNNOPS_SOFTMAX_SM_EXP_H

#include "internal/vmath.h"

static inline float cnn_sm_exp_f32(float x) { return cnn_exp_f32(x); }
static inline double cnn_sm_exp_f64(double x) { return cnn_exp_f64(x); }

#endif  // CNNOPS_SOFTMAX_SM_EXP_H
