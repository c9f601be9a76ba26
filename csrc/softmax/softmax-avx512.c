// SPDX-License-Identifier: BSD-3-Clause
// AVX-512 softmax kernels (16 floats / 8 doubles per vector); bodies in
// softmax.inc.  Tails use masked loads/stores, so nothing past a slice's end
// is read or written.
#include <math.h>

#include "internal/cpu.h"
#include "softmax/kernels.h"
#include "softmax/sm_exp.h"

#if CNN_X86
#include "softmax/vexp.h"

#define M16(k) ((__mmask16)((1u << (k)) - 1u))
#define M8(k) ((__mmask8)((1u << (k)) - 1u))

CNN_TARGET_AVX512 static inline void acc_add_ps(__m512d *acc, __m512 v) {
  acc[0] = _mm512_add_pd(acc[0], _mm512_cvtps_pd(_mm512_castps512_ps256(v)));
  acc[1] = _mm512_add_pd(acc[1], _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)));
}
CNN_TARGET_AVX512 static inline void sbuf_add_ps(double *s, __m512 v) {
  _mm512_storeu_pd(s, _mm512_add_pd(_mm512_loadu_pd(s),
                                    _mm512_cvtps_pd(_mm512_castps512_ps256(v))));
  _mm512_storeu_pd(s + 8, _mm512_add_pd(_mm512_loadu_pd(s + 8),
                                        _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1))));
}
// Horizontal reductions in a fixed tree (halving), independent of the caller.
CNN_TARGET_AVX512 static inline double hsum_pd8(__m512d v) {
  __m256d a = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  __m128d b = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
  return _mm_cvtsd_f64(_mm_add_sd(b, _mm_unpackhi_pd(b, b)));
}
CNN_TARGET_AVX512 static inline float hmax_ps16(__m512 v) {
  __m256 a = _mm256_max_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
  __m128 b = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
  b = _mm_max_ps(b, _mm_movehl_ps(b, b));
  b = _mm_max_ss(b, _mm_movehdup_ps(b));
  return _mm_cvtss_f32(b);
}
CNN_TARGET_AVX512 static inline double hmax_pd8(__m512d v) {
  __m256d a = _mm256_max_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  __m128d b = _mm_max_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
  return _mm_cvtsd_f64(_mm_max_sd(b, _mm_unpackhi_pd(b, b)));
}

#define V_PREFETCH(p) _mm_prefetch((const char *)(p), _MM_HINT_T1)
#define KTARGET CNN_TARGET_AVX512
#define K_TV 4

// ---- float32 ----
#define KT float
#define K_SCRATCH 4096
#define KV __m512
#define KW 16
#define V_LOAD(p) _mm512_loadu_ps(p)
#define V_STORE(p, v) _mm512_storeu_ps(p, v)
#define V_STREAM(p, v) _mm512_stream_ps(p, v)
#define V_LOADT(p, k) _mm512_maskz_loadu_ps(M16(k), p)
#define V_STORET(p, v, k) _mm512_mask_storeu_ps(p, M16(k), v)
#define V_SELT(v, k, f) _mm512_mask_blend_ps(M16(k), f, v)
#define V_SET1(s) _mm512_set1_ps(s)
#define V_MAX(a, b) _mm512_max_ps(a, b)
#define V_SUB(a, b) _mm512_sub_ps(a, b)
#define V_MUL(a, b) _mm512_mul_ps(a, b)
#define V_NEG(v) _mm512_xor_ps(v, _mm512_set1_ps(-0.0f))
#define V_HMAX(v) hmax_ps16(v)
#define V_EXP(v) cnn_sm_vexp_f32_avx512(v)
#define ACC_T __m512d
#define ACC_N 2
#define ACC_ZERO() _mm512_setzero_pd()
#define ACC_ADD(acc, v) acc_add_ps(acc, v)
#define ACC_HSUM(acc) hsum_pd8(_mm512_add_pd((acc)[0], (acc)[1]))
#define SBUF_ADD(s, v) sbuf_add_ps(s, v)
#define ACC_STORE(p, acc) (_mm512_storeu_pd(p, (acc)[0]), _mm512_storeu_pd((p) + 8, (acc)[1]))
#define K_ROW cnn_f32_softmax_row__avx512
#define K_COLS cnn_f32_softmax_cols__avx512
#define K_ROW_IMPL f32_row_impl
#define K_COLS_IMPL f32_cols_impl
#define K_TILE_IMPL f32_tile_impl
#include "softmax/softmax.inc"
#undef KT
#undef K_SCRATCH
#undef V_STREAM
#undef KV
#undef KW
#undef V_LOAD
#undef V_STORE
#undef V_LOADT
#undef V_STORET
#undef V_SELT
#undef V_SET1
#undef V_MAX
#undef V_SUB
#undef V_MUL
#undef V_NEG
#undef V_HMAX
#undef V_EXP
#undef ACC_T
#undef ACC_N
#undef ACC_ZERO
#undef ACC_ADD
#undef ACC_HSUM
#undef SBUF_ADD
#undef K_ROW
#undef K_COLS
#undef K_ROW_IMPL
#undef K_COLS_IMPL
#undef K_TILE_IMPL
#undef ACC_STORE

