// SPDX-License-Identifier: BSD-3-Clause
// Internal test hook: evaluate one vmath.h function (raw, as kernels use it)
// on an array with a chosen ISA form, so tests can sweep its accuracy.
#ifndef CNNOPS_ACTIVATION_VMATH_EVAL_H
#define CNNOPS_ACTIVATION_VMATH_EVAL_H

#include <stdint.h>

#include "cnnops/common.h"

// fn: 0 exp, 1 log, 2 expm1, 3 log1p, 4 tanh, 5 erf.  isa: cnn_isa value;
// CNN_EISA if this CPU cannot run it, CNN_EINVAL for an unknown fn.
cnn_status cnn_vmath_eval_f32(int fn, int isa, int64_t n, const float *x, float *y);
cnn_status cnn_vmath_eval_f64(int fn, int isa, int64_t n, const double *x, double *y);

#endif  // CNNOPS_ACTIVATION_VMATH_EVAL_H
