// SPDX-License-Identifier: BSD-3-Clause
// Internal: argument checks shared by the public entry points.
#ifndef CNNOPS_INTERNAL_CHECK_H
#define CNNOPS_INTERNAL_CHECK_H

#include <stdint.h>

#include "cnnops/common.h"

// Return `st` from the enclosing function if `cond` is false.
#define CNN_REQUIRE(cond, st) \
  do {                        \
    if (!(cond)) return (st); \
  } while (0)

// *out = a * b; returns 0 on int64 overflow or if either is negative.
static inline int cnn_mul_ok(int64_t a, int64_t b, int64_t *out) {
  if (a < 0 || b < 0) return 0;
  return !__builtin_mul_overflow(a, b, out);
}

// Product of dims[0..nd) into *out; CNN_ESHAPE for a negative dim,
// CNN_EOVERFLOW if the product (or its size in bytes of `elem`) overflows.
static inline cnn_status cnn_numel(const int64_t *dims, int nd, int64_t elem,
                                   int64_t *out) {
  int64_t n = 1;
  for (int i = 0; i < nd; ++i) {
    if (dims[i] < 0) return CNN_ESHAPE;
    if (!cnn_mul_ok(n, dims[i], &n)) return CNN_EOVERFLOW;
  }
  int64_t bytes;
  if (!cnn_mul_ok(n, elem, &bytes)) return CNN_EOVERFLOW;
  *out = n;
  return CNN_OK;
}

// Validates a pointwise call: n >= 0, n * elem fits, pointers non-NULL
// when n > 0.
static inline cnn_status cnn_check_pointwise(int64_t n, int64_t elem,
                                             const void *x, const void *y) {
  int64_t bytes;
  CNN_REQUIRE(n >= 0, CNN_ESHAPE);
  CNN_REQUIRE(cnn_mul_ok(n, elem, &bytes), CNN_EOVERFLOW);
  CNN_REQUIRE(n == 0 || (x != NULL && y != NULL), CNN_ENULL);
  return CNN_OK;
}

#endif  // CNNOPS_INTERNAL_CHECK_H
