// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the pooling API, called directly (no Python): bad
// parameters, adversarial unpool indices, guard cells around every output
// (no write out of bounds), SIMD paths against a naive reference, thread
// invariance.  Run under --sanitize address,undefined too.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"

#define GUARD 8
static const float GUARD_F = 12345.0f;

static cnn_pool2d_params mk(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t s,
                            int64_t p, int64_t d, int ceil) {
  cnn_pool2d_params q;
  memset(&q, 0, sizeof q);
  q.n = n, q.c = c, q.h = h, q.w = w;
  q.kh = q.kw = k, q.sh = q.sw = s, q.ph = q.pw = p, q.dh = q.dw = d;
  q.ceil_mode = ceil;
  q.count_include_pad = 1;
  return q;
}

// Naive reference (PyTorch's rules) for one max-pool output.
static void ref_max(const cnn_pool2d_params *p, const float *x, int64_t oh, int64_t ow, float *v,
                    int64_t *ix) {
  int64_t hs = oh * p->sh - p->ph, ws = ow * p->sw - p->pw;
  int64_t h0 = hs, w0 = ws;
  while (h0 < 0) h0 += p->dh;
  while (w0 < 0) w0 += p->dw;
  float m = -INFINITY;
  int64_t mi = h0 * p->w + w0;
  for (int64_t i = 0; i < p->kh; ++i) {
    int64_t r = hs + i * p->dh;
    if (r < 0 || r >= p->h) continue;
    for (int64_t j = 0; j < p->kw; ++j) {
      int64_t q = ws + j * p->dw;
      if (q < 0 || q >= p->w) continue;
      float t = x[r * p->w + q];
      if (t > m || isnan(t)) m = t, mi = r * p->w + q;
    }
  }
  *v = m;
  *ix = mi;
}

static void test_output_shape(void) {
  cnn_pool2d_params p = mk(1, 1, 5, 5, 2, 2, 0, 1, 0);
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_OK);
  CHECK(p.out_h == 2 && p.out_w == 2);
  p.ceil_mode = 1;
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_OK);
  CHECK(p.out_h == 3);
  p = mk(1, 1, 5, 5, 2, 3, 1, 1, 1);  // last window would start in the right padding
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_OK);
  CHECK(p.out_h == 2);
  p = mk(1, 1, 4, 4, 3, 2, 1, 1, 1);
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_OK);
  CHECK(p.out_h == 3);
  CHECK_STATUS(cnn_pool2d_output_shape(NULL), CNN_ENULL);
}

static void test_bad_params(void) {
  float x[64] = {0}, y[64];
  int64_t ix[64];
  struct {
    int64_t k, s, p, d;
    int ceil;
    cnn_status want;
  } bad[] = {
      {0, 1, 0, 1, 0, CNN_EINVAL},  {-1, 1, 0, 1, 0, CNN_EINVAL}, {2, 0, 0, 1, 0, CNN_EINVAL},
      {2, -2, 0, 1, 0, CNN_EINVAL}, {2, 2, 0, 0, 0, CNN_EINVAL},  {2, 2, -1, 1, 0, CNN_EINVAL},
      {2, 2, 2, 1, 0, CNN_EINVAL},  {9, 1, 0, 1, 0, CNN_EINVAL},  {2, 2, 0, 1, 7, CNN_EINVAL},
      {(int64_t)1 << 40, 1, 0, 1, 0, CNN_EINVAL}, {2, (int64_t)1 << 40, 0, 1, 0, CNN_EINVAL},
      {3, 1, 1, INT64_MAX, 0, CNN_EINVAL},
  };
  for (size_t t = 0; t < sizeof bad / sizeof bad[0]; ++t) {
    cnn_pool2d_params p = mk(1, 1, 8, 8, bad[t].k, bad[t].s, bad[t].p, bad[t].d, bad[t].ceil);
    p.out_h = p.out_w = 1;
    y[0] = GUARD_F;
    CHECK_STATUS(cnn_pool2d_output_shape(&p), bad[t].want);
    CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, x, y, ix), bad[t].want);
    CHECK_STATUS(cnn_avgpool2d_fwd_f32(&p, x, y), bad[t].want);
    CHECK(y[0] == GUARD_F);  // nothing written
  }
  // out dims that do not match the formula, negative / zero sizes, NULLs
  cnn_pool2d_params p = mk(1, 1, 8, 8, 2, 2, 0, 1, 0);
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_OK);
  p.out_w = 5;
  CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, x, y, ix), CNN_ESHAPE);
  p = mk(-1, 1, 8, 8, 2, 2, 0, 1, 0);
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_ESHAPE);
  p = mk(1, 1, 0, 8, 2, 2, 0, 1, 0);
  CHECK_STATUS(cnn_pool2d_output_shape(&p), CNN_ESHAPE);
  p = mk(1, 1, 8, 8, 2, 2, 0, 1, 0);
  cnn_pool2d_output_shape(&p);
  CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, NULL, y, ix), CNN_ENULL);
  CHECK_STATUS(cnn_avgpool2d_fwd_f64(&p, (const double *)x, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_maxpool2d_fwd_f32(NULL, x, y, ix), CNN_ENULL);
  // huge dims overflow the element count
  p = mk(INT64_MAX / 2, 4, 8, 8, 2, 2, 0, 1, 0);
  cnn_pool2d_output_shape(&p);
  CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, x, y, ix), CNN_EOVERFLOW);
  // average pooling has no dilation
  p = mk(1, 1, 8, 8, 2, 2, 0, 2, 0);
  cnn_pool2d_output_shape(&p);
  CHECK_STATUS(cnn_avgpool2d_fwd_f32(&p, x, y), CNN_EINVAL);
  // empty batch: OK, nothing touched (NULL buffers allowed)
  p = mk(0, 3, 8, 8, 2, 2, 0, 1, 0);
  cnn_pool2d_output_shape(&p);
  CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, NULL, NULL, NULL), CNN_OK);
}

