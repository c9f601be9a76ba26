// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the normalization family: argument validation (every bad
// argument returns a status and writes nothing), results against naive
// double-precision references on every ISA, guard cells around outputs, and
// bitwise thread invariance.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"

#define GUARD 4
static const float kGuard = 12345.0f;

static float *alloc_guarded(int64_t n) {
  float *p = malloc(sizeof(float) * (size_t)(n + 2 * GUARD));
  for (int64_t i = 0; i < n + 2 * GUARD; ++i) p[i] = kGuard;
  return p + GUARD;
}

static int guards_ok(const float *p, int64_t n) {
  for (int i = 1; i <= GUARD; ++i)
    if (p[-i] != kGuard || p[n + i - 1] != kGuard) return 0;
  return 1;
}

static void free_guarded(float *p) { free(p - GUARD); }

static uint32_t g_seed = 12345u;
static float frand(void) {  // uniform in [-1, 1)
  g_seed = g_seed * 1664525u + 1013904223u;
  return (float)((g_seed >> 8) * (1.0 / 8388608.0)) - 1.0f;
}

static int all_eq(const float *p, int64_t n, float v) {
  for (int64_t i = 0; i < n; ++i)
    if (p[i] != v) return 0;
  return 1;
}

// ---- argument validation -------------------------------------------------
static void test_bad_args(void) {
  float x[24], y[24], w[4], b[4], rm[4], rv[4], mean[8], var[8];
  for (int i = 0; i < 24; ++i) x[i] = (float)i;
  for (int i = 0; i < 4; ++i) w[i] = b[i] = rm[i] = rv[i] = 1.0f;
  for (int i = 0; i < 24; ++i) y[i] = kGuard;
  const int64_t big = INT64_C(1) << 62;

  // batch norm
  CHECK_STATUS(cnn_batch_norm_fwd_f32(-1, 3, 2, x, w, b, rm, rv, 1, 0.1, 1e-5, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, -3, 2, x, w, b, rm, rv, 1, 0.1, 1e-5, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(big, big, 2, x, w, b, rm, rv, 1, 0.1, 1e-5, y), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(big, 2, 1, x, w, b, rm, rv, 1, 0.1, 1e-5, y), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, 3, 4, NULL, w, b, rm, rv, 1, 0.1, 1e-5, y), CNN_ENULL);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, 3, 4, x, w, b, rm, rv, 1, 0.1, 1e-5, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, 3, 4, x, w, b, rm, rv, 1, 0.1, -1.0, y), CNN_EINVAL);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, 3, 4, x, w, b, rm, NULL, 1, 0.1, 1e-5, y), CNN_EINVAL);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(2, 3, 4, x, w, b, NULL, NULL, 0, 0.1, 1e-5, y), CNN_ENULL);
  CHECK(all_eq(y, 24, kGuard));
  CHECK(rm[0] == 1.0f && rv[0] == 1.0f);
  CHECK_STATUS(cnn_batch_norm_fwd_f32(0, 3, 4, NULL, NULL, NULL, rm, rv, 1, 0.1, 1e-5, NULL), CNN_OK);
  CHECK(rm[0] == 1.0f && rv[0] == 1.0f);  // empty batch: statistics unchanged
  CHECK_STATUS(cnn_batch_norm_fwd_f64(-2, 3, 4, NULL, NULL, NULL, NULL, NULL, 1, 0.1, 1e-5, NULL),
               CNN_ESHAPE);

  // group norm
  CHECK_STATUS(cnn_group_norm_fwd_f32(2, 4, 3, 0, x, w, b, 1e-5, y, mean, var), CNN_EINVAL);
  CHECK_STATUS(cnn_group_norm_fwd_f32(2, 4, 3, -2, x, w, b, 1e-5, y, mean, var), CNN_EINVAL);
  CHECK_STATUS(cnn_group_norm_fwd_f32(2, 4, 3, 3, x, w, b, 1e-5, y, mean, var), CNN_ESHAPE);
  CHECK_STATUS(cnn_group_norm_fwd_f32(2, 4, -3, 2, x, w, b, 1e-5, y, mean, var), CNN_ESHAPE);
  CHECK_STATUS(cnn_group_norm_fwd_f32(2, 4, 3, 2, NULL, w, b, 1e-5, y, mean, var), CNN_ENULL);
  CHECK_STATUS(cnn_group_norm_fwd_f32(big, 4, big, 2, x, w, b, 1e-5, y, mean, var), CNN_EOVERFLOW);
  CHECK(all_eq(y, 24, kGuard));

  // instance norm
  CHECK_STATUS(cnn_instance_norm_fwd_f32(2, 3, 4, x, w, b, rm, NULL, 1, 0.1, 1e-5, y), CNN_EINVAL);
  CHECK_STATUS(cnn_instance_norm_fwd_f32(2, 3, 4, x, w, b, NULL, NULL, 0, 0.1, 1e-5, y), CNN_ENULL);
  CHECK_STATUS(cnn_instance_norm_fwd_f32(2, -3, 4, x, w, b, NULL, NULL, 1, 0.1, 1e-5, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_instance_norm_fwd_f32(2, 3, 4, x, w, b, NULL, NULL, 1, 0.1, 1e-5, NULL), CNN_ENULL);
  CHECK(all_eq(y, 24, kGuard));

  // layer norm
  CHECK_STATUS(cnn_layer_norm_fwd_f32(-1, 4, x, w, b, 1e-5, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_layer_norm_fwd_f32(2, -4, x, w, b, 1e-5, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_layer_norm_fwd_f32(big, big, x, w, b, 1e-5, y), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_layer_norm_fwd_f32(2, 4, x, w, b, 1e-5, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_layer_norm_fwd_f32(0, 4, NULL, NULL, NULL, 1e-5, NULL), CNN_OK);
  CHECK(all_eq(y, 24, kGuard));

  // local response norm
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, 4, 0, 1e-4, 0.75, 1.0, x, y), CNN_EINVAL);
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, 4, -5, 1e-4, 0.75, 1.0, x, y), CNN_EINVAL);
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, 4, 2, 1e-4, 0.75, 1.0, x, x), CNN_EINVAL);
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, -4, 2, 1e-4, 0.75, 1.0, x, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, 4, 2, 1e-4, 0.75, 1.0, NULL, y), CNN_ENULL);
  CHECK(all_eq(y, 24, kGuard));
  // a window wider than anything (size near INT64_MAX) is fine
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(2, 3, 4, INT64_MAX, 1e-4, 0.75, 1.0, x, y), CNN_OK);
  CHECK(!isnan(y[0]));

  // normalize
  for (int i = 0; i < 24; ++i) y[i] = kGuard;
  CHECK_STATUS(cnn_normalize_fwd_f32(-1, 3, 4, 2.0, 1e-12, x, y), CNN_ESHAPE);
  CHECK_STATUS(cnn_normalize_fwd_f32(2, 3, 4, 2.0, 1e-12, x, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_normalize_fwd_f32(big, big, 4, 2.0, 1e-12, x, y), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_normalize_fwd_f32(0, 3, 4, 2.0, 1e-12, NULL, NULL), CNN_OK);
  CHECK(all_eq(y, 24, kGuard));
}

