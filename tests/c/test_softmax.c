// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the softmax family: argument checks, values against a
// long-double reference for every ISA and many (outer, dim, inner) shapes,
// guard cells around the output, in-place calls, special values, thread
// invariance.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"

typedef cnn_status (*fn32)(int64_t, int64_t, int64_t, const float *, float *);
typedef cnn_status (*fn64)(int64_t, int64_t, int64_t, const double *, double *);
static const fn32 F32[3] = {cnn_softmax_fwd_f32, cnn_log_softmax_fwd_f32, cnn_softmin_fwd_f32};
static const fn64 F64[3] = {cnn_softmax_fwd_f64, cnn_log_softmax_fwd_f64, cnn_softmin_fwd_f64};

// Reference in long double: op 0 softmax, 1 log_softmax, 2 softmin.
static void reference(int op, int64_t outer, int64_t n, int64_t inner, const double *x,
                      long double *y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      long double m = -INFINITY, s = 0;
      for (int64_t d = 0; d < n; ++d) {
        long double v = x[(o * n + d) * inner + i];
        if (op == 2) v = -v;
        if (v > m) m = v;
      }
      for (int64_t d = 0; d < n; ++d) {
        long double v = x[(o * n + d) * inner + i];
        if (op == 2) v = -v;
        s += expl(v - m);
      }
      for (int64_t d = 0; d < n; ++d) {
        long double v = x[(o * n + d) * inner + i];
        if (op == 2) v = -v;
        y[(o * n + d) * inner + i] = op == 1 ? (v - m) - logl(s) : expl(v - m) / s;
      }
    }
}

static int close_enough(long double ref, double got, double rtol, double atol) {
  if (isnan((double)ref) || isnan(got)) return isnan((double)ref) && isnan(got);
  if (isinf((double)ref) || isinf(got)) return (double)ref == got;
  return fabsl(ref - got) <= atol + rtol * fabsl(ref);
}

static void test_args(void) {
  float x[4] = {0}, y[4] = {0};
  for (int op = 0; op < 3; ++op) {
    CHECK_STATUS(F32[op](-1, 2, 2, x, y), CNN_ESHAPE);
    CHECK_STATUS(F32[op](1, -2, 2, x, y), CNN_ESHAPE);
    CHECK_STATUS(F32[op](1, 2, -2, x, y), CNN_ESHAPE);
    CHECK_STATUS(F32[op](1, 2, 2, NULL, y), CNN_ENULL);
    CHECK_STATUS(F32[op](1, 2, 2, x, NULL), CNN_ENULL);
    CHECK_STATUS(F32[op]((int64_t)1 << 40, (int64_t)1 << 40, 1, x, y), CNN_EOVERFLOW);
    CHECK_STATUS(F32[op]((int64_t)1 << 31, (int64_t)1 << 31, 1, x, y), CNN_EOVERFLOW);  // bytes
    CHECK_STATUS(F64[op](INT64_MAX, 2, 1, (double *)x, (double *)y), CNN_EOVERFLOW);
    // empty arrays are a no-op, NULL allowed
    CHECK_STATUS(F32[op](0, 5, 5, NULL, NULL), CNN_OK);
    CHECK_STATUS(F32[op](5, 0, 5, NULL, NULL), CNN_OK);
    CHECK_STATUS(F64[op](5, 5, 0, NULL, NULL), CNN_OK);
    CHECK_STATUS(F32[op](INT64_MAX, 0, INT64_MAX, x, y), CNN_OK);
  }
  // an error writes nothing
  y[0] = 7.0f;
  CHECK_STATUS(cnn_softmax_fwd_f32(1, -4, 1, x, y), CNN_ESHAPE);
  CHECK(y[0] == 7.0f);
}

static const int64_t SHAPES[][3] = {
    {1, 1, 1},  {3, 1, 1},  {1, 5, 1},  {2, 7, 1},   {2, 8, 1},   {2, 9, 1},   {1, 16, 1},
    {1, 17, 1}, {3, 33, 1}, {2, 65, 1}, {1, 1000, 1}, {2, 3, 2},  {2, 5, 7},   {1, 5, 8},
    {2, 5, 9},  {1, 4, 16}, {1, 4, 17}, {2, 3, 33},  {1, 2, 600}, {1, 3000, 40}, {3, 1, 5},
    {1, 700, 3},  {1050, 2001, 1} /* >= 8 MiB: streamed stores */};

