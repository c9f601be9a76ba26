// SPDX-License-Identifier: BSD-3-Clause
// Internal: the GEMM with a fused bias, for csrc/linear (validated there by
// the same checks as cnn_sgemm / cnn_dgemm).
#ifndef CNNOPS_GEMM_GEMM_H
#define CNNOPS_GEMM_GEMM_H

#include "cnnops/common.h"
#include "gemm/kernels.h"

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

// Element offsets [lo, hi] spanned by a rows x cols matrix with strides
// (rs, cs) (0, 0 when empty); CNN_EOVERFLOW if its byte span overflows.
cnn_status cnn_gemm_span(int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                         int64_t elem, int64_t *lo, int64_t *hi);
// Whether elements [plo, phi] of p and [qlo, qhi] of q share a byte.
int cnn_gemm_ranges_overlap(const void *p, int64_t plo, int64_t phi,
                            const void *q, int64_t qlo, int64_t qhi,
                            int64_t elem);

// Test hook: when non-zero, every workspace allocation fails (CNN_ENOMEM).
extern int cnn_gemm_test_fail_alloc;
// Test hook: L2 bytes per core to block for (0: the machine's).
extern int64_t cnn_gemm_test_l2_bytes;
// Test hook: when set, sees the prefetch plan of every micro-kernel call.
extern void (*cnn_gemm_test_pf_hook)(const cnn_gemm_pf *pf);

#endif  // CNNOPS_GEMM_GEMM_H
