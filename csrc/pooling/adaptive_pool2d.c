// SPDX-License-Identifier: BSD-3-Clause
// Adaptive average / max pooling (PyTorch's AdaptiveAvgPoolKernel and
// AdaptiveMaxPoolKernel): bin i along a dim covers [start, end) with
// start = floor(i*in/out), end = ceil((i+1)*in/out), in exact integers.
// Portable C (the sums vectorise), parallel over (plane, rows) blocks.
#include <math.h>

#include "internal/check.h"
#include "internal/cpu.h"
#include "pooling/pool2d.h"

static inline int64_t bin_start(int64_t a, int64_t b, int64_t c) {
  return (a / b) * c + ((a % b) * c) / b;
}
static inline int64_t bin_end(int64_t a, int64_t b, int64_t c) {
  return 1 + ((a + 1) * c - 1) / b;
}

// Sum of n contiguous values in eight interleaved partial sums, combined
// pairwise: a sequential sum is one long dependency chain (about 1 ns per
// element), this one vectorises and runs at memory speed.  The order depends
// only on n, never on the thread split.
#define DEFINE_SUM(DT, T)                                                      \
  static inline T sum_##DT(const T *x, int64_t n) {                            \
    T a[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                         \
    int64_t i = 0;                                                             \
    for (; i + 8 <= n; i += 8)                                                 \
      for (int j = 0; j < 8; ++j) a[j] += x[i + j];                            \
    for (int j = 0; i < n; ++i, ++j) a[j] += x[i];                             \
    return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));  \
  }
DEFINE_SUM(f32, float)
DEFINE_SUM(f64, double)

// Widest input row whose column sums fit the stack buffer of an average
// pooling call (16 KiB of float64); wider rows take sum_* per bin row.
#define COLSUM_MAX 2048

// Column sums of h rows: cs[j] = x[j] + x[ld + j] + ... (sequential in the
// row), so every ISA gives the same bits.  The SIMD forms keep a strip of
// up to 8 vectors of sums in registers while the rows stream past (8
// independent add chains; the portable loop is load/add/store-bound at about
// half the memory bandwidth, measured 5.5 ms against 2.9 ms for global
// pooling of 103 MB).
#define DEFINE_COLSUM_PORTABLE(DT, T)                                          \
  static void colsum_##DT##_portable(const T *x, int64_t ld, int64_t h,       \
                                     int64_t w, T *cs) {                       \
    for (int64_t j = 0; j < w; ++j) cs[j] = x[j];                              \
    for (int64_t r = 1; r < h; ++r)                                            \
      for (int64_t j = 0; j < w; ++j) cs[j] += x[r * ld + j];                  \
  }
DEFINE_COLSUM_PORTABLE(f32, float)
DEFINE_COLSUM_PORTABLE(f64, double)

#if CNN_X86
#define COLSUM_STRIP 8
// One strip of N vectors (N a constant, so the sums stay in registers).
#define COLSUM_STRIP_N(N, V, VL, LOAD, STORE, ADD)                             \
  {                                                                            \
    V acc[N];                                                                  \
    _Pragma("GCC unroll 8") for (int v = 0; v < N; ++v)                        \
        acc[v] = LOAD(x + j0 + v * VL);                                        \
    for (int64_t r = 1; r < h; ++r) {                                          \
      const __typeof__(*x) *xr = x + r * ld + j0;                              \
      _Pragma("GCC unroll 8") for (int v = 0; v < N; ++v)                      \
          acc[v] = ADD(acc[v], LOAD(xr + v * VL));                             \
    }                                                                          \
    _Pragma("GCC unroll 8") for (int v = 0; v < N; ++v)                        \
        STORE(cs + j0 + v * VL, acc[v]);                                       \
  }
#define DEFINE_COLSUM_SIMD(NAME, TARGET, T, V, VL, LOAD, STORE, ADD)           \
  TARGET static void NAME(const T *x, int64_t ld, int64_t h, int64_t w,        \
                          T *cs) {                                             \
    int64_t j0 = 0;                                                            \
    while (j0 + VL <= w) {                                                     \
      const int64_t left = (w - j0) / VL;                                      \
      const int nv = left > COLSUM_STRIP ? COLSUM_STRIP : (int)left;           \
      switch (nv) {                                                            \
        case 8: COLSUM_STRIP_N(8, V, VL, LOAD, STORE, ADD) break;              \
        case 7: COLSUM_STRIP_N(7, V, VL, LOAD, STORE, ADD) break;              \
        case 6: COLSUM_STRIP_N(6, V, VL, LOAD, STORE, ADD) break;              \
        case 5: COLSUM_STRIP_N(5, V, VL, LOAD, STORE, ADD) break;              \
        case 4: COLSUM_STRIP_N(4, V, VL, LOAD, STORE, ADD) break;              \
        case 3: COLSUM_STRIP_N(3, V, VL, LOAD, STORE, ADD) break;              \
        case 2: COLSUM_STRIP_N(2, V, VL, LOAD, STORE, ADD) break;              \
        default: COLSUM_STRIP_N(1, V, VL, LOAD, STORE, ADD) break;             \
      }                                                                        \
      j0 += (int64_t)nv * VL;                                                  \
    }                                                                          \
    if (j0 < w) { /* the last w % VL columns */                                \
      for (int64_t j = j0; j < w; ++j) cs[j] = x[j];                           \
      for (int64_t r = 1; r < h; ++r)                                          \
        for (int64_t j = j0; j < w; ++j) cs[j] += x[r * ld + j];               \
    }                                                                          \
  }
