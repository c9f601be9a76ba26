// SPDX-License-Identifier: BSD-3-Clause
// C-level tests of cnn_sgemm / cnn_dgemm / cnn_linear_fwd_*: argument
// validation (nothing written on error), values against a long double
// reference on every ISA with guard cells around C (edge tiles must not
// write outside the m x n block, strided and transposed C), workspace
// allocation failure, and bitwise identity across thread counts.
#include <stdlib.h>
#include <string.h>

#include "cnnops/cnnops.h"
#include "ctest.h"
#include "gemm/gemm.h"
#include "gemm/kernels.h"

static double frand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return ((double)((*s >> 8) & 0xFFFF) / 32768.0) - 1.0;
}

// Runs C = alpha A B + beta C for one shape / layout on the current ISA and
// checks values and the guard cells of C's buffer.
static int run_case_f32(int64_t m, int64_t n, int64_t k, int ta, int tb, int tc,
                        float alpha, float beta, unsigned seed) {
  const int64_t pad = 3;  // extra columns in C's buffer: guard cells
  float *a = malloc(sizeof(float) * (size_t)(m * k + 1));
  float *b = malloc(sizeof(float) * (size_t)(k * n + 1));
  const int64_t ldc = (tc ? m : n) + pad, rows = tc ? n : m;
  const int64_t csize = rows * ldc + 2 * pad;
  float *cbuf = malloc(sizeof(float) * (size_t)csize);
  float *c0 = malloc(sizeof(float) * (size_t)csize);
  for (int64_t i = 0; i < m * k; ++i) a[i] = (float)frand(&seed);
  for (int64_t i = 0; i < k * n; ++i) b[i] = (float)frand(&seed);
  for (int64_t i = 0; i < csize; ++i) cbuf[i] = c0[i] = 777.0f + (float)(i % 7);
  float *c = cbuf + pad;
  const int64_t rsa = ta ? 1 : k, csa = ta ? m : 1;
  const int64_t rsb = tb ? 1 : n, csb = tb ? k : 1;
  const int64_t rsc = tc ? 1 : ldc, csc = tc ? ldc : 1;
  int ok = cnn_sgemm(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc) == CNN_OK;
  for (int64_t i = 0; i < m && ok; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      long double s = 0, mag = 0;
      for (int64_t p = 0; p < k; ++p) {
        long double t = (long double)a[i * rsa + p * csa] * b[p * rsb + j * csb];
        s += t;
        mag += t < 0 ? -t : t;
      }
      const int64_t off = pad + i * rsc + j * csc;
      long double bc = beta != 0 ? beta * (long double)c0[off] : 0;
      long double ref = alpha * s + bc;
      long double err = (long double)cbuf[off] - ref;
      if (err < 0) err = -err;
      if (err > 1e-5L * (alpha * mag + (bc < 0 ? -bc : bc) + 1)) ok = 0;
      c0[off] = cbuf[off];  // written cells are excluded from the guard check
    }
  }
  for (int64_t i = 0; i < csize && ok; ++i) ok &= cbuf[i] == c0[i];
  free(a);
  free(b);
  free(cbuf);
  free(c0);
  return ok;
}

static void test_values_every_isa(void) {
  static const int64_t sizes[] = {1, 2, 5, 13, 14, 15, 16, 17, 31, 33, 65};
  static const int64_t ks[] = {1, 7, 16, 385};
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    CHECK_STATUS(cnn_set_isa((cnn_isa)isa), CNN_OK);
    int ok = 1;
    unsigned seed = 1;
    for (size_t im = 0; im < sizeof sizes / sizeof *sizes; ++im)
      for (size_t in = 0; in < sizeof sizes / sizeof *sizes; in += 2)
        for (size_t ik = 0; ik < sizeof ks / sizeof *ks; ++ik)
          for (int layout = 0; layout < 8; layout += (im + in) % 3 ? 3 : 1) {
            const int ta = layout & 1, tb = (layout >> 1) & 1, tc = (layout >> 2) & 1;
            const float beta = layout % 2 ? 0.5f : 0.0f;
            ok &= run_case_f32(sizes[im], sizes[in], ks[ik], ta, tb, tc, 1.5f, beta, ++seed);
          }
    CHECK(ok);
  }
  cnn_set_isa(cnn_cpu_max_isa());
}

