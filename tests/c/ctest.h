// SPDX-License-Identifier: BSD-3-Clause
// Minimal C test framework for the cnnops C API tests (tests/c/test_*.c).
// Each test file is a standalone program; main() ends with CTEST_SUMMARY().
#ifndef CNNOPS_CTEST_H
#define CNNOPS_CTEST_H

#include <math.h>
#include <stdio.h>

static int ctest_passed = 0, ctest_failed = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (cond) {                                                          \
      ++ctest_passed;                                                    \
    } else {                                                             \
      ++ctest_failed;                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
              #cond);                                                    \
    }                                                                    \
  } while (0)

#define CHECK_STATUS(call, expected) CHECK((call) == (expected))

#define CHECK_NEAR(a, b, tol) CHECK(fabs((double)(a) - (double)(b)) <= (tol))

// The plain closing line CI reads: "N passed, N failed".
#define CTEST_SUMMARY()                                                  \
  (printf("%s: %d passed, %d failed\n", __FILE__, ctest_passed,         \
          ctest_failed),                                                 \
   ctest_failed == 0 ? 0 : 1)

#endif  // CNNOPS_CTEST_H