// Every ISA, many shapes: values and indices equal the naive reference and
// nothing is written outside the output (guard cells).
static void test_maxpool_vs_reference(void) {
  unsigned seed = 1;
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    int ok = 1;
    for (int t = 0; t < 300; ++t) {
      seed = seed * 1103515245u + 12345u;
      int64_t k = 1 + (seed >> 8) % 4, s = 1 + (seed >> 12) % 3, d = 1 + (seed >> 16) % 2;
      int64_t pd = ((seed >> 20) % 3) % (k / 2 + 1);
      int64_t h = 1 + (seed >> 3) % 9, w = 1 + (seed >> 5) % 70;
      cnn_pool2d_params p = mk(2, 1, h, w, k, s, pd, d, (seed >> 24) & 1);
      if (cnn_pool2d_output_shape(&p) != CNN_OK) continue;
      int64_t nin = 2 * h * w, nout = 2 * p.out_h * p.out_w;
      float *x = malloc(sizeof(float) * nin);
      float *y = malloc(sizeof(float) * (nout + 2 * GUARD));
      int64_t *ix = malloc(sizeof(int64_t) * (nout + 2 * GUARD));
      for (int64_t i = 0; i < nin; ++i) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (float)((seed >> 16) % 5);
        if ((seed >> 8) % 29 == 0) x[i] = NAN;
        if ((seed >> 8) % 31 == 1) x[i] = -INFINITY;
      }
      for (int g = 0; g < GUARD; ++g) {
        y[g] = y[nout + GUARD + g] = GUARD_F;
        ix[g] = ix[nout + GUARD + g] = -77;
      }
      CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, x, y + GUARD, ix + GUARD), CNN_OK);
      // values only (padded-copy path when pw > 0): the same values
      float *yv = malloc(sizeof(float) * (nout + 1));
      yv[nout] = GUARD_F;
      CHECK_STATUS(cnn_maxpool2d_fwd_f32(&p, x, yv, NULL), CNN_OK);
      ok &= yv[nout] == GUARD_F;
      for (int64_t o = 0; o < nout; ++o)
        ok &= isnan(yv[o]) ? isnan(y[GUARD + o]) : yv[o] == y[GUARD + o];
      free(yv);
      // average (no dilation): guard cells only, values are checked in Python
      if (d == 1) {
        float *ya = malloc(sizeof(float) * (nout + 1));
        ya[nout] = GUARD_F;
        p.count_include_pad = (int)((seed >> 4) & 1);
        p.dh = p.dw = 1;
        cnn_pool2d_params pa = p;
        if (cnn_pool2d_output_shape(&pa) == CNN_OK && pa.out_h == p.out_h && pa.out_w == p.out_w) {
          CHECK_STATUS(cnn_avgpool2d_fwd_f32(&pa, x, ya), CNN_OK);
          ok &= ya[nout] == GUARD_F;
        }
        free(ya);
      }
      for (int g = 0; g < GUARD; ++g)
        ok &= y[g] == GUARD_F && y[nout + GUARD + g] == GUARD_F && ix[g] == -77 &&
              ix[nout + GUARD + g] == -77;
      for (int64_t pl = 0; pl < 2; ++pl)
        for (int64_t oh = 0; oh < p.out_h; ++oh)
          for (int64_t ow = 0; ow < p.out_w; ++ow) {
            float v;
            int64_t vi;
            ref_max(&p, x + pl * h * w, oh, ow, &v, &vi);
            int64_t o = GUARD + pl * p.out_h * p.out_w + oh * p.out_w + ow;
            ok &= (isnan(v) ? isnan(y[o]) : y[o] == v) && ix[o] == vi;
          }
      free(x);
      free(y);
      free(ix);
    }
    CHECK(ok);
  }
  cnn_set_isa(cnn_cpu_max_isa());
}

