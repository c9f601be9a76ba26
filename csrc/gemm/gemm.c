// SPDX-License-Identifier: BSD-3-Clause
// Public GEMM entry points: validate, then run the five-loop driver
// (gemm-driver.inc, instantiated for float and double below).
#include "gemm/gemm.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "cnnops/gemm.h"
#include "gemm/kernels.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/parallel.h"

// Multiply-adds below which a GEMM stays on one thread (a 64^3 product,
// ~10 us, is about what waking a second thread is worth).
#define CNN_GEMM_GRAIN ((int64_t)1 << 18)

// Cache blocking.  AVX-512 (tuned on Sapphire Rapids, 48 KiB L1d / 2 MiB
// L2 per core): the A micro-panel (MR x KC) stays in L1, the B block
// (KC x NC, NC cut to 3/4 of the L2 found at run time) in L2.  AVX2 (tuned
// on Zen 3, 32 KiB L1d / 512 KiB L2): BLIS's order, the A block (MC x KC,
// 144 KiB) in L2, a B micro-panel (KC x NR, 16 KiB) in L1, the B block in
// L3.  Only KC changes results (partial sums of K blocks are added in C),
// so it is fixed per ISA and dtype; MC and NC never change a bit.
#define F32_AVX512_KC 384
#define F32_AVX512_NC 1024
#define F64_AVX512_KC 256
#define F64_AVX512_NC 768
#define F32_AVX2_KC 256
#define F32_AVX2_MC 144
#define F32_AVX2_NC 4080
#define F64_AVX2_KC 256
#define F64_AVX2_MC 72
#define F64_AVX2_NC 2040
// Largest m that takes the unpacked dot path (when the layout allows it).
#define F32_DOT_MAX_M CNN_GEMM_DOT_MAX_M
#define F64_DOT_MAX_M CNN_GEMM_DOT_MAX_M

int cnn_gemm_test_fail_alloc = 0;
void (*cnn_gemm_test_pf_hook)(const cnn_gemm_pf *pf) = NULL;

static void *cnn_gemm_alloc(size_t bytes) {
  if (cnn_gemm_test_fail_alloc) return NULL;
  size_t rounded = (bytes + 63) / 64 * 64;
  return aligned_alloc(64, rounded ? rounded : 64);
}

static void cnn_gemm_free(void *p) { free(p); }

// Bytes of L2 per core (0: unknown): sysfs (cnn_cache_bytes), else sysconf.
// A test may set cnn_gemm_test_l2_bytes to stand in for the machine's.
int64_t cnn_gemm_test_l2_bytes = 0;

static int64_t cnn_gemm_l2_bytes(void) {
  if (cnn_gemm_test_l2_bytes > 0) return cnn_gemm_test_l2_bytes;
  int64_t v = cnn_cache_bytes(2);
#ifdef _SC_LEVEL2_CACHE_SIZE
  if (v <= 0) {
    const long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
    v = l2 > 0 ? (int64_t)l2 : 0;
  }
#endif
  return v;
}

// Columns of the packed B block (KC x NC, reused from L2 by every row panel
// of A): at most nc_max, and at most 3/4 of this machine's L2 (Zen 3 has
// 512 KiB per core, Sapphire Rapids 2 MiB), in whole NR panels.  NC only
// groups columns: it never changes a result bit.
static int64_t cnn_gemm_nc(int64_t nc_max, int64_t col_bytes, int64_t nr) {
  const int64_t l2 = cnn_gemm_l2_bytes();
  if (l2 <= 0) return nc_max;
  int64_t nc = l2 / 4 * 3 / col_bytes / nr * nr;
  if (nc < nr) nc = nr;
  return nc < nc_max ? nc : nc_max;
}

#define G(name) f32_##name
#define T float
#define f32_ukr_fn cnn_f32_gemm_ukr_fn
#define f32_dot_fn cnn_f32_gemm_dot_fn
#define f32_AVX512_NR CNN_GEMM_AVX512_NR_F32
#define f32_AVX512_KC F32_AVX512_KC
#define f32_AVX512_NC F32_AVX512_NC
#define f32_AVX2_NR CNN_GEMM_AVX2_NR_F32
#define f32_AVX2_KC F32_AVX2_KC
#define f32_AVX2_NC F32_AVX2_NC
#define f32_AVX2_MC F32_AVX2_MC
#define f32_UKR_AVX512 cnn_f32_gemm_14x32__avx512
#define f32_UKR_AVX2 cnn_f32_gemm_6x16__avx2
#define f32_UKR_SCALAR cnn_f32_gemm_4x8__scalar
#define f32_DOT_AVX512 cnn_f32_gemm_dot__avx512
#define f32_DOT_AVX2 cnn_f32_gemm_dot__avx2
#define f32_DOT_SCALAR cnn_f32_gemm_dot__scalar
#define f32_DOT_MAX_M F32_DOT_MAX_M
#define f32_packt_fn cnn_f32_gemm_packt_fn
#define f32_TLANES_AVX512 16
#define f32_PACK_T_AVX512 cnn_f32_gemm_pack_t16__avx512
#define f32_TLANES_AVX2 8
#define f32_PACK_T_AVX2 cnn_f32_gemm_pack_t8__avx2
#include "gemm/gemm-driver.inc"
#undef G
#undef T

