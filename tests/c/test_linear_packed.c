// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of the packed Linear (cnn_linear_pack_* /
// cnn_linear_fwd_packed_*): argument validation (nothing written on error),
// values against a long double reference with guard cells around y for
// shapes that hit every tile edge, on every ISA, and bitwise identity across
// ISAs and thread counts (one FMA chain per output, whatever runs it).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"

static double frand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return ((double)((*s >> 8) & 0xFFFF) / 32768.0) - 1.0;
}

static void test_validation(void) {
  float w[12] = {0}, x[6] = {1, 2, 3, 4, 5, 6}, y[8], packed[64], other[64];
  // a 64-byte header, then panels of one cache line per k
  CHECK(cnn_linear_packed_size_f32(3, 4) == 16 + 48);  // one 16-wide panel
  CHECK(cnn_linear_packed_size_f64(3, 9) == 8 + 48);   // two 8-wide panels
  CHECK(cnn_linear_packed_size_f32(0, 5) == 16);
  CHECK(cnn_linear_packed_size_f32(-1, 5) == -1);
  CHECK(cnn_linear_packed_size_f32(INT64_MAX / 2, 17) == -1);
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, w, 3, 1, packed, 63), CNN_ESHAPE);
  CHECK_STATUS(cnn_linear_pack_f32(3, -4, w, 3, 1, packed, 64), CNN_ESHAPE);
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, NULL, 3, 1, packed, 64), CNN_ENULL);
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, w, 3, 1, NULL, 64), CNN_ENULL);
  CHECK_STATUS(cnn_linear_pack_f32(INT64_MAX / 2, 17, w, 1, 1, packed, 0),
               CNN_EOVERFLOW);
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, packed + 2, 3, 1, packed, 64),
               CNN_EINVAL);  // the pack overlaps the weight
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, w, INT64_MAX, 1, packed, 64),
               CNN_EOVERFLOW);
  CHECK_STATUS(cnn_linear_pack_f32(0, 4, NULL, 0, 1, other, 16), CNN_OK);
  // a pack of another shape, or of nothing, is refused
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 0, 4, x, 3, 1, other, 16, NULL, y),
               CNN_OK);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 0, 5, x, 3, 1, other, 16, NULL, y),
               CNN_ESHAPE);
  for (int i = 0; i < 8; ++i) y[i] = 99.0f;
  for (int i = 0; i < 12; ++i) w[i] = (float)(i / 3 + 1);  // rows of 1s..4s
  CHECK_STATUS(cnn_linear_pack_f32(3, 4, w, 3, 1, packed, 64), CNN_OK);
  for (int i = 0; i < 8; ++i) y[i] = 99.0f;
  // nothing is written on error
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, x, 3, 1, packed, 47, NULL, y),
               CNN_ESHAPE);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 5, x, 3, 1, packed, 64, NULL, y),
               CNN_ESHAPE);  // a pack of another shape, same size
  CHECK_STATUS(cnn_linear_fwd_packed_f64(1, 3, 4, (const double *)x, 3, 1,
                                         (const double *)packed, 32, NULL,
                                         (double *)y),
               CNN_ESHAPE);  // a float32 pack read as float64
  CHECK_STATUS(cnn_linear_fwd_packed_f32(-2, 3, 4, x, 3, 1, packed, 64, NULL, y),
               CNN_ESHAPE);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, NULL, 3, 1, packed, 64, NULL, y),
               CNN_ENULL);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, x, 3, 1, NULL, 64, NULL, y),
               CNN_ENULL);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, x, 3, 1, packed, 64, NULL, NULL),
               CNN_ENULL);
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, x, 3, 1, packed, 64, NULL, x),
               CNN_EINVAL);  // y overlaps x
  CHECK_STATUS(cnn_linear_fwd_packed_f32(1, 3, 4, x, 3, 1, packed, 64, NULL,
                                         packed + 56),
               CNN_EINVAL);  // y overlaps the pack
  CHECK_STATUS(cnn_linear_fwd_packed_f32(1, 3, 4, x, 3, 1, packed, 64, y + 2, y),
               CNN_EINVAL);  // y overlaps the bias
  CHECK_STATUS(cnn_linear_fwd_packed_f32(2, 3, 4, x, INT64_MAX, 1, packed, 64,
                                         NULL, y),
               CNN_EOVERFLOW);
  int untouched = 1;
  for (int i = 0; i < 8; ++i) untouched &= y[i] == 99.0f;
  CHECK(untouched);
  // The seeds' example (x = [1, 2, 3], bias 0.5) on every ISA.
  const float bias[4] = {0.5f, 0.5f, 0.5f, 0.5f};
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    y[4] = 99.0f;
    CHECK_STATUS(cnn_linear_fwd_packed_f32(1, 3, 4, x, 3, 1, packed, 64, bias, y),
                 CNN_OK);
    CHECK(y[0] == 6.5f && y[1] == 12.5f && y[2] == 18.5f && y[3] == 24.5f &&
          y[4] == 99.0f);
  }
  cnn_set_isa(cnn_cpu_max_isa());
  // in_features == 0: y = bias, the (empty) pack and x are not read
  double db[3] = {1, 2, 3}, dy[6], dempty[8], dw[15] = {0};
  CHECK_STATUS(cnn_linear_pack_f64(0, 3, NULL, 0, 1, dempty, 8), CNN_OK);
  CHECK_STATUS(cnn_linear_fwd_packed_f64(2, 0, 3, NULL, 0, 1, dempty, 8, db, dy),
               CNN_OK);
  CHECK(dy[0] == 1 && dy[2] == 3 && dy[3] == 1 && dy[5] == 3);
  double dpack[8 + 40];
  CHECK_STATUS(cnn_linear_pack_f64(5, 3, dw, 5, 1, dpack, 48),
               CNN_OK);
  CHECK_STATUS(cnn_linear_fwd_packed_f64(0, 5, 3, NULL, 5, 1, dpack, 48, db, NULL),
               CNN_OK);  // batch 0
  CHECK_STATUS(cnn_linear_fwd_packed_f64(1, 5, 3, NULL, 5, 1, NULL, 48, db, dy),
               CNN_ENULL);
}