DEFINE_COLSUM_SIMD(colsum_f32_avx512, CNN_TARGET_AVX512, float, __m512, 16,
                   _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps)
DEFINE_COLSUM_SIMD(colsum_f64_avx512, CNN_TARGET_AVX512, double, __m512d, 8,
                   _mm512_loadu_pd, _mm512_storeu_pd, _mm512_add_pd)
DEFINE_COLSUM_SIMD(colsum_f32_avx2, CNN_TARGET_AVX2, float, __m256, 8,
                   _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps)
DEFINE_COLSUM_SIMD(colsum_f64_avx2, CNN_TARGET_AVX2, double, __m256d, 4,
                   _mm256_loadu_pd, _mm256_storeu_pd, _mm256_add_pd)
#define COLSUM_DISPATCH(DT)                                          \
  static void colsum_##DT(const DT##_t *x, int64_t ld, int64_t h,    \
                          int64_t w, DT##_t *cs) {                   \
    if (cnn_use_avx512())                                            \
      colsum_##DT##_avx512(x, ld, h, w, cs);                         \
    else if (cnn_use_avx2())                                         \
      colsum_##DT##_avx2(x, ld, h, w, cs);                           \
    else                                                             \
      colsum_##DT##_portable(x, ld, h, w, cs);                       \
  }
#else
#define COLSUM_DISPATCH(DT)                                          \
  static void colsum_##DT(const DT##_t *x, int64_t ld, int64_t h,    \
                          int64_t w, DT##_t *cs) {                   \
    colsum_##DT##_portable(x, ld, h, w, cs);                         \
  }
#endif
typedef float f32_t;
typedef double f64_t;
COLSUM_DISPATCH(f32)
COLSUM_DISPATCH(f64)