#define G(name) f64_##name
#define T double
#define f64_ukr_fn cnn_f64_gemm_ukr_fn
#define f64_dot_fn cnn_f64_gemm_dot_fn
#define f64_AVX512_NR CNN_GEMM_AVX512_NR_F64
#define f64_AVX512_KC F64_AVX512_KC
#define f64_AVX512_NC F64_AVX512_NC
#define f64_AVX2_NR CNN_GEMM_AVX2_NR_F64
#define f64_AVX2_KC F64_AVX2_KC
#define f64_AVX2_NC F64_AVX2_NC
#define f64_AVX2_MC F64_AVX2_MC
#define f64_UKR_AVX512 cnn_f64_gemm_14x16__avx512
#define f64_UKR_AVX2 cnn_f64_gemm_6x8__avx2
#define f64_UKR_SCALAR cnn_f64_gemm_4x8__scalar
#define f64_DOT_AVX512 cnn_f64_gemm_dot__avx512
#define f64_DOT_AVX2 cnn_f64_gemm_dot__avx2
#define f64_DOT_SCALAR cnn_f64_gemm_dot__scalar
#define f64_DOT_MAX_M F64_DOT_MAX_M
#define f64_packt_fn cnn_f64_gemm_packt_fn
#define f64_TLANES_AVX512 8
#define f64_PACK_T_AVX512 cnn_f64_gemm_pack_t8__avx512
#define f64_TLANES_AVX2 4
#define f64_PACK_T_AVX2 cnn_f64_gemm_pack_t4__avx2
#include "gemm/gemm-driver.inc"
#undef G
#undef T

// ---- validation --------------------------------------------------------------

// Element offsets [lo, hi] spanned by a rows x cols matrix with strides
// (rs, cs); CNN_EOVERFLOW if the span in bytes does not fit in int64.
// (Shared with csrc/linear/packed.c through gemm/gemm.h.)
cnn_status cnn_gemm_span(int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                         int64_t elem, int64_t *lo, int64_t *hi) {
  *lo = *hi = 0;
  if (rows == 0 || cols == 0) return CNN_OK;
  if (rs == INT64_MIN || cs == INT64_MIN) return CNN_EOVERFLOW;
  int64_t r, c;
  if (!cnn_mul_ok(rows - 1, rs < 0 ? -rs : rs, &r)) return CNN_EOVERFLOW;
  if (!cnn_mul_ok(cols - 1, cs < 0 ? -cs : cs, &c)) return CNN_EOVERFLOW;
  int64_t neg, pos, total, bytes;  // (checked adds: signed overflow is UB)
  if (__builtin_add_overflow(rs < 0 ? r : 0, cs < 0 ? c : 0, &neg) ||
      __builtin_add_overflow(rs < 0 ? 0 : r, cs < 0 ? 0 : c, &pos))
    return CNN_EOVERFLOW;
  if (__builtin_add_overflow(neg, pos, &total)) return CNN_EOVERFLOW;
  if (__builtin_add_overflow(total, (int64_t)1, &total)) return CNN_EOVERFLOW;
  if (!cnn_mul_ok(total, elem, &bytes)) return CNN_EOVERFLOW;
  *lo = -neg;
  *hi = pos;
  return CNN_OK;
}

// Distinct (i, j) of an m x n matrix must address distinct elements.
static int strides_unique(int64_t m, int64_t n, int64_t rs, int64_t cs) {
  if (m <= 1 && n <= 1) return 1;
  if (m <= 1) return cs != 0;
  if (n <= 1) return rs != 0;
  int64_t ar = rs < 0 ? -rs : rs, ac = cs < 0 ? -cs : cs, t;
  if (ac >= 1 && cnn_mul_ok(n, ac, &t) && ar >= t) return 1;
  if (ar >= 1 && cnn_mul_ok(m, ar, &t) && ac >= t) return 1;
  return 0;
}