static void test_validation(void) {
  float a[16] = {0}, b[16] = {0}, c[16];
  for (int i = 0; i < 16; ++i) c[i] = 42.0f;
  CHECK_STATUS(cnn_sgemm(-1, 2, 2, 1, a, 2, 1, b, 2, 1, 0, c, 2, 1), CNN_ESHAPE);
  CHECK_STATUS(cnn_sgemm(2, -2, 2, 1, a, 2, 1, b, 2, 1, 0, c, 2, 1), CNN_ESHAPE);
  CHECK_STATUS(cnn_sgemm(2, 2, -1, 1, a, 2, 1, b, 2, 1, 0, c, 2, 1), CNN_ESHAPE);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, NULL, 2, 1, b, 2, 1, 0, c, 2, 1), CNN_ENULL);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, NULL, 2, 1, 0, c, 2, 1), CNN_ENULL);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, b, 2, 1, 0, NULL, 2, 1), CNN_ENULL);
  // C strides that alias elements
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, b, 2, 1, 0, c, 1, 1), CNN_EINVAL);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, b, 2, 1, 0, c, 0, 1), CNN_EINVAL);
  CHECK_STATUS(cnn_sgemm(3, 3, 2, 1, a, 2, 1, b, 3, 1, 0, c, 2, 1), CNN_EINVAL);
  // C overlapping A or B
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, c, 2, 1, b, 2, 1, 0, c + 2, 2, 1), CNN_EINVAL);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, c + 3, 2, 1, 0, c, 2, 1), CNN_EINVAL);
  // byte extents overflowing int64
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, INT64_MAX / 2, 1, b, 2, 1, 0, c, 2, 1), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, INT64_MIN, 1, b, 2, 1, 0, c, 2, 1), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_sgemm(2, 2, 2, 1, a, 2, 1, b, 2, 1, 0, c, INT64_MAX / 4, 1), CNN_EOVERFLOW);
  CHECK_STATUS(cnn_sgemm(INT64_MAX, 2, 2, 1, a, 2, 1, b, 2, 1, 0, c, 2, 1), CNN_EOVERFLOW);
  int untouched = 1;
  for (int i = 0; i < 16; ++i) untouched &= c[i] == 42.0f;
  CHECK(untouched);
  // empty products: nothing read, pointers may be NULL
  CHECK_STATUS(cnn_sgemm(0, 5, 5, 1, NULL, 5, 1, NULL, 5, 1, 0, NULL, 5, 1), CNN_OK);
  CHECK_STATUS(cnn_sgemm(5, 0, 5, 1, NULL, 5, 1, NULL, 5, 1, 0, NULL, 5, 1), CNN_OK);
  // k == 0 / alpha == 0: C = beta C, A and B not read (NULL allowed)
  CHECK_STATUS(cnn_sgemm(2, 2, 0, 1, NULL, 0, 1, NULL, 2, 1, 2, c, 2, 1), CNN_OK);
  CHECK(c[0] == 84.0f && c[3] == 84.0f && c[4] == 42.0f);
  CHECK_STATUS(cnn_sgemm(2, 2, 3, 0, NULL, 3, 1, NULL, 2, 1, 0, c, 2, 1), CNN_OK);
  CHECK(c[0] == 0.0f && c[3] == 0.0f && c[4] == 42.0f);
  // negative strides are fine (a reversed view)
  double da[6] = {1, 2, 3, 4, 5, 6}, db[3] = {1, 10, 100}, dc[2];
  CHECK_STATUS(cnn_dgemm(2, 1, 3, 1, da + 5, -3, -1, db, 1, 1, 0, dc, 1, 1), CNN_OK);
  CHECK(dc[0] == 6 + 50 + 400 && dc[1] == 3 + 20 + 100);
}

static void test_enomem(void) {
  float a[64], b[64], c[64];
  for (int i = 0; i < 64; ++i) a[i] = b[i] = 1.0f, c[i] = -1.0f;
  cnn_gemm_test_fail_alloc = 1;
  CHECK_STATUS(cnn_sgemm(8, 8, 8, 1, a, 1, 8, b, 8, 1, 0, c, 8, 1), CNN_ENOMEM);
  CHECK(c[0] == -1.0f && c[63] == -1.0f);  // nothing written
  cnn_gemm_test_fail_alloc = 0;
  CHECK_STATUS(cnn_sgemm(8, 8, 8, 1, a, 1, 8, b, 8, 1, 0, c, 8, 1), CNN_OK);
  CHECK(c[0] == 8.0f && c[63] == 8.0f);
}

