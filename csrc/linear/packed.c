// SPDX-License-Identifier: BSD-3-Clause
// Packed Linear (cnnops/linear.h): pack a weight once into panels of one
// cache line per k, then run forwards from the pack.  Validation first, then
// the driver: threads own disjoint panel ranges (never a share of k); each
// walks k blocks of 512 features (partial sums wait in y), row blocks of x
// that stay in L2, its panel groups, and register tiles of rows.
#include <stddef.h>
#include <string.h>

#include "cnnops/linear.h"
#include "gemm/gemm.h"
#include "internal/check.h"
#include "internal/cpu.h"
#include "internal/parallel.h"
#include "linear/packed-kernels.h"

// Multiply-adds below which a forward stays on one thread (as the GEMM).
#define LINP_GRAIN ((int64_t)1 << 18)
// k block: 512 features are 32 KiB of each panel, so a group of 4 panels
// (128 KiB) stays in L2 while every row tile of x passes over it, and each
// weight byte comes from memory once per call whatever k is.
#define LINP_KC 512
// Bytes of x per row block (its k block stays in L2 while the thread's
// panel groups pass over it).
#define LINP_BLOCK_BYTES ((int64_t)512 << 10)
// Batches up to this size split the panels into chunks of about
// LINP_DYN_OUTPUTS outputs, handed out dynamically (see the forward).
#define LINP_DYN_MAX_M 16
#define LINP_DYN_OUTPUTS 64

// ---- the pack's header, sizes and validation --------------------------------

// The pack starts with one 64-byte header (W elements) recording what it
// holds, so a pack handed to a forward of another shape or dtype is refused
// instead of silently read as zero-padded panels of the wrong width.
typedef struct {
  char magic[8];  // "cnnLINP" + 1 byte: sizeof(T)
  int64_t k, n;
} pack_header;
#define HEADER_BYTES 64

static void header_make(pack_header *h, int64_t k, int64_t n, int64_t elem) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, "cnnLINP", 7);
  h->magic[7] = (char)elem;
  h->k = k;
  h->n = n;
}

static int header_matches(const void *packed, int64_t k, int64_t n,
                          int64_t elem) {
  pack_header want, got;
  header_make(&want, k, n, elem);
  memcpy(&got, packed, sizeof got);
  return memcmp(&want, &got, sizeof want) == 0;
}

// Elements of a pack: the header, then ceil(n / w) panels of k x w; -1 if
// negative or if its bytes do not fit in int64.
static int64_t packed_size(int64_t k, int64_t n, int64_t w, int64_t elem) {
  if (k < 0 || n < 0) return -1;
  int64_t cols = (n + w - 1) / w * w, total, bytes;
  if (!cnn_mul_ok(cols, k, &total) ||
      __builtin_add_overflow(total, HEADER_BYTES / elem, &total) ||
      !cnn_mul_ok(total, elem, &bytes))
    return -1;
  return total;
}

static cnn_status check_pack(int64_t k, int64_t n, int64_t w, int64_t elem,
                             const void *wt, int64_t rsw, int64_t csw,
                             const void *packed, int64_t size) {
  CNN_REQUIRE(k >= 0 && n >= 0, CNN_ESHAPE);
  const int64_t want = packed_size(k, n, w, elem);
  CNN_REQUIRE(want >= 0, CNN_EOVERFLOW);
  CNN_REQUIRE(size == want, CNN_ESHAPE);
  CNN_REQUIRE(packed != NULL, CNN_ENULL);
  CNN_REQUIRE(wt != NULL || n == 0 || k == 0, CNN_ENULL);
  if (n == 0 || k == 0) return CNN_OK;
  int64_t lo, hi;
  cnn_status st = cnn_gemm_span(n, k, rsw, csw, elem, &lo, &hi);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(!cnn_gemm_ranges_overlap(packed, 0, size - 1, wt, lo, hi, elem),
              CNN_EINVAL);
  return CNN_OK;
}

static cnn_status check_fwd(int64_t m, int64_t k, int64_t n, int64_t w,
                            int64_t elem, const void *x, int64_t rsx,
                            int64_t csx, const void *packed, int64_t size,
                            const void *bias, const void *y) {
  CNN_REQUIRE(m >= 0 && k >= 0 && n >= 0, CNN_ESHAPE);
  const int64_t want = packed_size(k, n, w, elem);
  CNN_REQUIRE(want >= 0, CNN_EOVERFLOW);
  CNN_REQUIRE(size == want, CNN_ESHAPE);
  CNN_REQUIRE(packed != NULL, CNN_ENULL);
  CNN_REQUIRE(header_matches(packed, k, n, elem), CNN_ESHAPE);
  int64_t xlo, xhi, ylo, yhi;
  cnn_status st = cnn_gemm_span(m, k, rsx, csx, elem, &xlo, &xhi);
  if (st != CNN_OK) return st;
  st = cnn_gemm_span(m, n, n, 1, elem, &ylo, &yhi);
  if (st != CNN_OK) return st;
  if (m == 0 || n == 0) return CNN_OK;
  CNN_REQUIRE(y != NULL, CNN_ENULL);
  if (k > 0) {
    CNN_REQUIRE(x != NULL, CNN_ENULL);
    CNN_REQUIRE(!cnn_gemm_ranges_overlap(y, ylo, yhi, x, xlo, xhi, elem),
                CNN_EINVAL);
    CNN_REQUIRE(
        !cnn_gemm_ranges_overlap(y, ylo, yhi, packed, 0, size - 1, elem),
        CNN_EINVAL);
  }
  if (bias != NULL)
    CNN_REQUIRE(!cnn_gemm_ranges_overlap(y, ylo, yhi, bias, 0, n - 1, elem),
                CNN_EINVAL);
  return CNN_OK;
}