// ---- references ------------------------------------------------------------
static void ref_norm_rows(const float *x, int64_t rows, int64_t d, double eps, double *y) {
  for (int64_t r = 0; r < rows; ++r) {
    double m = 0, v = 0;
    for (int64_t j = 0; j < d; ++j) m += x[r * d + j];
    m /= (double)d;
    for (int64_t j = 0; j < d; ++j) v += (x[r * d + j] - m) * (x[r * d + j] - m);
    v /= (double)d;
    for (int64_t j = 0; j < d; ++j) y[r * d + j] = (x[r * d + j] - m) / sqrt(v + eps);
  }
}

static int close_to(const float *y, const double *ref, int64_t n, double tol) {
  for (int64_t i = 0; i < n; ++i)
    if (!(fabs((double)y[i] - ref[i]) <= tol * (1.0 + fabs(ref[i])))) return 0;
  return 1;
}

static void test_values_all_isas(void) {
  const int64_t N = 3, C = 4, S = 37, n = N * C * S;
  float *x = malloc(sizeof(float) * n);
  double *ref = malloc(sizeof(double) * n);
  double *tmp = malloc(sizeof(double) * n);
  for (int64_t i = 0; i < n; ++i) x[i] = 100.0f + 3.0f * frand();
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    CHECK_STATUS(cnn_set_isa((cnn_isa)isa), CNN_OK);
    float *y = alloc_guarded(n);

    // layer norm over C*S per sample
    CHECK_STATUS(cnn_layer_norm_fwd_f32(N, C * S, x, NULL, NULL, 1e-5, y), CNN_OK);
    ref_norm_rows(x, N, C * S, 1e-5, ref);
    CHECK(close_to(y, ref, n, 1e-5) && guards_ok(y, n));

    // group norm with 2 groups == layer norm over each half
    CHECK_STATUS(cnn_group_norm_fwd_f32(N, C, S, 2, x, NULL, NULL, 1e-5, y, NULL, NULL), CNN_OK);
    ref_norm_rows(x, N * 2, C / 2 * S, 1e-5, ref);
    CHECK(close_to(y, ref, n, 1e-5) && guards_ok(y, n));

    // instance norm == group norm with C groups
    CHECK_STATUS(cnn_instance_norm_fwd_f32(N, C, S, x, NULL, NULL, NULL, NULL, 1, 0.1, 1e-5, y),
                 CNN_OK);
    ref_norm_rows(x, N * C, S, 1e-5, ref);
    CHECK(close_to(y, ref, n, 1e-5) && guards_ok(y, n));

    // batch norm (training) with running-statistics update
    float rm[4] = {0, 0, 0, 0}, rv[4] = {1, 1, 1, 1};
    CHECK_STATUS(cnn_batch_norm_fwd_f32(N, C, S, x, NULL, NULL, rm, rv, 1, 0.1, 1e-5, y), CNN_OK);
    int ok = 1;
    for (int64_t c = 0; c < C; ++c) {
      double m = 0, v = 0;
      for (int64_t i = 0; i < N; ++i)
        for (int64_t s = 0; s < S; ++s) m += x[(i * C + c) * S + s];
      m /= (double)(N * S);
      for (int64_t i = 0; i < N; ++i)
        for (int64_t s = 0; s < S; ++s) {
          double d = x[(i * C + c) * S + s] - m;
          v += d * d;
        }
      for (int64_t i = 0; i < N; ++i)
        for (int64_t s = 0; s < S; ++s) {
          int64_t k = (i * C + c) * S + s;
          ok &= fabs(y[k] - (x[k] - m) / sqrt(v / (double)(N * S) + 1e-5)) < 1e-5;
        }
      ok &= fabs(rm[c] - 0.1 * m) < 1e-5 * (1 + fabs(m));
      ok &= fabs(rv[c] - (0.9 + 0.1 * v / (double)(N * S - 1))) < 1e-5;
    }
    CHECK(ok && guards_ok(y, n));

    // LRN (size 3) against the direct window sum
    CHECK_STATUS(cnn_local_response_norm_fwd_f32(N, C, S, 3, 0.5, 0.75, 2.0, x, y), CNN_OK);
    for (int64_t i = 0; i < N; ++i)
      for (int64_t c = 0; c < C; ++c)
        for (int64_t s = 0; s < S; ++s) {
          double sum = 0;
          for (int64_t cc = c - 1; cc <= c + 1; ++cc)
            if (cc >= 0 && cc < C) sum += (double)x[(i * C + cc) * S + s] * x[(i * C + cc) * S + s];
          int64_t k = (i * C + c) * S + s;
          tmp[k] = x[k] / pow(2.0 + 0.5 / 3.0 * sum, 0.75);
        }
    CHECK(close_to(y, tmp, n, 1e-5) && guards_ok(y, n));

    // normalize along C (inner = S) and along S (inner = 1)
    CHECK_STATUS(cnn_normalize_fwd_f32(N, C, S, 2.0, 1e-12, x, y), CNN_OK);
    for (int64_t i = 0; i < N; ++i)
      for (int64_t s = 0; s < S; ++s) {
        double nn = 0;
        for (int64_t c = 0; c < C; ++c) nn += (double)x[(i * C + c) * S + s] * x[(i * C + c) * S + s];
        for (int64_t c = 0; c < C; ++c) tmp[(i * C + c) * S + s] = x[(i * C + c) * S + s] / sqrt(nn);
      }
    CHECK(close_to(y, tmp, n, 1e-6) && guards_ok(y, n));
    CHECK_STATUS(cnn_normalize_fwd_f32(N * C, S, 1, INFINITY, 1e-12, x, y), CNN_OK);
    ok = 1;
    for (int64_t r = 0; r < N * C; ++r) {
      double m = 0;
      for (int64_t s = 0; s < S; ++s) m = fmax(m, fabs(x[r * S + s]));
      for (int64_t s = 0; s < S; ++s) ok &= fabs(y[r * S + s] - x[r * S + s] / m) < 1e-6;
    }
    CHECK(ok && guards_ok(y, n));
    free_guarded(y);
  }
  cnn_set_isa(cnn_cpu_max_isa());
  free(x);
  free(ref);
  free(tmp);
}

