// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the activation API (cnnops/activation.h), called directly:
// argument validation (nothing written on error), values on every ISA path
// against scalar double formulas, in-place use, PReLU layouts, thread
// invariance.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"
#include "internal/cpu.h"

#define N 1000

static float xf[N], yf[N], zf[N];
static double xd[N], yd[N], zd[N];

static void fill(void) {
  for (int i = 0; i < N; ++i) {
    double v = (i - N / 2) * 0.037 + 0.001 * (i % 7);
    xd[i] = v;
    xf[i] = (float)v;
  }
}

static double sigm(double v) { return 1.0 / (1.0 + exp(-v)); }

// Compare float32/float64 results with a double formula, rtol/atol of the issue.
#define CHECK_OP(call32, call64, formula)                                        \
  do {                                                                           \
    CHECK_STATUS(call32, CNN_OK);                                                \
    CHECK_STATUS(call64, CNN_OK);                                                \
    int bad32 = 0, bad64 = 0;                                                    \
    for (int i = 0; i < N; ++i) {                                                \
      double v = xf[i];                                                          \
      double r = (formula);                                                      \
      if (!(fabs(yf[i] - r) <= 1e-7 + 1e-6 * fabs(r))) bad32++;                  \
      v = xd[i];                                                                 \
      r = (formula);                                                             \
      if (!(fabs(yd[i] - r) <= 1e-14 + 1e-12 * fabs(r))) bad64++;                \
    }                                                                            \
    CHECK(bad32 == 0);                                                           \
    CHECK(bad64 == 0);                                                           \
  } while (0)

static void test_values(void) {
  fill();
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    CHECK_STATUS(cnn_set_isa((cnn_isa)isa), CNN_OK);
    CHECK_OP(cnn_relu6_fwd_f32(N, xf, yf), cnn_relu6_fwd_f64(N, xd, yd), fmin(fmax(v, 0), 6));
    CHECK_OP(cnn_leaky_relu_fwd_f32(N, 0.1f, xf, yf), cnn_leaky_relu_fwd_f64(N, 0.1, xd, yd),
             v > 0 ? v : v * 0.1);
    CHECK_OP(cnn_sigmoid_fwd_f32(N, xf, yf), cnn_sigmoid_fwd_f64(N, xd, yd), sigm(v));
    CHECK_OP(cnn_tanh_fwd_f32(N, xf, yf), cnn_tanh_fwd_f64(N, xd, yd), tanh(v));
    CHECK_OP(cnn_hardsigmoid_fwd_f32(N, xf, yf), cnn_hardsigmoid_fwd_f64(N, xd, yd),
             fmin(fmax(v + 3, 0), 6) / 6);
    CHECK_OP(cnn_hardswish_fwd_f32(N, xf, yf), cnn_hardswish_fwd_f64(N, xd, yd),
             v * fmin(fmax(v + 3, 0), 6) / 6);
    CHECK_OP(cnn_silu_fwd_f32(N, xf, yf), cnn_silu_fwd_f64(N, xd, yd), v * sigm(v));
    CHECK_OP(cnn_mish_fwd_f32(N, xf, yf), cnn_mish_fwd_f64(N, xd, yd), v * tanh(log1p(exp(v))));
    CHECK_OP(cnn_softplus_fwd_f32(N, 2.0f, 5.0f, xf, yf), cnn_softplus_fwd_f64(N, 2.0, 5.0, xd, yd),
             2 * v > 5 ? v : log1p(exp(2 * v)) / 2);
    CHECK_OP(cnn_elu_fwd_f32(N, 0.5f, xf, yf), cnn_elu_fwd_f64(N, 0.5, xd, yd),
             v > 0 ? v : 0.5 * expm1(v));
    CHECK_OP(cnn_gelu_fwd_f32(N, CNN_GELU_NONE, xf, yf), cnn_gelu_fwd_f64(N, CNN_GELU_NONE, xd, yd),
             0.5 * v * erfc(-v / sqrt(2.0)));
    CHECK_OP(cnn_gelu_fwd_f32(N, CNN_GELU_TANH, xf, yf), cnn_gelu_fwd_f64(N, CNN_GELU_TANH, xd, yd),
             0.5 * v * (1 + tanh(sqrt(2 / M_PI) * (v + 0.044715 * v * v * v))));
  }
  CHECK_STATUS(cnn_set_isa(cnn_cpu_max_isa()), CNN_OK);
}

