// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the core API and ReLU, called directly (no Python).
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"

static void test_status_strings(void) {
  for (int s = CNN_OK; s <= CNN_EISA; ++s)
    CHECK(cnn_status_str((cnn_status)s) != NULL);
  CHECK(strcmp(cnn_status_str(CNN_OK), "success") == 0);
  CHECK(strcmp(cnn_status_str((cnn_status)999), "unknown status") == 0);
}

static void test_threads(void) {
  int old = cnn_get_num_threads();
  CHECK(old >= 1);
  CHECK_STATUS(cnn_set_num_threads(3), CNN_OK);
  CHECK(cnn_get_num_threads() == 3);
  CHECK_STATUS(cnn_set_num_threads(0), CNN_EINVAL);
  CHECK_STATUS(cnn_set_num_threads(-5), CNN_EINVAL);
  CHECK(cnn_get_num_threads() == 3);
  CHECK_STATUS(cnn_set_num_threads(old), CNN_OK);
}

static void test_isa(void) {
  cnn_isa max = cnn_cpu_max_isa();
  CHECK(cnn_get_isa() <= max);
  CHECK_STATUS(cnn_set_isa(CNN_ISA_SCALAR), CNN_OK);
  CHECK(cnn_get_isa() == CNN_ISA_SCALAR);
  CHECK_STATUS(cnn_set_isa((cnn_isa)7), CNN_EINVAL);
  if (max < CNN_ISA_AVX512) CHECK_STATUS(cnn_set_isa(CNN_ISA_AVX512), CNN_EISA);
  CHECK_STATUS(cnn_set_isa(max), CNN_OK);
  CHECK(strcmp(cnn_isa_name(CNN_ISA_SCALAR), "scalar") == 0);
}

static void test_relu(void) {
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    for (int64_t n = 0; n < 70; ++n) {
      // guard cells around the output catch any write past n
      float *x = malloc(sizeof(float) * (size_t)(n + 1));
      float *y = malloc(sizeof(float) * (size_t)(n + 2));
      for (int64_t i = 0; i < n; ++i) x[i] = (float)(i % 5) - 2.0f;
      y[0] = 123.0f;
      y[n + 1] = 456.0f;
      CHECK_STATUS(cnn_relu_fwd_f32(n, x, y + 1), CNN_OK);
      int ok = y[0] == 123.0f && y[n + 1] == 456.0f;
      for (int64_t i = 0; i < n; ++i) ok &= y[i + 1] == (x[i] < 0 ? 0.0f : x[i]);
      CHECK(ok);
      free(x);
      free(y);
    }
    double d[3] = {-1.0, NAN, -0.0}, e[3];
    CHECK_STATUS(cnn_relu_fwd_f64(3, d, e), CNN_OK);
    CHECK(e[0] == 0.0 && isnan(e[1]) && e[2] == 0.0 && signbit(e[2]));
  }
  cnn_set_isa(cnn_cpu_max_isa());
  float v = 1.0f;
  CHECK_STATUS(cnn_relu_fwd_f32(-1, &v, &v), CNN_ESHAPE);
  CHECK_STATUS(cnn_relu_fwd_f32(1, NULL, &v), CNN_ENULL);
  CHECK_STATUS(cnn_relu_fwd_f32(1, &v, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_relu_fwd_f32(0, NULL, NULL), CNN_OK);
  double dd = 0.0;
  CHECK_STATUS(cnn_relu_fwd_f64(INT64_MAX, &dd, &dd), CNN_EOVERFLOW);
}

int main(void) {
  test_status_strings();
  test_threads();
  test_isa();
  test_relu();
  return CTEST_SUMMARY();
}