static void test_unpool_adversarial(void) {
  const int64_t n = 2, c = 3, h = 2, w = 3, oh = 4, ow = 6, plane = oh * ow;
  cnn_unpool2d_params p = {n, c, h, w, oh, ow};
  double x[36];
  int64_t idx[36];
  double *y = malloc(sizeof(double) * (n * c * plane + 2 * GUARD));
  for (int i = 0; i < 36; ++i) x[i] = i + 1;
  const int64_t bad_values[] = {-1, plane, plane + 1, INT64_MAX, INT64_MIN, (int64_t)1 << 40,
                                -((int64_t)1 << 40)};
  for (size_t b = 0; b < sizeof bad_values / sizeof bad_values[0]; ++b)
    for (int pos = 0; pos < n * c * h * w; pos += 5) {
      for (int i = 0; i < n * c * h * w; ++i) idx[i] = i % plane;
      idx[pos] = bad_values[b];
      for (int64_t i = 0; i < n * c * plane + 2 * GUARD; ++i) y[i] = 99.0;
      CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&p, x, idx, y + GUARD), CNN_EINDEX);
      int untouched = 1;
      for (int64_t i = 0; i < n * c * plane + 2 * GUARD; ++i) untouched &= y[i] == 99.0;
      CHECK(untouched);  // validated before any write
      int64_t where;
      CHECK_STATUS(cnn_maxunpool2d_find_invalid(&p, idx, &where), CNN_OK);
      CHECK(where == pos);
    }
  // valid, with duplicates: the last write wins; guards intact
  for (int i = 0; i < n * c * h * w; ++i) idx[i] = (i * 7) % 5;
  for (int64_t i = 0; i < n * c * plane + 2 * GUARD; ++i) y[i] = 99.0;
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&p, x, idx, y + GUARD), CNN_OK);
  int ok = 1;
  for (int g = 0; g < GUARD; ++g) ok &= y[g] == 99.0 && y[GUARD + n * c * plane + g] == 99.0;
  for (int64_t pl = 0; pl < n * c; ++pl) {
    double expect[24] = {0};
    for (int64_t i = 0; i < h * w; ++i) expect[idx[pl * h * w + i]] = x[pl * h * w + i];
    for (int64_t i = 0; i < plane; ++i) ok &= y[GUARD + pl * plane + i] == expect[i];
  }
  CHECK(ok);
  int64_t where;
  CHECK_STATUS(cnn_maxunpool2d_find_invalid(&p, idx, &where), CNN_OK);
  CHECK(where == -1);
  // bad shapes / NULLs / overflow
  cnn_unpool2d_params q = {n, c, h, w, -1, ow};
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&q, x, idx, y), CNN_ESHAPE);
  q = (cnn_unpool2d_params){INT64_MAX, 2, 2, 2, 2, 2};
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&q, x, idx, y), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&p, x, NULL, y), CNN_ENULL);
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&p, x, idx, NULL), CNN_ENULL);
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(NULL, x, idx, y), CNN_ENULL);
  // zero-area output: indices are not read (PyTorch skips the check too)
  q = (cnn_unpool2d_params){n, c, h, w, 0, 5};
  CHECK_STATUS(cnn_maxunpool2d_fwd_f64(&q, x, NULL, NULL), CNN_OK);
  free(y);
}