static void test_values(void) {
  const int nshapes = (int)(sizeof SHAPES / sizeof SHAPES[0]);
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    for (int s = 0; s < nshapes; ++s) {
      const int64_t outer = SHAPES[s][0], n = SHAPES[s][1], inner = SHAPES[s][2];
      const int64_t total = outer * n * inner;
      double *xd = malloc(sizeof(double) * total);
      float *xf = malloc(sizeof(float) * total);
      float *yf = malloc(sizeof(float) * (total + 2));
      double *yd = malloc(sizeof(double) * (total + 2));
      long double *ref = malloc(sizeof(long double) * total);
      uint32_t st = 12345u + (uint32_t)s;
      for (int64_t i = 0; i < total; ++i) {
        st = st * 1664525u + 1013904223u;
        xf[i] = (float)((double)(st >> 8) / (1 << 24) * 16.0 - 8.0);
        xd[i] = xf[i];
      }
      for (int op = 0; op < 3; ++op) {
        reference(op, outer, n, inner, xd, ref);
        yf[0] = yf[total + 1] = 123.0f;
        yd[0] = yd[total + 1] = 456.0;
        CHECK_STATUS(F32[op](outer, n, inner, xf, yf + 1), CNN_OK);
        CHECK_STATUS(F64[op](outer, n, inner, xd, yd + 1), CNN_OK);
        CHECK(yf[0] == 123.0f && yf[total + 1] == 123.0f);
        CHECK(yd[0] == 456.0 && yd[total + 1] == 456.0);
        int ok32 = 1, ok64 = 1;
        for (int64_t i = 0; i < total; ++i) {
          ok32 &= close_enough(ref[i], yf[i + 1], 1e-6, 1e-7);
          ok64 &= close_enough(ref[i], yd[i + 1], 1e-12, 1e-14);
        }
        CHECK(ok32);
        CHECK(ok64);
        if (!ok32 || !ok64)
          fprintf(stderr, "  isa %d op %d shape (%lld,%lld,%lld)\n", isa, op, (long long)outer,
                  (long long)n, (long long)inner);
        // in place gives the same bits
        float *inpl = malloc(sizeof(float) * total);
        memcpy(inpl, xf, sizeof(float) * total);
        CHECK_STATUS(F32[op](outer, n, inner, inpl, inpl), CNN_OK);
        CHECK(memcmp(inpl, yf + 1, sizeof(float) * total) == 0);
        free(inpl);
      }
      free(xd);
      free(xf);
      free(yf);
      free(yd);
      free(ref);
    }
  }
  cnn_set_isa(cnn_cpu_max_isa());
}

static void test_special(void) {
  const float inf = INFINITY, nan = NAN;
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    // rows of 20 (vector body + tail): all -inf -> NaN; NaN -> NaN; +inf -> NaN;
    // partial -inf -> 0 / -inf; all equal -> 1/20
    float x[5][20], y[5][20], ly[5][20];
    for (int r = 0; r < 5; ++r)
      for (int i = 0; i < 20; ++i) x[r][i] = (float)i * 0.25f;
    for (int i = 0; i < 20; ++i) x[0][i] = -inf;
    x[1][13] = nan;
    x[2][3] = inf;
    x[3][0] = -inf;
    x[3][19] = -inf;
    for (int i = 0; i < 20; ++i) x[4][i] = 2.5f;
    CHECK_STATUS(cnn_softmax_fwd_f32(5, 20, 1, &x[0][0], &y[0][0]), CNN_OK);
    CHECK_STATUS(cnn_log_softmax_fwd_f32(5, 20, 1, &x[0][0], &ly[0][0]), CNN_OK);
    int ok = 1;
    for (int i = 0; i < 20; ++i) {
      for (int r = 0; r < 3; ++r) ok &= isnan(y[r][i]) && isnan(ly[r][i]);
      ok &= fabsf(y[4][i] - 0.05f) < 1e-7f;
    }
    ok &= y[3][0] == 0.0f && y[3][19] == 0.0f && y[3][5] > 0.0f;
    ok &= isinf(ly[3][0]) && ly[3][0] < 0 && isfinite(ly[3][5]);
    CHECK(ok);
    // single element: 1 (0 for log_softmax)
    double one = 42.0, r1 = 0.0;
    CHECK_STATUS(cnn_softmax_fwd_f64(1, 1, 1, &one, &r1), CNN_OK);
    CHECK(r1 == 1.0);
    CHECK_STATUS(cnn_log_softmax_fwd_f64(1, 1, 1, &one, &r1), CNN_OK);
    CHECK(r1 == 0.0);
  }
  cnn_set_isa(cnn_cpu_max_isa());
}

static void test_threads(void) {
  const int64_t shapes[3][3] = {{300, 1000, 1}, {6, 500, 100}, {1, 4000, 60}};
  int old = cnn_get_num_threads();
  for (int s = 0; s < 3; ++s) {
    int64_t total = shapes[s][0] * shapes[s][1] * shapes[s][2];
    float *x = malloc(sizeof(float) * total), *a = malloc(sizeof(float) * total),
          *b = malloc(sizeof(float) * total);
    for (int64_t i = 0; i < total; ++i) x[i] = (float)((i * 7919) % 1013) / 64.0f;
    for (int op = 0; op < 3; ++op) {
      cnn_set_num_threads(1);
      CHECK_STATUS(F32[op](shapes[s][0], shapes[s][1], shapes[s][2], x, a), CNN_OK);
      for (int nt = 2; nt <= 4; ++nt) {
        cnn_set_num_threads(nt);
        CHECK_STATUS(F32[op](shapes[s][0], shapes[s][1], shapes[s][2], x, b), CNN_OK);
        CHECK(memcmp(a, b, sizeof(float) * total) == 0);
      }
    }
    free(x);
    free(a);
    free(b);
  }
  cnn_set_num_threads(old);
}

int main(void) {
  test_args();
  test_values();
  test_special();
  test_threads();
  return CTEST_SUMMARY();
}