static void test_threads_bitwise(void) {
  const int64_t m = 203, n = 301, k = 517;
  double *a = malloc(sizeof(double) * m * k), *b = malloc(sizeof(double) * k * n);
  double *c1 = malloc(sizeof(double) * m * n), *c2 = malloc(sizeof(double) * m * n);
  unsigned seed = 7;
  for (int64_t i = 0; i < m * k; ++i) a[i] = frand(&seed);
  for (int64_t i = 0; i < k * n; ++i) b[i] = frand(&seed);
  int old = cnn_get_num_threads();
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    for (int64_t mm = 3; mm <= m; mm += 200) {  // dot path (3 rows) and packed
      cnn_set_num_threads(1);
      CHECK_STATUS(cnn_dgemm(mm, n, k, 1, a, k, 1, b, 1, k, 0, c1, n, 1), CNN_OK);
      for (int t = 2; t <= 4; ++t) {
        cnn_set_num_threads(t);
        CHECK_STATUS(cnn_dgemm(mm, n, k, 1, a, k, 1, b, 1, k, 0, c2, n, 1), CNN_OK);
        CHECK(memcmp(c1, c2, sizeof(double) * mm * n) == 0);
      }
    }
  }
  cnn_set_num_threads(old);
  cnn_set_isa(cnn_cpu_max_isa());
  free(a);
  free(b);
  free(c1);
  free(c2);
}

static void test_linear(void) {
  // The seeds' example: W rows of 1s..4s, bias 0.5, x = [1, 2, 3].
  float x[3] = {1, 2, 3}, w[12], bias[4] = {0.5f, 0.5f, 0.5f, 0.5f}, y[5];
  for (int j = 0; j < 4; ++j)
    for (int p = 0; p < 3; ++p) w[j * 3 + p] = (float)(j + 1);
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    cnn_set_isa((cnn_isa)isa);
    y[4] = 99.0f;
    CHECK_STATUS(cnn_linear_fwd_f32(1, 3, 4, x, 3, 1, w, 3, 1, bias, y), CNN_OK);
    CHECK(y[0] == 6.5f && y[1] == 12.5f && y[2] == 18.5f && y[3] == 24.5f && y[4] == 99.0f);
  }
  cnn_set_isa(cnn_cpu_max_isa());
  // in_features == 0: y = bias
  double db[3] = {1, 2, 3}, dy[6];
  CHECK_STATUS(cnn_linear_fwd_f64(2, 0, 3, NULL, 0, 1, NULL, 0, 1, db, dy), CNN_OK);
  CHECK(dy[0] == 1 && dy[2] == 3 && dy[3] == 1 && dy[5] == 3);
  // y overlapping the bias or the input is refused
  CHECK_STATUS(cnn_linear_fwd_f32(1, 3, 4, x, 3, 1, w, 3, 1, y, y), CNN_EINVAL);
  CHECK_STATUS(cnn_linear_fwd_f32(1, 3, 4, w, 3, 1, w, 3, 1, NULL, w + 1), CNN_EINVAL);
  CHECK_STATUS(cnn_linear_fwd_f32(-1, 3, 4, x, 3, 1, w, 3, 1, NULL, y), CNN_ESHAPE);
}

// Shapes across the cache blocks: MC (AVX2: 144 / 72 rows), KC (256 / 384),
// NC (AVX2 float32: 4080 columns), in the Linear layout (B = W^T, the
// transposing packs) and others; then the same product with the blocking
// cut for a tiny L2 (the AVX-512 NC follows it) is bitwise the same.
static void test_blocking_edges(void) {
  static const int64_t shapes[][3] = {{143, 17, 300}, {145, 33, 257}, {217, 40, 513},
                                      {73, 9, 100}, {20, 4100, 24}};
  for (int isa = CNN_ISA_SCALAR; isa <= (int)cnn_cpu_max_isa(); ++isa) {
    CHECK_STATUS(cnn_set_isa((cnn_isa)isa), CNN_OK);
    int ok = 1;
    unsigned seed = 11;
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; ++i)
      for (int layout = 0; layout < 4; ++layout)
        ok &= run_case_f32(shapes[i][0], shapes[i][1], shapes[i][2], layout & 1,
                           (layout >> 1) & 1, 0, 1.0f, layout == 3 ? 0.5f : 0.0f, ++seed);
    CHECK(ok);
    const int64_t m = 150, n = 700, k = 300;
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n);
    float *c1 = malloc(sizeof(float) * m * n), *c2 = malloc(sizeof(float) * m * n);
    for (int64_t q = 0; q < m * k; ++q) a[q] = (float)frand(&seed);
    for (int64_t q = 0; q < k * n; ++q) b[q] = (float)frand(&seed);
    CHECK_STATUS(cnn_sgemm(m, n, k, 1, a, k, 1, b, 1, k, 0, c1, n, 1), CNN_OK);
    cnn_gemm_test_l2_bytes = 64 * 1024;
    CHECK_STATUS(cnn_sgemm(m, n, k, 1, a, k, 1, b, 1, k, 0, c2, n, 1), CNN_OK);
    cnn_gemm_test_l2_bytes = 0;
    CHECK(memcmp(c1, c2, sizeof(float) * m * n) == 0);
    free(a);
    free(b);
    free(c1);
    free(c2);
  }
  cnn_set_isa(cnn_cpu_max_isa());
}

