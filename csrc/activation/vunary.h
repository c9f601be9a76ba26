// SPDX-License-Identifier: BSD-3-Clause
// Internal: pointwise micro-kernels.  They see only a length, pointers and a
// small params array; they trust their caller (activation.c validates) and
// never touch memory past n (SIMD tails use masked loads and stores, so every
// element goes through the same vector code whatever the thread split).
// Names: cnn_<dtype>_v<op>__<isa>.
//
// params (const T *, may be NULL for ops without parameters):
//   leaky_relu: p[0] = negative slope      elu: p[0] = alpha
//   softplus:   p[0] = beta, p[1] = threshold (softplus_pow2: the same for
//               beta = +-2^k, |k| <= 100, dividing by multiplying with 1/beta)
// vprelu takes a per-element slope array w[0..n) instead (PReLU rows, RReLU).
//
// stream: non-zero when the whole output is large (more than a quarter of
// the last-level cache, cnn_activation_stream_min_bytes): the SIMD kernels
// then write it with non-temporal stores.  Such an output is written back to
// memory anyway, and a streaming store skips the read-for-ownership of each
// output line, a third of a pointwise op's memory traffic (16M float32 ReLU,
// 2 threads: 2.6 ms streaming, 4.1-7.3 ms with ordinary stores, np.copyto of
// the same bytes 3.4-6.3 ms).  Values never depend on it.
#ifndef CNNOPS_ACTIVATION_VUNARY_H
#define CNNOPS_ACTIVATION_VUNARY_H

#include <stddef.h>

// Streaming threshold where the last-level cache size is unknown.
#define CNN_STREAM_MIN_BYTES ((size_t)4 << 20)

typedef void (*cnn_vunary_f32_fn)(size_t n, const float *x, float *y, const void *params,
                                  int stream);
typedef void (*cnn_vunary_f64_fn)(size_t n, const double *x, double *y, const void *params,
                                  int stream);
typedef void (*cnn_vprelu_f32_fn)(size_t n, const float *x, const float *w, float *y, int stream);
typedef void (*cnn_vprelu_f64_fn)(size_t n, const double *x, const double *w, double *y,
                                  int stream);

// X(op) for every parameter-array op.
#define CNN_VUNARY_OPS(X) \
  X(relu)                 \
  X(relu6)                \
  X(leaky_relu)           \
  X(sigmoid)              \
  X(tanh)                 \
  X(hardsigmoid)          \
  X(hardswish)            \
  X(silu)                 \
  X(mish)                 \
  X(softplus)             \
  X(softplus_pow2)        \
  X(elu)                  \
  X(gelu)                 \
  X(gelu_tanh)

#define CNN_VUNARY_DECLARE(op)                                                      \
  void cnn_f32_v##op##__scalar(size_t n, const float *x, float *y, const void *p, int s);  \
  void cnn_f64_v##op##__scalar(size_t n, const double *x, double *y, const void *p, int s);\
  void cnn_f32_v##op##__avx2(size_t n, const float *x, float *y, const void *p, int s);    \
  void cnn_f64_v##op##__avx2(size_t n, const double *x, double *y, const void *p, int s);  \
  void cnn_f32_v##op##__avx512(size_t n, const float *x, float *y, const void *p, int s);  \
  void cnn_f64_v##op##__avx512(size_t n, const double *x, double *y, const void *p, int s);
CNN_VUNARY_OPS(CNN_VUNARY_DECLARE)
#undef CNN_VUNARY_DECLARE

void cnn_f32_vprelu__scalar(size_t n, const float *x, const float *w, float *y, int s);
void cnn_f64_vprelu__scalar(size_t n, const double *x, const double *w, double *y, int s);
void cnn_f32_vprelu__avx2(size_t n, const float *x, const float *w, float *y, int s);
void cnn_f64_vprelu__avx2(size_t n, const double *x, const double *w, double *y, int s);
void cnn_f32_vprelu__avx512(size_t n, const float *x, const float *w, float *y, int s);
void cnn_f64_vprelu__avx512(size_t n, const double *x, const double *w, double *y, int s);

#endif  // CNNOPS_ACTIVATION_VUNARY_H