// In-plane index of a bin's maximum by PyTorch's rule: the first
// occurrence of the largest value, or the last NaN.  The scalar loop is one
// chain of compare-and-branch (~6 cycles per element).  With SSE2 (every
// x86-64) a bin at least a vector wide takes two vector passes instead: the
// maximum and whether any NaN occurs, then the first index equal to the
// maximum (-0 == +0, so the first zero of either sign, as the scalar rule);
// a bin with a NaN takes the scalar loop.  The index does not depend on the
// thread split; the caller reads the value at the index.
#if defined(__SSE2__)
#include <emmintrin.h>
#define DEFINE_MAX_SSE2(DT, T, V, L, SFX)                                                   \
  static inline int max_sse2_##DT(const T *x, int64_t w, int64_t h0, int64_t h1,         \
                                  int64_t w0, int64_t w1, int64_t *out) {                \
    const int64_t bw = w1 - w0;                                                           \
    V m0 = _mm_set1_##SFX((T)-INFINITY), m1 = m0, un = _mm_setzero_##SFX();               \
    T ms = (T)-INFINITY;                                                                  \
    int nan = 0;                                                                          \
    for (int64_t r = h0; r < h1; ++r) {                                                   \
      const T *xr = x + r * w + w0;                                                       \
      int64_t q = 0;                                                                      \
      for (; q + 2 * L <= bw; q += 2 * L) {                                               \
        const V a = _mm_loadu_##SFX(xr + q), b = _mm_loadu_##SFX(xr + q + L);            \
        un = _mm_or_##SFX(un, _mm_or_##SFX(_mm_cmpunord_##SFX(a, a), _mm_cmpunord_##SFX(b, b))); \
        m0 = _mm_max_##SFX(m0, a);                                                        \
        m1 = _mm_max_##SFX(m1, b);                                                        \
      }                                                                                   \
      for (; q < bw; ++q) {                                                               \
        const T v = xr[q];                                                                \
        nan |= v != v;                                                                    \
        ms = v > ms ? v : ms;                                                             \
      }                                                                                   \
    }                                                                                     \
    if (nan || _mm_movemask_##SFX(un)) return 0;                                          \
    T lanes[2 * L];                                                                       \
    _mm_storeu_##SFX(lanes, m0);                                                          \
    _mm_storeu_##SFX(lanes + L, m1);                                                      \
    for (int j = 0; j < 2 * L; ++j) ms = lanes[j] > ms ? lanes[j] : ms;                   \
    const V vm = _mm_set1_##SFX(ms);                                                      \
    for (int64_t r = h0; r < h1; ++r) {                                                   \
      const T *xr = x + r * w + w0;                                                       \
      int64_t q = 0;                                                                      \
      for (; q + L <= bw; q += L) {                                                       \
        const int hit = _mm_movemask_##SFX(_mm_cmpeq_##SFX(_mm_loadu_##SFX(xr + q), vm)); \
        if (hit) {                                                                        \
          *out = r * w + w0 + q + __builtin_ctz((unsigned)hit);                           \
          return 1;                                                                       \
        }                                                                                 \
      }                                                                                   \
      for (; q < bw; ++q)                                                                 \
        if (xr[q] == ms) {                                                                \
          *out = r * w + w0 + q;                                                          \
          return 1;                                                                       \
        }                                                                                 \
    }                                                                                     \
    *out = h0 * w + w0; /* every element -inf: the first, as the scalar rule */           \
    return 1;                                                                             \
  }
DEFINE_MAX_SSE2(f32, float, __m128, 4, ps)
DEFINE_MAX_SSE2(f64, double, __m128d, 2, pd)
#define MAX_SSE2(DT, x, w, h0, h1, w0, w1, out) \
  ((w1) - (w0) >= 2 * 16 / (int64_t)sizeof(*(x)) && max_sse2_##DT(x, w, h0, h1, w0, w1, out))
#else
#define MAX_SSE2(DT, x, w, h0, h1, w0, w1, out) 0
#endif

#define DEFINE_MAX(DT, T)                                                                  \
  static inline int64_t max_##DT(const T *x, int64_t w, int64_t h0, int64_t h1,            \
                                 int64_t w0, int64_t w1) {                                 \
    int64_t mi = h0 * w + w0;                                                              \
    if (MAX_SSE2(DT, x, w, h0, h1, w0, w1, &mi)) return mi;                                \
    T m = (T)-INFINITY;                                                                    \
    for (int64_t r = h0; r < h1; ++r)                                                      \
      for (int64_t q = w0; q < w1; ++q) {                                                  \
        const T v = x[r * w + q];                                                          \
        if (v > m || v != v) {                                                             \
          m = v;                                                                           \
          mi = r * w + q;                                                                  \
        }                                                                                  \
      }                                                                                    \
    return mi;                                                                             \
  }
DEFINE_MAX(f32, float)
DEFINE_MAX(f64, double)

static cnn_status adaptive_check(const cnn_adaptive_pool2d_params *p, int64_t *out_plane) {
  CNN_REQUIRE(p != NULL, CNN_ENULL);
  CNN_REQUIRE(p->n >= 0 && p->c >= 0 && p->h >= 1 && p->w >= 1, CNN_ESHAPE);
  CNN_REQUIRE(p->out_h >= 0 && p->out_w >= 0, CNN_ESHAPE);
  // (i+1)*in must not overflow in bin_end
  CNN_REQUIRE(p->h <= INT32_MAX && p->w <= INT32_MAX && p->out_h <= INT32_MAX &&
                  p->out_w <= INT32_MAX,
              CNN_EOVERFLOW);
  int64_t in_dims[4] = {p->n, p->c, p->h, p->w}, out_dims[4] = {p->n, p->c, p->out_h, p->out_w};
  int64_t numel;
  cnn_status st = cnn_numel(in_dims, 4, 8, &numel);
  if (st != CNN_OK) return st;
  st = cnn_numel(out_dims, 4, 8, &numel);
  if (st != CNN_OK) return st;
  *out_plane = p->out_h * p->out_w;
  return CNN_OK;
}

#define DEFINE_ADAPTIVE(DT, T)                                                             \
  typedef struct {                                                                         \
    const cnn_adaptive_pool2d_params *p;                                                   \
    const T *x;                                                                            \
    T *y;                                                                                  \
    int64_t *idx;                                                                          \
  } adaptive_##DT##_ctx;                                                                   \
  static void adaptive_avg_##DT##_rows(void *c_, int64_t pl, int64_t oh0, int64_t oh1,   \
                                       void *scratch) {                                  \
    const adaptive_##DT##_ctx *c = (const adaptive_##DT##_ctx *)c_;                        \
    const cnn_adaptive_pool2d_params *p = c->p;                                            \
    const T *x = c->x + pl * p->h * p->w;                                                  \
    T *y = c->y + pl * p->out_h * p->out_w;                                                \
    const int64_t w = p->w;                                                                \
    for (int64_t oh = oh0; oh < oh1; ++oh) {                                               \
      const int64_t h0 = bin_start(oh, p->out_h, p->h), h1 = bin_end(oh, p->out_h, p->h); \
      if (w <= COLSUM_MAX) {                                                               \
        /* Column sums of the bin's rows (element-wise adds over whole     */              \
        /* rows: vectorised, streaming), then each bin sums its columns.   */              \
        T cs[COLSUM_MAX];                                                                  \
        colsum_##DT(x + h0 * w, w, h1 - h0, w, cs);                                        \
        for (int64_t ow = 0; ow < p->out_w; ++ow) {                                        \
          const int64_t w0 = bin_start(ow, p->out_w, w), w1 = bin_end(ow, p->out_w, w);   \
          T sum = 0;                                                                       \
          for (int64_t j = w0; j < w1; ++j) sum += cs[j];                                  \
          y[oh * p->out_w + ow] = sum / (T)(h1 - h0) / (T)(w1 - w0);                       \
        }                                                                                  \
        continue;                                                                          \
      }                                                                                    \
      for (int64_t ow = 0; ow < p->out_w; ++ow) {                                          \
        const int64_t w0 = bin_start(ow, p->out_w, w), w1 = bin_end(ow, p->out_w, w);     \
        T sum = 0;                                                                         \
        if (w0 == 0 && w1 == w) /* whole rows: one contiguous run */                       \
          sum = sum_##DT(x + h0 * w, (h1 - h0) * w);                                       \
        else                                                                               \
          for (int64_t r = h0; r < h1; ++r) sum += sum_##DT(x + r * w + w0, w1 - w0);      \
        y[oh * p->out_w + ow] = sum / (T)(h1 - h0) / (T)(w1 - w0);                         \
      }                                                                                    \
    }                                                                                      \
  }                                                                                        \
  static void adaptive_max_##DT##_rows(void *c_, int64_t pl, int64_t oh0, int64_t oh1,   \
                                       void *scratch) {                                  \
    const adaptive_##DT##_ctx *c = (const adaptive_##DT##_ctx *)c_;                        \
    const cnn_adaptive_pool2d_params *p = c->p;                                            \
    const T *x = c->x + pl * p->h * p->w;                                                  \
    T *y = c->y + pl * p->out_h * p->out_w;                                                \
    int64_t *ix = c->idx ? c->idx + pl * p->out_h * p->out_w : NULL;                       \
    for (int64_t oh = oh0; oh < oh1; ++oh) {                                               \
      const int64_t h0 = bin_start(oh, p->out_h, p->h), h1 = bin_end(oh, p->out_h, p->h); \
      for (int64_t ow = 0; ow < p->out_w; ++ow) {                                          \
        const int64_t w0 = bin_start(ow, p->out_w, p->w);                                  \
        const int64_t w1 = bin_end(ow, p->out_w, p->w);                                    \
        const int64_t mi = max_##DT(x, p->w, h0, h1, w0, w1);                              \
        y[oh * p->out_w + ow] = x[mi];                                                     \
        if (ix) ix[oh * p->out_w + ow] = mi;                                               \
      }                                                                                    \
    }                                                                                      \
  }                                                                                        \
  cnn_status cnn_adaptive_avgpool2d_fwd_##DT(const cnn_adaptive_pool2d_params *p,          \
                                             const T *x, T *y) {                           \
    int64_t out_plane;                                                                     \
    cnn_status st = adaptive_check(p, &out_plane);                                         \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c;                                                    \
    if (planes == 0 || out_plane == 0) return CNN_OK;                                      \
    CNN_REQUIRE(x != NULL && y != NULL, CNN_ENULL);                                        \
    adaptive_##DT##_ctx c = {p, x, y, NULL};                                               \
    int64_t per_row = p->out_w * (p->h / p->out_h + 2) * (p->w / p->out_w + 2);            \
    cnn_pool_parallel(planes, p->out_h, per_row, 0, adaptive_avg_##DT##_rows, &c);            \
    return CNN_OK;                                                                         \
  }                                                                                        \
  cnn_status cnn_adaptive_maxpool2d_fwd_##DT(const cnn_adaptive_pool2d_params *p,          \
                                             const T *x, T *y, int64_t *idx) {             \
    int64_t out_plane;                                                                     \
    cnn_status st = adaptive_check(p, &out_plane);                                         \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c;                                                    \
    if (planes == 0 || out_plane == 0) return CNN_OK;                                      \
    CNN_REQUIRE(x != NULL && y != NULL, CNN_ENULL);                                        \
    adaptive_##DT##_ctx c = {p, x, y, idx};                                                \
    int64_t per_row = p->out_w * (p->h / p->out_h + 2) * (p->w / p->out_w + 2);            \
    cnn_pool_parallel(planes, p->out_h, per_row, 0, adaptive_max_##DT##_rows, &c);            \
    return CNN_OK;                                                                         \
  }

DEFINE_ADAPTIVE(f32, float)
DEFINE_ADAPTIVE(f64, double)