static void test_special(void) {
  float s[8] = {NAN, INFINITY, -INFINITY, -0.0f, 0.0f, 1e-40f, -1e-40f, -100.0f}, o[8];
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    CHECK_STATUS(cnn_set_isa((cnn_isa)isa), CNN_OK);
    CHECK_STATUS(cnn_sigmoid_fwd_f32(8, s, o), CNN_OK);
    CHECK(isnan(o[0]) && o[1] == 1.0f && o[2] == 0.0f && o[3] == 0.5f && o[7] > 0.0f);
    CHECK_STATUS(cnn_silu_fwd_f32(8, s, o), CNN_OK);
    CHECK(isnan(o[0]) && isinf(o[1]) && isnan(o[2]) && signbit(o[3]) && o[3] == 0.0f);
    CHECK_STATUS(cnn_mish_fwd_f32(8, s, o), CNN_OK);
    CHECK(isnan(o[0]) && isinf(o[1]) && isnan(o[2]) && signbit(o[3]));
    CHECK_STATUS(cnn_tanh_fwd_f32(8, s, o), CNN_OK);
    CHECK(isnan(o[0]) && o[1] == 1.0f && o[2] == -1.0f && signbit(o[3]) && o[6] == s[6]);
    CHECK_STATUS(cnn_softplus_fwd_f32(8, 1.0f, 20.0f, s, o), CNN_OK);
    CHECK(isnan(o[0]) && isinf(o[1]) && o[2] == 0.0f && fabsf(o[3] - 0.6931472f) < 1e-7f);
    CHECK_STATUS(cnn_relu6_fwd_f32(8, s, o), CNN_OK);
    CHECK(isnan(o[0]) && o[1] == 6.0f && o[2] == 0.0f && signbit(o[3]));
    CHECK_STATUS(cnn_elu_fwd_f32(8, 1.0f, s, o), CNN_OK);
    CHECK(isnan(o[0]) && isinf(o[1]) && o[2] == -1.0f && signbit(o[3]) && o[6] == s[6]);
    CHECK_STATUS(cnn_gelu_fwd_f32(8, CNN_GELU_NONE, s, o), CNN_OK);
    // +inf -> +inf and -0 -> -0 (PyTorch's float64 kernel; its float32 ones vary by CPU)
    CHECK(isnan(o[0]) && o[1] == INFINITY && isnan(o[2]) && signbit(o[3]) && o[3] == 0.0f);
  }
  double d[2] = {INFINITY, -INFINITY}, od[2];
  CHECK_STATUS(cnn_gelu_fwd_f64(2, CNN_GELU_NONE, d, od), CNN_OK);
  CHECK(isinf(od[0]) && isnan(od[1]));
  CHECK_STATUS(cnn_set_isa(cnn_cpu_max_isa()), CNN_OK);
}

static void test_validation(void) {
  float a[4] = {1, -2, 3, -4}, b[4] = {7, 7, 7, 7};
  CHECK_STATUS(cnn_sigmoid_fwd_f32(-1, a, b), CNN_ESHAPE);
  CHECK_STATUS(cnn_sigmoid_fwd_f32(4, NULL, b), CNN_ENULL);
  CHECK_STATUS(cnn_sigmoid_fwd_f32(4, a, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_sigmoid_fwd_f32(0, NULL, NULL), CNN_OK);
  CHECK_STATUS(cnn_tanh_fwd_f32(INT64_MAX, a, b), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_gelu_fwd_f32(4, (cnn_gelu_approx)2, a, b), CNN_EINVAL);
  CHECK_STATUS(cnn_gelu_fwd_f32(4, (cnn_gelu_approx)-1, a, b), CNN_EINVAL);
  CHECK_STATUS(cnn_rrelu_fwd_f32(4, a, NULL, b), CNN_ENULL);
  CHECK_STATUS(cnn_rrelu_fwd_f32(-4, a, a, b), CNN_ESHAPE);
  CHECK_STATUS(cnn_prelu_fwd_f32(1, 4, 1, 3, a, a, b), CNN_ESHAPE);   // 3 weights, 4 channels
  CHECK_STATUS(cnn_prelu_fwd_f32(1, 4, 1, 0, a, a, b), CNN_ESHAPE);
  CHECK_STATUS(cnn_prelu_fwd_f32(-1, 4, 1, 1, a, a, b), CNN_ESHAPE);
  CHECK_STATUS(cnn_prelu_fwd_f32(1, 4, 1, 4, a, NULL, b), CNN_ENULL);
  CHECK_STATUS(cnn_prelu_fwd_f32(INT64_MAX, 4, 4, 4, a, a, b), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_prelu_fwd_f32(0, 4, 1, 4, NULL, NULL, NULL), CNN_OK);
  for (int i = 0; i < 4; ++i) CHECK(b[i] == 7);  // nothing written on error
}

static void test_prelu_and_rrelu(void) {
  // (outer=3, C=5, inner) for inner below and above the segment threshold
  for (int inner = 1; inner <= 40; inner += 13) {
    int n = 3 * 5 * inner;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), w[5] = {0.1, -0.2, 0.3, 0.4, 2};
    for (int i = 0; i < n; ++i) x[i] = (i % 3) - 1.5 + 0.01 * i;
    CHECK_STATUS(cnn_prelu_fwd_f64(3, 5, inner, 5, x, w, y), CNN_OK);
    int bad = 0;
    for (int i = 0; i < n; ++i) {
      double s = w[(i / inner) % 5];
      if (y[i] != (x[i] > 0 ? x[i] : s * x[i])) bad++;
    }
    CHECK(bad == 0);
    CHECK_STATUS(cnn_prelu_fwd_f64(3, 5, inner, 1, x, w, x), CNN_OK);  // in place, shared slope
    bad = 0;
    for (int i = 0; i < n; ++i) {
      double v = (i % 3) - 1.5 + 0.01 * i;
      if (x[i] != (v > 0 ? v : 0.1 * v)) bad++;
    }
    CHECK(bad == 0);
    free(x);
    free(y);
  }
  float x[5] = {-1, 2, -3, NAN, -0.0f}, u[5] = {0.2f, 0.5f, 0.3f, 0.1f, 0.25f}, y[5];
  CHECK_STATUS(cnn_rrelu_fwd_f32(5, x, u, y), CNN_OK);
  CHECK(y[0] == -0.2f && y[1] == 2 && fabsf(y[2] + 0.9f) < 1e-6f && isnan(y[3]) && signbit(y[4]));
}

