// SPDX-License-Identifier: BSD-3-Clause
// Internal: the GEMM with a fused bias, for csrc/linear (validated there by
// the same checks as cnn_sgemm / cnn_dgemm).
#ifndef CNNOPS_GEMM_GEMM_H
#define CNNOPS_GEMM_GEMM_H

#include "cnnops/common.h"

// C = alpha A B + beta C + bias (bias: n contiguous values, may be NULL).
cnn_status cnn_f32_gemm_bias(int64_t m, int64_t n, int64_t k, float alpha,
                             const float *a, int64_t rsa, int64_t csa,
                             const float *b, int64_t rsb, int64_t csb,
                             float beta, float *c, int64_t rsc, int64_t csc,
                             const float *bias);
cnn_status cnn_f64_gemm_bias(int64_t m, int64_t n, int64_t k, double alpha,
                             const double *a, int64_t rsa, int64_t csa,
                             const double *b, int64_t rsb, int64_t csb,
                             double beta, double *c, int64_t rsc, int64_t csc,
                             const double *bias);

// Test hook: when non-zero, every workspace allocation fails (CNN_ENOMEM).
extern int cnn_gemm_test_fail_alloc;

#endif  // CNNOPS_GEMM_GEMM_H