// y (m x n inside guard cells) from a strided x against long double sums;
// returns 1 if values and guards are right.  out receives y.
static int run_case(int64_t m, int64_t n, int64_t k, int64_t csx, int use_bias,
                    unsigned seed, float *out) {
  const int64_t rsx = k * csx + 1, pad = 5;
  float *x = malloc(sizeof(float) * (size_t)(m * rsx + 1));
  float *w = malloc(sizeof(float) * (size_t)(n * k + 1));
  float *bias = malloc(sizeof(float) * (size_t)(n + 1));
  const int64_t size = cnn_linear_packed_size_f32(k, n);
  float *packed = malloc(sizeof(float) * (size_t)(size + 1));
  float *ybuf = malloc(sizeof(float) * (size_t)(m * n + 2 * pad));
  for (int64_t i = 0; i < m * rsx; ++i) x[i] = (float)frand(&seed);
  for (int64_t i = 0; i < n * k; ++i) w[i] = (float)frand(&seed);
  for (int64_t i = 0; i < n; ++i) bias[i] = (float)frand(&seed);
  for (int64_t i = 0; i < m * n + 2 * pad; ++i) ybuf[i] = 777.0f;
  float *y = ybuf + pad;
  int ok = cnn_linear_pack_f32(k, n, w, k, 1, packed, size) == CNN_OK;
  ok = ok && cnn_linear_fwd_packed_f32(m, k, n, x, rsx, csx, packed, size,
                                       use_bias ? bias : NULL, y) == CNN_OK;
  for (int64_t i = 0; i < m && ok; ++i)
    for (int64_t j = 0; j < n; ++j) {
      long double s = use_bias ? bias[j] : 0, mag = fabsl(s);
      for (int64_t p = 0; p < k; ++p) {
        s += (long double)x[i * rsx + p * csx] * w[j * k + p];
        mag += fabsl((long double)x[i * rsx + p * csx] * w[j * k + p]);
      }
      if (fabsl((long double)y[i * n + j] - s) > 1e-6L * (mag + 1)) ok = 0;
    }
  for (int64_t i = 0; i < pad; ++i)
    ok = ok && ybuf[i] == 777.0f && ybuf[pad + m * n + i] == 777.0f;
  if (out) memcpy(out, y, sizeof(float) * (size_t)(m * n));
  free(x);
  free(w);
  free(bias);
  free(packed);
  free(ybuf);
  return ok;
}

static void test_values_every_isa_and_thread_count(void) {
  static const int64_t ms[] = {1, 2, 3, 5, 6, 7, 13, 16, 17};
  static const int64_t ns[] = {1, 15, 16, 17, 33, 64, 65, 100, 130};
  static const int64_t ks[] = {1, 5, 64, 257, 1100};  // 1100: 3 k blocks
  const int old = cnn_get_num_threads();
  unsigned seed = 1;
  for (size_t a = 0; a < sizeof ms / sizeof *ms; ++a)
    for (size_t b = 0; b < sizeof ns / sizeof *ns; ++b)
      for (size_t c = 0; c < sizeof ks / sizeof *ks; ++c) {
        const int64_t m = ms[a], n = ns[b], k = ks[c];
        float *ref = malloc(sizeof(float) * (size_t)(m * n));
        float *got = malloc(sizeof(float) * (size_t)(m * n));
        ++seed;
        cnn_set_isa(CNN_ISA_SCALAR);
        cnn_set_num_threads(1);
        CHECK(run_case(m, n, k, (int64_t)(seed % 2 + 1), (int)(seed % 3 != 0),
                       seed, ref));
        for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa)
          for (int t = 1; t <= 3; t += 2) {
            cnn_set_isa((cnn_isa)isa);
            cnn_set_num_threads(t);
            CHECK(run_case(m, n, k, (int64_t)(seed % 2 + 1),
                           (int)(seed % 3 != 0), seed, got));
            CHECK(memcmp(ref, got, sizeof(float) * (size_t)(m * n)) == 0);
          }
        free(ref);
        free(got);
      }
  // Sizes that really run several threads (above the one-thread grain):
  // batch 5 takes the dynamically shared panel chunks, batch 40 the split.
  float *ref = malloc(sizeof(float) * 40 * 700), *got = malloc(sizeof(float) * 40 * 700);
  cnn_set_isa(cnn_cpu_max_isa());
  for (int64_t m = 5; m <= 40; m += 35) {
    cnn_set_num_threads(1);
    CHECK(run_case(m, 700, 600, 1, 1, 7u, ref));
    for (int t = 2; t <= 4; ++t) {
      cnn_set_num_threads(t);
      CHECK(run_case(m, 700, 600, 1, 1, 7u, got));
      CHECK(memcmp(ref, got, sizeof(float) * (size_t)(m * 700)) == 0);
    }
  }
  free(ref);
  free(got);
  cnn_set_num_threads(old);
  cnn_set_isa(cnn_cpu_max_isa());
}

int main(void) {
  test_validation();
  test_values_every_isa_and_thread_count();
  return CTEST_SUMMARY();
}
