// SPDX-License-Identifier: BSD-3-Clause
// cnnops/gemm.h - general matrix multiply with BLIS-style strides.
#ifndef CNNOPS_GEMM_H
#define CNNOPS_GEMM_H

#include "cnnops/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/// C = alpha * A B + beta * C.
///
/// A is m x k, B is k x n, C is m x n.  Every matrix has a row stride and a
/// column stride in ELEMENTS (BLIS style): element (i, p) of A is
/// a[i * rsa + p * csa], (p, j) of B is b[p * rsb + j * csb] and (i, j) of C
/// is c[i * rsc + j * csc].  A transpose is just swapped strides, so
/// X W^T (Linear forward), dY W and dY^T X (its backward) need no copies.
/// Strides may be negative; the strides of A and B may be zero (broadcast).
///
/// Semantics (as BLAS): beta == 0 overwrites C without reading it (NaN or
/// garbage in C does not propagate); alpha == 0 or k == 0 does not read A
/// or B and sets C = beta * C.  Otherwise every C element is a plain sum of
/// products, so NaN and Inf propagate as in a dot product.
///
/// Results are bitwise identical for any thread count (K is never split
/// across threads and the blocking does not depend on the thread count);
/// they may differ in the last bits between instruction-set paths.
///
/// Validation (nothing is written unless CNN_OK is returned):
///   CNN_ESHAPE    m, n or k < 0
///   CNN_ENULL     a or b NULL while m*n*k > 0 and alpha != 0; c NULL while
///                 m*n > 0
///   CNN_EOVERFLOW the byte extent of a matrix does not fit in int64
///   CNN_EINVAL    C's strides map two (i, j) to the same element, or the
///                 address span of C overlaps that of A or B
///   CNN_ENOMEM    the packing workspace could not be allocated
/// The library cannot know buffer lengths: the CALLER guarantees that every
/// strided element it describes lies inside its buffer.
cnn_status cnn_sgemm(int64_t m, int64_t n, int64_t k, float alpha,
                     const float *a, int64_t rsa, int64_t csa,
                     const float *b, int64_t rsb, int64_t csb,
                     float beta, float *c, int64_t rsc, int64_t csc);
cnn_status cnn_dgemm(int64_t m, int64_t n, int64_t k, double alpha,
                     const double *a, int64_t rsa, int64_t csa,
                     const double *b, int64_t rsb, int64_t csb,
                     double beta, double *c, int64_t rsc, int64_t csc);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_GEMM_H