int cnn_gemm_ranges_overlap(const void *p, int64_t plo, int64_t phi,
                            const void *q, int64_t qlo, int64_t qhi,
                            int64_t elem) {
  // Byte ranges [p + plo*elem, p + (phi+1)*elem) and the same for q.
  intptr_t p0 = (intptr_t)p + (intptr_t)(plo * elem);
  intptr_t p1 = (intptr_t)p + (intptr_t)((phi + 1) * elem);
  intptr_t q0 = (intptr_t)q + (intptr_t)(qlo * elem);
  intptr_t q1 = (intptr_t)q + (intptr_t)((qhi + 1) * elem);
  return p0 < q1 && q0 < p1;
}

static cnn_status check_gemm(int64_t m, int64_t n, int64_t k, int alpha_zero,
                             const void *a, int64_t rsa, int64_t csa,
                             const void *b, int64_t rsb, int64_t csb,
                             const void *c, int64_t rsc, int64_t csc,
                             const void *bias, int64_t elem) {
  CNN_REQUIRE(m >= 0 && n >= 0 && k >= 0, CNN_ESHAPE);
  const int reads_ab = m > 0 && n > 0 && k > 0 && !alpha_zero;
  CNN_REQUIRE(m == 0 || n == 0 || c != NULL, CNN_ENULL);
  CNN_REQUIRE(!reads_ab || (a != NULL && b != NULL), CNN_ENULL);
  int64_t alo, ahi, blo, bhi, clo, chi, t;
  cnn_status st;
  st = cnn_gemm_span(m, k, rsa, csa, elem, &alo, &ahi);
  if (st != CNN_OK) return st;
  st = cnn_gemm_span(k, n, rsb, csb, elem, &blo, &bhi);
  if (st != CNN_OK) return st;
  st = cnn_gemm_span(m, n, rsc, csc, elem, &clo, &chi);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(cnn_mul_ok(n, elem, &t), CNN_EOVERFLOW);
  if (m == 0 || n == 0) return CNN_OK;
  CNN_REQUIRE(strides_unique(m, n, rsc, csc), CNN_EINVAL);
  if (reads_ab) {
    CNN_REQUIRE(!cnn_gemm_ranges_overlap(c, clo, chi, a, alo, ahi, elem),
                CNN_EINVAL);
    CNN_REQUIRE(!cnn_gemm_ranges_overlap(c, clo, chi, b, blo, bhi, elem),
                CNN_EINVAL);
  }
  if (bias != NULL)
    CNN_REQUIRE(!cnn_gemm_ranges_overlap(c, clo, chi, bias, 0, n - 1, elem),
                CNN_EINVAL);
  return CNN_OK;
}

#define DEFINE_ENTRY(T, SFX)                                                    \
  cnn_status cnn_##SFX##_gemm_bias(int64_t m, int64_t n, int64_t k, T alpha,    \
                                   const T *a, int64_t rsa, int64_t csa,        \
                                   const T *b, int64_t rsb, int64_t csb,        \
                                   T beta, T *c, int64_t rsc, int64_t csc,      \
                                   const T *bias) {                             \
    cnn_status st = check_gemm(m, n, k, alpha == (T)0, a, rsa, csa, b, rsb,    \
                               csb, c, rsc, csc, bias, (int64_t)sizeof(T));     \
    if (st != CNN_OK) return st;                                                \
    SFX##_ctx x = {m, n, k, alpha, beta, a, rsa, csa, b, rsb, csb, c, rsc,      \
                   csc, bias};                                                  \
    return SFX##_run(&x);                                                       \
  }
DEFINE_ENTRY(float, f32)
DEFINE_ENTRY(double, f64)

cnn_status cnn_sgemm(int64_t m, int64_t n, int64_t k, float alpha,
                     const float *a, int64_t rsa, int64_t csa,
                     const float *b, int64_t rsb, int64_t csb,
                     float beta, float *c, int64_t rsc, int64_t csc) {
  return cnn_f32_gemm_bias(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c,
                           rsc, csc, NULL);
}

cnn_status cnn_dgemm(int64_t m, int64_t n, int64_t k, double alpha,
                     const double *a, int64_t rsa, int64_t csa,
                     const double *b, int64_t rsb, int64_t csb,
                     double beta, double *c, int64_t rsc, int64_t csc) {
  return cnn_f64_gemm_bias(m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c,
                           rsc, csc, NULL);
}