// The AVX2 transposing packs: values, zero rows past `rows`, and nothing
// written outside the kc x width block of the destination.
static void test_pack_t_avx2(void) {
  if (cnn_cpu_max_isa() < CNN_ISA_AVX2) return;
  enum { LD = 40, DLD = 11, KCMAX = 21 };
  float src[8 * LD], dst[KCMAX * DLD];
  double srcd[4 * LD], dstd[KCMAX * DLD];
  for (int i = 0; i < 8 * LD; ++i) src[i] = (float)(i + 1);
  for (int i = 0; i < 4 * LD; ++i) srcd[i] = i + 1;
  int ok = 1;
  for (int64_t kc = 1; kc <= KCMAX; kc += 4)
    for (int64_t width = 1; width <= 8; ++width)
      for (int64_t rows = 0; rows <= width; ++rows) {
        for (int i = 0; i < KCMAX * DLD; ++i) dst[i] = dstd[i] = -7;
        cnn_f32_gemm_pack_t8__avx2(kc, src, LD, rows, width, dst, DLD);
        if (width <= 4) cnn_f64_gemm_pack_t4__avx2(kc, srcd, LD, rows, width, dstd, DLD);
        for (int64_t p = 0; p < KCMAX; ++p)
          for (int64_t r = 0; r < DLD; ++r) {
            const int inside = p < kc && r < width;
            const double want = !inside ? -7 : r < rows ? (double)(r * LD + p + 1) : 0;
            ok &= dst[p * DLD + r] == (float)want;
            if (width <= 4) ok &= dstd[p * DLD + r] == want;
          }
      }
  CHECK(ok);
}

// The micro-kernel's prefetch plan (block_b: AVX-512 and the scalar path):
// every line it names lies inside A or B, and together they cover what the
// next packs read -- all of B but its first K block, all of A but its first
// panel -- when the layout is contiguous along k (or B along n); a B or A
// strided both ways gets no prefetches.  One thread, 1 MiB of L2 (NC 384);
// the shape gives every block at least as many calls as next-B segments and
// every panel at least MR calls (one segment per call: fewer calls would
// leave part uncovered, which is allowed).  A and B start on their own
// cache lines, so no line is shared between them.
typedef struct {
  uintptr_t lo;        // first line of the operand
  int64_t nlines;
  unsigned char *hit;  // per line: named by a prefetch
} pf_map;
static pf_map pf_maps[2];
static int pf_outside;  // lines named outside both operands
static int64_t pf_segments;

static pf_map pf_map_of(const void *base, int64_t bytes) {
  pf_map mp;
  mp.lo = (uintptr_t)base & ~(uintptr_t)63;
  mp.nlines = (int64_t)(((uintptr_t)base + (uintptr_t)bytes + 63 - mp.lo) / 64);
  mp.hit = calloc((size_t)mp.nlines, 1);
  return mp;
}

static void pf_record(const cnn_gemm_pf *pf) {
  for (int s = 0; s < 2; ++s) {
    if (pf->lines[s] <= 0) continue;
    ++pf_segments;
    const uintptr_t first = (uintptr_t)pf->p[s] & ~(uintptr_t)63;
    for (int64_t l = 0; l < pf->lines[s]; ++l) {
      const uintptr_t line = first + 64 * (uintptr_t)l;
      int in = 0;
      for (int o = 0; o < 2; ++o)
        if (line >= pf_maps[o].lo && (line - pf_maps[o].lo) / 64 < (uintptr_t)pf_maps[o].nlines) {
          pf_maps[o].hit[(line - pf_maps[o].lo) / 64] = 1;
          in = 1;
        }
      pf_outside += !in;
    }
  }
}