static void test_unpool_large_streamed(void) {
  // > 16 MiB of output: planes are built in a scratch buffer and streamed
  const int64_t n = 64, c = 32, h = 16, w = 16, oh = 32, ow = 32;
  cnn_unpool2d_params p = {n, c, h, w, oh, ow};
  int64_t nin = n * c * h * w, nout = n * c * oh * ow;
  float *x = malloc(sizeof(float) * nin);
  int64_t *idx = malloc(sizeof(int64_t) * nin);
  float *y = malloc(sizeof(float) * nout);
  for (int64_t i = 0; i < nin; ++i) {
    int64_t r = (i / w) % h, q = i % w;
    x[i] = (float)(i % 1000);
    idx[i] = (2 * r + (q & 1)) * ow + 2 * q;
  }
  CHECK_STATUS(cnn_maxunpool2d_fwd_f32(&p, x, idx, y), CNN_OK);
  int ok = 1;
  for (int64_t pl = 0; pl < n * c; pl += 97) {
    float *yp = y + pl * oh * ow;
    double sum = 0, want = 0;
    for (int64_t i = 0; i < oh * ow; ++i) sum += yp[i];
    for (int64_t i = 0; i < h * w; ++i) {
      want += x[pl * h * w + i];
      ok &= yp[idx[pl * h * w + i]] == x[pl * h * w + i];
    }
    ok &= sum == want;
  }
  CHECK(ok);
  idx[nin - 1] = oh * ow;
  CHECK_STATUS(cnn_maxunpool2d_fwd_f32(&p, x, idx, y), CNN_EINDEX);
  free(x);
  free(idx);
  free(y);
}

static void test_threads_invariant(void) {
  const int64_t n = 4, c = 8, h = 37, w = 53;
  int64_t nin = n * c * h * w;
  float *x = malloc(sizeof(float) * nin);
  for (int64_t i = 0; i < nin; ++i) x[i] = (float)((i * 2654435761u) % 1000) / 7.0f;
  cnn_pool2d_params p = mk(n, c, h, w, 3, 2, 1, 1, 1);
  cnn_pool2d_output_shape(&p);
  int64_t nout = n * c * p.out_h * p.out_w;
  float *y1 = malloc(sizeof(float) * nout), *y2 = malloc(sizeof(float) * nout);
  int64_t *i1 = malloc(sizeof(int64_t) * nout), *i2 = malloc(sizeof(int64_t) * nout);
  int old = cnn_get_num_threads();
  cnn_set_num_threads(1);
  cnn_maxpool2d_fwd_f32(&p, x, y1, i1);
  cnn_set_num_threads(4);
  cnn_maxpool2d_fwd_f32(&p, x, y2, i2);
  CHECK(memcmp(y1, y2, sizeof(float) * nout) == 0 && memcmp(i1, i2, sizeof(int64_t) * nout) == 0);
  cnn_set_num_threads(1);
  cnn_avgpool2d_fwd_f32(&p, x, y1);
  cnn_set_num_threads(3);
  cnn_avgpool2d_fwd_f32(&p, x, y2);
  CHECK(memcmp(y1, y2, sizeof(float) * nout) == 0);
  cnn_set_num_threads(old);
  free(x);
  free(y1);
  free(y2);
  free(i1);
  free(i2);
}

static void test_adaptive(void) {
  float x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, y[16];
  int64_t ix[16];
  cnn_adaptive_pool2d_params p = {1, 1, 3, 4, 2, 2};
  CHECK_STATUS(cnn_adaptive_avgpool2d_fwd_f32(&p, x, y), CNN_OK);
  // bins rows [0,2) [1,3), cols [0,2) [2,4)
  CHECK_NEAR(y[0], (1 + 2 + 5 + 6) / 4.0, 1e-6);
  CHECK_NEAR(y[3], (7 + 8 + 11 + 12) / 4.0, 1e-6);
  CHECK_STATUS(cnn_adaptive_maxpool2d_fwd_f32(&p, x, y, ix), CNN_OK);
  CHECK(y[0] == 6 && ix[0] == 5 && y[3] == 12 && ix[3] == 11);
  p.out_h = -1;
  CHECK_STATUS(cnn_adaptive_avgpool2d_fwd_f32(&p, x, y), CNN_ESHAPE);
  p.out_h = 0;
  CHECK_STATUS(cnn_adaptive_maxpool2d_fwd_f32(&p, x, NULL, NULL), CNN_OK);
  p = (cnn_adaptive_pool2d_params){1, 1, 0, 4, 2, 2};
  CHECK_STATUS(cnn_adaptive_avgpool2d_fwd_f32(&p, x, y), CNN_ESHAPE);
  p = (cnn_adaptive_pool2d_params){1, 1, 3, 4, 2, 2};
  CHECK_STATUS(cnn_adaptive_avgpool2d_fwd_f32(&p, NULL, y), CNN_ENULL);
}

int main(void) {
  test_output_shape();
  test_bad_params();
  test_maxpool_vs_reference();
  test_unpool_adversarial();
  test_unpool_large_streamed();
  test_threads_invariant();
  test_adaptive();
  return CTEST_SUMMARY();
}