static void test_inplace_and_threads(void) {
  fill();
  int nt0 = cnn_get_num_threads();
  static float big[300000], r1[300000], r4[300000];
  for (int i = 0; i < 300000; ++i) big[i] = (float)((i % 1000) * 0.02 - 10);
  CHECK_STATUS(cnn_set_num_threads(1), CNN_OK);
  CHECK_STATUS(cnn_gelu_fwd_f32(300000, CNN_GELU_NONE, big, r1), CNN_OK);
  CHECK_STATUS(cnn_set_num_threads(4), CNN_OK);
  CHECK_STATUS(cnn_gelu_fwd_f32(300000, CNN_GELU_NONE, big, r4), CNN_OK);
  CHECK(memcmp(r1, r4, sizeof r1) == 0);
  CHECK_STATUS(cnn_set_num_threads(nt0), CNN_OK);
  memcpy(zf, xf, sizeof xf);
  CHECK_STATUS(cnn_silu_fwd_f32(N, zf, zf), CNN_OK);
  CHECK_STATUS(cnn_silu_fwd_f32(N, xf, yf), CNN_OK);
  CHECK(memcmp(zf, yf, sizeof zf) == 0);
  memcpy(zd, xd, sizeof xd);
  CHECK_STATUS(cnn_mish_fwd_f64(N, zd, zd), CNN_OK);
  CHECK_STATUS(cnn_mish_fwd_f64(N, xd, yd), CNN_OK);
  CHECK(memcmp(zd, yd, sizeof zd) == 0);
}

// The streaming threshold: over a quarter of the last-level cache, 4 MiB if
// unknown; a relu just below and at it gives the same values.
static void test_stream_threshold(void) {
  const size_t smin = cnn_activation_stream_min_bytes();
  const int64_t llc = cnn_llc_bytes();
  CHECK(llc >= 0);
  CHECK(smin == (llc > 0 ? (size_t)llc / 4 + 1 : (size_t)4 << 20));
  const int64_t n = (int64_t)((smin + 3) / 4);
  float *x = malloc((size_t)n * sizeof(float)), *y = malloc((size_t)n * sizeof(float));
  CHECK(x != NULL && y != NULL);
  if (x == NULL || y == NULL) return;
  for (int64_t i = 0; i < n; ++i) x[i] = (float)((i * 7919) % 1001) - 500.0f;
  for (int64_t m = n - 1; m <= n; ++m) {
    CHECK(cnn_relu_fwd_f32(m, x, y) == CNN_OK);
    int64_t bad = 0;
    for (int64_t i = 0; i < m; ++i) bad += y[i] != (x[i] > 0 ? x[i] : 0.0f);
    CHECK(bad == 0);
  }
  free(x);
  free(y);
}

int main(void) {
  test_values();
  test_stream_threshold();
  test_special();
  test_validation();
  test_prelu_and_rrelu();
  test_inplace_and_threads();
  return CTEST_SUMMARY();
}
