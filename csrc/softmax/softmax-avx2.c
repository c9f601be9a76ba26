// SPDX-License-Identifier: BSD-3-Clause
// AVX2/FMA softmax kernels (8 floats / 4 doubles per vector); bodies in
// softmax.inc.  Tails use maskload/maskstore, so nothing past a slice's end
// is read or written.
#include <math.h>

#include "internal/cpu.h"
#include "softmax/kernels.h"
#include "softmax/sm_exp.h"

#if CNN_X86
#include "softmax/vexp.h"

// Lane masks: &k_mask32[8 - k] loads k all-ones lanes followed by zeros.
static const int32_t k_mask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static const int64_t k_mask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};

CNN_TARGET_AVX2 static inline __m256i tail_mask32(int k) {
  return _mm256_loadu_si256((const __m256i *)(k_mask32 + 8 - k));
}
CNN_TARGET_AVX2 static inline __m256i tail_mask64(int k) {
  return _mm256_loadu_si256((const __m256i *)(k_mask64 + 4 - k));
}
CNN_TARGET_AVX2 static inline float hmax_ps(__m256 v) {
  __m128 a = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  a = _mm_max_ps(a, _mm_movehl_ps(a, a));
  a = _mm_max_ss(a, _mm_movehdup_ps(a));
  return _mm_cvtss_f32(a);
}
CNN_TARGET_AVX2 static inline double hmax_pd(__m256d v) {
  __m128d a = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  a = _mm_max_sd(a, _mm_unpackhi_pd(a, a));
  return _mm_cvtsd_f64(a);
}
CNN_TARGET_AVX2 static inline double hsum_pd(__m256d v) {
  __m128d a = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  a = _mm_add_sd(a, _mm_unpackhi_pd(a, a));
  return _mm_cvtsd_f64(a);
}
CNN_TARGET_AVX2 static inline void acc_add_ps(__m256d *acc, __m256 v) {
  acc[0] = _mm256_add_pd(acc[0], _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
  acc[1] = _mm256_add_pd(acc[1], _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
}
CNN_TARGET_AVX2 static inline void sbuf_add_ps(double *s, __m256 v) {
  _mm256_storeu_pd(s, _mm256_add_pd(_mm256_loadu_pd(s),
                                    _mm256_cvtps_pd(_mm256_castps256_ps128(v))));
  _mm256_storeu_pd(s + 4, _mm256_add_pd(_mm256_loadu_pd(s + 4),
                                        _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))));
}

#define V_PREFETCH(p) _mm_prefetch((const char *)(p), _MM_HINT_T1)
#define KTARGET CNN_TARGET_AVX2
#define K_TV 2  // 16 ymm registers

// ---- float32 ----
#define KT float
#define K_SCRATCH 4096
#define KV __m256
#define KW 8
#define V_LOAD(p) _mm256_loadu_ps(p)
#define V_STORE(p, v) _mm256_storeu_ps(p, v)
#define V_STREAM(p, v) _mm256_stream_ps(p, v)
#define V_LOADT(p, k) _mm256_maskload_ps(p, tail_mask32(k))
#define V_STORET(p, v, k) _mm256_maskstore_ps(p, tail_mask32(k), v)
#define V_SELT(v, k, f) _mm256_blendv_ps(f, v, _mm256_castsi256_ps(tail_mask32(k)))
#define V_SET1(s) _mm256_set1_ps(s)
#define V_MAX(a, b) _mm256_max_ps(a, b)
#define V_SUB(a, b) _mm256_sub_ps(a, b)
#define V_MUL(a, b) _mm256_mul_ps(a, b)
#define V_NEG(v) _mm256_xor_ps(v, _mm256_set1_ps(-0.0f))
#define V_HMAX(v) hmax_ps(v)
#define V_EXP(v) cnn_sm_vexp_f32_avx2(v)
#define ACC_T __m256d
#define ACC_N 2
#define ACC_ZERO() _mm256_setzero_pd()
#define ACC_ADD(acc, v) acc_add_ps(acc, v)
#define ACC_HSUM(acc) hsum_pd(_mm256_add_pd((acc)[0], (acc)[1]))
#define SBUF_ADD(s, v) sbuf_add_ps(s, v)
#define ACC_STORE(p, acc) (_mm256_storeu_pd(p, (acc)[0]), _mm256_storeu_pd((p) + 4, (acc)[1]))
#define K_ROW cnn_f32_softmax_row__avx2
#define K_COLS cnn_f32_softmax_cols__avx2
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
#define KV __m256d
#define KW 4
#define V_LOAD(p) _mm256_loadu_pd(p)
#define V_STORE(p, v) _mm256_storeu_pd(p, v)
#define V_STREAM(p, v) _mm256_stream_pd(p, v)
#define V_LOADT(p, k) _mm256_maskload_pd(p, tail_mask64(k))
#define V_STORET(p, v, k) _mm256_maskstore_pd(p, tail_mask64(k), v)
#define V_SELT(v, k, f) _mm256_blendv_pd(f, v, _mm256_castsi256_pd(tail_mask64(k)))
#define V_SET1(s) _mm256_set1_pd(s)
#define V_MAX(a, b) _mm256_max_pd(a, b)
#define V_SUB(a, b) _mm256_sub_pd(a, b)
#define V_MUL(a, b) _mm256_mul_pd(a, b)
#define V_NEG(v) _mm256_xor_pd(v, _mm256_set1_pd(-0.0))
#define V_HMAX(v) hmax_pd(v)
#define V_EXP(v) cnn_sm_vexp_f64_avx2(v)
#define ACC_T __m256d
#define ACC_N 1
#define ACC_ZERO() _mm256_setzero_pd()
#define ACC_ADD(acc, v) ((acc)[0] = _mm256_add_pd((acc)[0], v))
#define ACC_HSUM(acc) hsum_pd((acc)[0])
#define SBUF_ADD(s, v) _mm256_storeu_pd(s, _mm256_add_pd(_mm256_loadu_pd(s), v))
#define ACC_STORE(p, acc) _mm256_storeu_pd(p, (acc)[0])
#define K_ROW cnn_f64_softmax_row__avx2
#define K_COLS cnn_f64_softmax_cols__avx2
#define K_ROW_IMPL f64_row_impl
#define K_COLS_IMPL f64_cols_impl
#define K_TILE_IMPL f64_tile_impl
#include "softmax/softmax.inc"

#else
// Non-x86 builds: the dispatcher never selects these; alias the scalar ones.
void cnn_f32_softmax_row__avx2(int op, int64_t n, const float *x, float *y, const float *nx,
                                 int stream) {
  cnn_f32_softmax_row__scalar(op, n, x, y, nx, stream);
}
void cnn_f64_softmax_row__avx2(int op, int64_t n, const double *x, double *y, const double *nx,
                                 int stream) {
  cnn_f64_softmax_row__scalar(op, n, x, y, nx, stream);
}
void cnn_f32_softmax_cols__avx2(int op, int64_t n, int64_t s, int64_t w, const float *x,
                                float *y, const float *nx, int64_t nw) {
  cnn_f32_softmax_cols__scalar(op, n, s, w, x, y, nx, nw);
}
void cnn_f64_softmax_cols__avx2(int op, int64_t n, int64_t s, int64_t w, const double *x,
                                double *y, const double *nx, int64_t nw) {
  cnn_f64_softmax_cols__scalar(op, n, s, w, x, y, nx, nw);
}
#endif