// ---- pack, portable kernel and driver, per dtype --------------------------

#define DEFINE_PACKED(T, SFX, W, FMA)                                          \
  int64_t cnn_linear_packed_size_##SFX(int64_t in_features,                    \
                                       int64_t out_features) {                 \
    return packed_size(in_features, out_features, W, (int64_t)sizeof(T));      \
  }                                                                            \
                                                                               \
  cnn_status cnn_linear_pack_##SFX(int64_t in_features, int64_t out_features,  \
                                   const T *w, int64_t rsw, int64_t csw,       \
                                   T *packed, int64_t packed_size) {           \
    const int64_t k = in_features, n = out_features;                           \
    cnn_status st = check_pack(k, n, W, (int64_t)sizeof(T), w, rsw, csw,       \
                               packed, packed_size);                           \
    if (st != CNN_OK) return st;                                               \
    pack_header h;                                                             \
    header_make(&h, k, n, (int64_t)sizeof(T));                                 \
    memset(packed, 0, HEADER_BYTES);                                           \
    memcpy(packed, &h, sizeof h);                                              \
    packed += HEADER_BYTES / sizeof(T);                                        \
    for (int64_t q = 0; q * W < n; ++q)                                        \
      for (int64_t p = 0; p < k; ++p)                                          \
        for (int64_t j = 0; j < W; ++j) {                                      \
          const int64_t row = q * W + j;                                       \
          packed[(q * k + p) * W + j] = row < n ? w[row * rsw + p * csw] : 0; \
        }                                                                      \
    return CNN_OK;                                                             \
  }                                                                            \
                                                                               \
  /* Any tile: rows x (nv columns from the panel at bp) over one k block, */ \
  /* one FMA chain per output in k order, exactly what each SIMD lane does. */ \
  static void SFX##_tile_portable(int64_t rows, int64_t kc, const T *a,        \
                                  int64_t rsa, int64_t csa, const T *bp,       \
                                  int64_t ps, int64_t nv, int first, int last, \
                                  const T *bias, T *y, int64_t rsy) {          \
    for (int64_t i = 0; i < rows; ++i)                                         \
      for (int64_t c = 0; c < nv; ++c) {                                       \
        const T *b = bp + (c / W) * ps + c % W;                                \
        T acc = first ? 0 : y[i * rsy + c];                                    \
        for (int64_t p = 0; p < kc; ++p)                                       \
          acc = FMA(a[i * rsa + p * csa], b[p * W], acc);                      \
        y[i * rsy + c] = last && bias ? acc + bias[c] : acc;                   \
      }                                                                        \
  }                                                                            \
                                                                               \
  /* Rows [0, m) x panels [q0, q1) of one thread: k blocks outermost (the  */ \
  /* partial sums wait in y), then row blocks, panel groups, row tiles.     */ \
  static void SFX##_fwd_range(const cnn_##SFX##_linp_set *set, int64_t m,      \
                              int64_t k, int64_t n, const T *x, int64_t rsx,   \
                              int64_t csx, const T *packed, const T *bias,     \
                              T *y, int64_t q0, int64_t q1) {                  \
    const int64_t max_r = set ? set->max_r : CNN_LINP_MAX_R;                   \
    const int64_t wide = set ? set->panels : 1;                                \
    const int64_t ps = k * W; /* panel stride */                               \
    for (int64_t pc = 0; pc < k; pc += LINP_KC) {                              \
      const int64_t kc = k - pc < LINP_KC ? k - pc : LINP_KC;                  \
      const int first = pc == 0, last = pc + kc == k;                          \
      int64_t mb = LINP_BLOCK_BYTES / ((int64_t)sizeof(T) * kc);               \
      mb = mb < max_r ? max_r : mb / max_r * max_r;                            \
      for (int64_t i0 = 0; i0 < m; i0 += mb) {                                 \
        const int64_t i1 = m - i0 < mb ? m : i0 + mb;                          \
        for (int64_t q = q0; q < q1;) {                                        \
          const int64_t pcnt = q1 - q >= wide ? wide : 1;                      \
          const int64_t c0 = q * W;                                            \
          const int64_t nv = n - c0 < pcnt * W ? n - c0 : pcnt * W;            \
          const T *bp = packed + q * ps + pc * W;                              \
          const T *bq = bias ? bias + c0 : NULL;                               \
          for (int64_t i = i0; i < i1; i += max_r) {                           \
            const int64_t r = i1 - i < max_r ? i1 - i : max_r;                 \
            const T *xi = x + i * rsx + pc * csx;                              \
            if (set == NULL)                                                   \
              SFX##_tile_portable(r, kc, xi, rsx, csx, bp, ps, nv, first,      \
                                  last, bq, y + i * n + c0, n);                \
            else                                                               \
              (pcnt == wide ? set->wide : set->one)[r - 1](                    \
                  kc, xi, rsx, csx, bp, ps, nv, first, last, bq,               \
                  y + i * n + c0, n);                                          \
          }                                                                    \
          q += pcnt;                                                           \
        }                                                                      \
      }                                                                        \
    }                                                                          \
  }                                                                            \
                                                                               \
  /* One chunk of cp panels of a small-batch forward. */                     \
  typedef struct {                                                             \
    const cnn_##SFX##_linp_set *set;                                           \
    int64_t m, k, n;                                                           \
    const T *x;                                                                \
    int64_t rsx, csx;                                                          \
    const T *packed, *bias;                                                    \
    T *y;                                                                      \
    int64_t npan, cp;                                                          \
  } SFX##_dyn_job;                                                             \
                                                                               \
  static void SFX##_dyn_chunk(void *arg, int64_t c) {                          \
    const SFX##_dyn_job *j = arg;                                              \
    const int64_t q1 = (c + 1) * j->cp < j->npan ? (c + 1) * j->cp : j->npan;  \
    SFX##_fwd_range(j->set, j->m, j->k, j->n, j->x, j->rsx, j->csx, j->packed, \
                    j->bias, j->y, c * j->cp, q1);                             \
  }                                                                            \
                                                                               \
  cnn_status cnn_linear_fwd_packed_##SFX(                                      \
      int64_t batch, int64_t in_features, int64_t out_features, const T *x,    \
      int64_t rsx, int64_t csx, const T *packed, int64_t packed_size,          \
      const T *bias, T *y) {                                                   \
    const int64_t m = batch, k = in_features, n = out_features;                \
    cnn_status st = check_fwd(m, k, n, W, (int64_t)sizeof(T), x, rsx, csx,     \
                              packed, packed_size, bias, y);                   \
    if (st != CNN_OK || m == 0 || n == 0) return st;                           \
    if (k == 0) { /* y = bias (or 0); x and the pack are not read */          \
      for (int64_t i = 0; i < m; ++i)                                          \
        for (int64_t j = 0; j < n; ++j) y[i * n + j] = bias ? bias[j] : 0;     \
      return CNN_OK;                                                           \
    }                                                                          \
    packed += HEADER_BYTES / sizeof(T); /* the panels */                       \
    const cnn_##SFX##_linp_set *set = SFX##_kernels();                         \
    const int64_t npan = (n + W - 1) / W;                                      \
    const int64_t align = set ? set->panels : 1;                               \
    double work_d = (double)m * (double)n * (double)k;                         \
    int nt = cnn_threads_for(work_d > 9e18 ? INT64_MAX : (int64_t)work_d,      \
                             LINP_GRAIN);                                      \
    if (nt == 1) {                                                             \
      SFX##_fwd_range(set, m, k, n, x, rsx, csx, packed, bias, y, 0, npan);    \
      return CNN_OK;                                                           \
    }                                                                          \
    if (m <= LINP_DYN_MAX_M) {                                                 \
      /* Small batch: chunks of panels claimed dynamically, so a worker     */ \
      /* that wakes late takes fewer (x is small enough to re-read).        */ \
      SFX##_dyn_job job = {set, m, k, n, x, rsx, csx, packed, bias, y, npan,   \
                           (LINP_DYN_OUTPUTS / W + align - 1) / align * align};\
      cnn_parallel_chunks(nt, (npan + job.cp - 1) / job.cp, SFX##_dyn_chunk,   \
                          &job);                                               \
      return CNN_OK;                                                           \
    }                                                                          \
    _Pragma("omp parallel num_threads(nt)") {                                  \
      int64_t q0, q1;                                                          \
      cnn_split_range(npan, CNN_THREAD_COUNT(), CNN_THREAD_ID(), align, &q0,   \
                      &q1);                                                    \
      if (q1 > q0)                                                             \
        SFX##_fwd_range(set, m, k, n, x, rsx, csx, packed, bias, y, q0, q1);   \
    }                                                                          \
    return CNN_OK;                                                             \
  }

// The SIMD kernel set for the current ISA, NULL for the portable kernel.
static const cnn_f32_linp_set *f32_kernels(void) {
#if CNN_X86
  if (cnn_use_avx512()) return &cnn_f32_linp_avx512;
  if (cnn_use_avx2()) return &cnn_f32_linp_avx2;
#endif
  return NULL;
}

static const cnn_f64_linp_set *f64_kernels(void) {
#if CNN_X86
  if (cnn_use_avx512()) return &cnn_f64_linp_avx512;
  if (cnn_use_avx2()) return &cnn_f64_linp_avx2;
#endif
  return NULL;
}

DEFINE_PACKED(float, f32, CNN_LINP_W_F32, __builtin_fmaf)
DEFINE_PACKED(double, f64, CNN_LINP_W_F64, __builtin_fma)
