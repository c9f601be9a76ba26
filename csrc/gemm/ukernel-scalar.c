// SPDX-License-Identifier: BSD-3-Clause
// Portable C GEMM kernels (always built; the test oracle for the SIMD ones).
#include "gemm/kernels.h"

#define T float
#define UKR_NAME cnn_f32_gemm_4x8__scalar
#define DOT_NAME cnn_f32_gemm_dot__scalar
#include "gemm/ukernel-scalar.inc"
#undef T
#undef UKR_NAME
#undef DOT_NAME

#define T double
#define UKR_NAME cnn_f64_gemm_4x8__scalar
#define DOT_NAME cnn_f64_gemm_dot__scalar
#include "gemm/ukernel-scalar.inc"