static int pf_hit(int o, const void *q) {
  return pf_maps[o].hit[((uintptr_t)q - pf_maps[o].lo) / 64];
}

static void test_prefetch_plan(void) {
  const int64_t m = 600, n = 240, k = 600;  // K blocks 256, 256, 88
  double *a = aligned_alloc(64, sizeof(double) * m * k);  // multiples of 64 bytes
  double *b = aligned_alloc(64, sizeof(double) * 2 * k * n);
  double *c = malloc(sizeof(double) * m * n);
  unsigned seed = 5;
  for (int64_t i = 0; i < m * k; ++i) a[i] = frand(&seed);
  for (int64_t i = 0; i < 2 * k * n; ++i) b[i] = frand(&seed);
  const int old = cnn_get_num_threads();
  cnn_set_num_threads(1);
  cnn_gemm_test_l2_bytes = 1 << 20;
  cnn_gemm_test_pf_hook = pf_record;
  const int isas[2] = {CNN_ISA_SCALAR, CNN_ISA_AVX512};
  const int64_t mrs[2] = {CNN_GEMM_SCALAR_MR, CNN_GEMM_AVX512_MR};
  for (int t = 0; t < 2; ++t) {
    if (cnn_cpu_max_isa() < (cnn_isa)isas[t]) continue;
    CHECK_STATUS(cnn_set_isa((cnn_isa)isas[t]), CNN_OK);
    const int64_t kcb = 256;  // float64 KC of both paths
    // layout 0: B = W^T (columns contiguous along k); 1: B rows contiguous
    // along n; 2: B strided both ways; 3: A columns contiguous (A^T).
    for (int layout = 0; layout < 4; ++layout) {
      const int64_t rsb = layout == 0 ? 1 : layout == 2 ? 2 * n : n;
      const int64_t csb = layout == 0 ? k : layout == 2 ? 2 : 1;
      const int64_t rsa = layout == 3 ? 1 : k, csa = layout == 3 ? m : 1;
      pf_maps[0] = pf_map_of(a, (int64_t)sizeof(double) * m * k);
      // B's map: only the span the view addresses (layouts 0 and 1 use the
      // first half of the buffer), so a line past it counts as outside.
      pf_maps[1] = pf_map_of(b, (int64_t)sizeof(double) * ((k - 1) * rsb + (n - 1) * csb + 1));
      pf_outside = 0;
      pf_segments = 0;
      CHECK_STATUS(cnn_dgemm(m, n, k, 1, a, rsa, csa, b, rsb, csb, 0, c, n, 1), CNN_OK);
      CHECK(pf_segments > 0 && pf_outside == 0);
      int ok_b = 1, ok_a = 1, any_b = 0, any_a = 0;
      for (int64_t p = 0; p < k; ++p)
        for (int64_t j = 0; j < n; ++j) {
          const int hit = pf_hit(1, b + p * rsb + j * csb);
          any_b |= hit;
          if (p >= kcb && layout != 2) ok_b &= hit;
        }
      for (int64_t i = 0; i < m; ++i)
        for (int64_t p = 0; p < k; ++p) {
          const int hit = pf_hit(0, a + i * rsa + p * csa);
          any_a |= hit;
          if ((i >= mrs[t] || p >= kcb) && layout != 3) ok_a &= hit;
        }
      CHECK(ok_b && ok_a);
      CHECK(layout != 2 || !any_b);
      CHECK(layout != 3 || !any_a);
      free(pf_maps[0].hit);
      free(pf_maps[1].hit);
    }
  }
  cnn_gemm_test_pf_hook = NULL;
  cnn_gemm_test_l2_bytes = 0;
  cnn_set_num_threads(old);
  cnn_set_isa(cnn_cpu_max_isa());
  free(a);
  free(b);
  free(c);
}

int main(void) {
  test_validation();
  test_enomem();
  test_values_every_isa();
  test_threads_bitwise();
  test_blocking_edges();
  test_pack_t_avx2();
  test_prefetch_plan();
  test_linear();
  return CTEST_SUMMARY();
}