// ---- float64 ----
#define KT double
#define K_SCRATCH 2048
#define KV __m512d
#define KW 8
#define V_LOAD(p) _mm512_loadu_pd(p)
#define V_STORE(p, v) _mm512_storeu_pd(p, v)
#define V_STREAM(p, v) _mm512_stream_pd(p, v)
#define V_LOADT(p, k) _mm512_maskz_loadu_pd(M8(k), p)
#define V_STORET(p, v, k) _mm512_mask_storeu_pd(p, M8(k), v)
#define V_SELT(v, k, f) _mm512_mask_blend_pd(M8(k), f, v)
#define V_SET1(s) _mm512_set1_pd(s)
#define V_MAX(a, b) _mm512_max_pd(a, b)
#define V_SUB(a, b) _mm512_sub_pd(a, b)
#define V_MUL(a, b) _mm512_mul_pd(a, b)
#define V_NEG(v) _mm512_xor_pd(v, _mm512_set1_pd(-0.0))
#define V_HMAX(v) hmax_pd8(v)
#define V_EXP(v) cnn_sm_vexp_f64_avx512(v)
#define ACC_T __m512d
#define ACC_N 1
#define ACC_ZERO() _mm512_setzero_pd()
#define ACC_ADD(acc, v) ((acc)[0] = _mm512_add_pd((acc)[0], v))
#define ACC_HSUM(acc) hsum_pd8((acc)[0])
#define SBUF_ADD(s, v) _mm512_storeu_pd(s, _mm512_add_pd(_mm512_loadu_pd(s), v))
#define ACC_STORE(p, acc) _mm512_storeu_pd(p, (acc)[0])
#define K_ROW cnn_f64_softmax_row__avx512
#define K_COLS cnn_f64_softmax_cols__avx512
#define K_ROW_IMPL f64_row_impl
#define K_COLS_IMPL f64_cols_impl
#define K_TILE_IMPL f64_tile_impl
#include "softmax/softmax.inc"

#else
void cnn_f32_softmax_row__avx512(int op, int64_t n, const float *x, float *y, const float *nx,
                                 int stream) {
  cnn_f32_softmax_row__scalar(op, n, x, y, nx, stream);
}
void cnn_f64_softmax_row__avx512(int op, int64_t n, const double *x, double *y, const double *nx,
                                 int stream) {
  cnn_f64_softmax_row__scalar(op, n, x, y, nx, stream);
}
void cnn_f32_softmax_cols__avx512(int op, int64_t n, int64_t s, int64_t w, const float *x,
                                  float *y, const float *nx, int64_t nw) {
  cnn_f32_softmax_cols__scalar(op, n, s, w, x, y, nx, nw);
}
void cnn_f64_softmax_cols__avx512(int op, int64_t n, int64_t s, int64_t w, const double *x,
                                  double *y, const double *nx, int64_t nw) {
  cnn_f64_softmax_cols__scalar(op, n, s, w, x, y, nx, nw);
}
#endif