// ---- special values and float64 ------------------------------------------
static void test_specials(void) {
  // constant input: zero output, no NaN
  float c[40], y[40];
  for (int i = 0; i < 40; ++i) c[i] = 3.5f;
  CHECK_STATUS(cnn_layer_norm_fwd_f32(2, 20, c, NULL, NULL, 1e-5, y), CNN_OK);
  CHECK(all_eq(y, 40, 0.0f));
  // NaN spreads through its row only
  c[3] = NAN;
  CHECK_STATUS(cnn_layer_norm_fwd_f32(2, 20, c, NULL, NULL, 1e-5, y), CNN_OK);
  CHECK(isnan(y[0]) && isnan(y[19]) && y[20] == 0.0f);
  // large offset keeps float32 accuracy
  double xd[64], yd[64];
  float xf[64], yf[64];
  for (int i = 0; i < 64; ++i) {
    xd[i] = 1e4 + (i % 2 ? 1.0 : -1.0);
    xf[i] = (float)xd[i];
  }
  CHECK_STATUS(cnn_layer_norm_fwd_f32(1, 64, xf, NULL, NULL, 0.0, yf), CNN_OK);
  CHECK_STATUS(cnn_layer_norm_fwd_f64(1, 64, xd, NULL, NULL, 0.0, yd), CNN_OK);
  int ok = 1;
  for (int i = 0; i < 64; ++i) ok &= fabs(yf[i] - (i % 2 ? 1.0 : -1.0)) < 1e-6 && fabs(yd[i] - yf[i]) < 1e-6;
  CHECK(ok);
  // LRN: inf leaves the window and the running sum recovers
  float l[12 * 2], ly[12 * 2];
  for (int i = 0; i < 24; ++i) l[i] = 1.0f;
  l[2 * 2] = INFINITY;
  CHECK_STATUS(cnn_local_response_norm_fwd_f32(1, 12, 2, 3, 1.0, 1.0, 1.0, l, ly), CNN_OK);
  CHECK(ly[0] != 0.0f && ly[1 * 2] == 0.0f && isnan(ly[2 * 2]) && ly[3 * 2] == 0.0f);
  CHECK(fabs(ly[6 * 2] - 1.0f / (1.0f + 1.0f)) < 1e-6);
  // normalize: zero vector gives zeros
  float z[6] = {0}, zy[6];
  CHECK_STATUS(cnn_normalize_fwd_f32(2, 3, 1, 2.0, 1e-12, z, zy), CNN_OK);
  CHECK(all_eq(zy, 6, 0.0f));
}

// ---- thread invariance -----------------------------------------------------
static void test_threads(void) {
  const int64_t N = 3, C = 5, S = 30000, n = N * C * S;
  float *x = malloc(sizeof(float) * n), *y1 = malloc(sizeof(float) * n), *y2 = malloc(sizeof(float) * n);
  for (int64_t i = 0; i < n; ++i) x[i] = 1e3f + frand();
  int old = cnn_get_num_threads();
  for (int op = 0; op < 6; ++op) {
    float *outs[2] = {y1, y2};
    float rms[2][5], rvs[2][5];
    for (int t = 0; t < 2; ++t) {
      cnn_set_num_threads(t == 0 ? 1 : 3);
      for (int c = 0; c < 5; ++c) rms[t][c] = 0.0f, rvs[t][c] = 1.0f;
      float *y = outs[t];
      switch (op) {
        case 0: cnn_batch_norm_fwd_f32(N, C, S, x, NULL, NULL, rms[t], rvs[t], 1, 0.1, 1e-5, y); break;
        case 1: cnn_group_norm_fwd_f32(N, C, S, 1, x, NULL, NULL, 1e-5, y, NULL, NULL); break;
        case 2: cnn_layer_norm_fwd_f32(1, n, x, NULL, NULL, 1e-5, y); break;
        case 3: cnn_local_response_norm_fwd_f32(N, C, S, 4, 1.0, 0.6, 0.0, x, y); break;
        case 4: cnn_normalize_fwd_f32(N, C, S, 3.0, 1e-12, x, y); break;
        case 5: cnn_instance_norm_fwd_f32(N, C, S, x, NULL, NULL, rms[t], rvs[t], 1, 0.1, 1e-5, y); break;
      }
    }
    CHECK(memcmp(y1, y2, sizeof(float) * n) == 0);
    CHECK(memcmp(rms[0], rms[1], sizeof rms[0]) == 0 && memcmp(rvs[0], rvs[1], sizeof rvs[0]) == 0);
  }
  cnn_set_num_threads(old);
  free(x);
  free(y1);
  free(y2);
}

int main(void) {
  test_bad_args();
  test_values_all_isas();
  test_specials();
  test_threads();
  return CTEST_SUMMARY();
}
