// SPDX-License-Identifier: BSD-3-Clause
// Internal: GEMM micro-kernels and the small-M dot kernels.
//
// Micro-kernel (BLIS): C[0:m, 0:n] = alpha * (A_panel B_panel) + beta * C
// (+ bias[0:n]), where A_panel is MR x k packed k-major (a[p * MR + i]) and
// B_panel is k x NR packed (b[p * NR + j]), both zero padded to full MR / NR.
// The kernel always computes the full MR x NR tile in registers and writes
// only the m <= MR, n <= NR valid part (edge tiles never touch memory outside
// C).  beta == 0: C is not read.  bias (n values) may be NULL.  pf (may be
// NULL) names up to two byte ranges the driver reads next (the next B
// block's source, the next A panel's source); the AVX-512 kernels prefetch
// one 64-byte line of each per k-loop iteration (at most k / 2 lines), so
// those DRAM/L3 reads overlap the FMAs instead of stalling the packs.  The
// AVX2 and scalar kernels ignore it (AVX2's block order, block_a, passes
// NULL).  It never changes a result.
//
// Dot kernel (small M, A rows and B columns contiguous along k):
// C[i, j] = alpha * sum_p a[i * rsa + p] * b[j * csb + p] (+ beta C) (+ bias),
// for i < m, j < n.  Every element is computed by the same sequence of
// operations whatever its position, so any split of n is deterministic.
#ifndef CNNOPS_GEMM_KERNELS_H
#define CNNOPS_GEMM_KERNELS_H

#include <stdint.h>

// Prefetch hints for one micro-kernel call: lines[s] lines from p[s].
typedef struct {
  const char *p[2];
  int64_t lines[2];
} cnn_gemm_pf;

#define CNN_GEMM_UKR_ARGS(T)                                             \
  int64_t k, const T *restrict a, const T *restrict b, T *restrict c,   \
      int64_t rsc, int64_t csc, int64_t m, int64_t n, T alpha, T beta,  \
      const T *restrict bias, const cnn_gemm_pf *pf
#define CNN_GEMM_DOT_ARGS(T)                                              \
  int64_t m, int64_t n, int64_t k, const T *restrict a, int64_t rsa,     \
      const T *restrict b, int64_t csb, T *restrict c, int64_t rsc,      \
      int64_t csc, T alpha, T beta, const T *restrict bias

typedef void (*cnn_f32_gemm_ukr_fn)(CNN_GEMM_UKR_ARGS(float));
typedef void (*cnn_f64_gemm_ukr_fn)(CNN_GEMM_UKR_ARGS(double));
typedef void (*cnn_f32_gemm_dot_fn)(CNN_GEMM_DOT_ARGS(float));
typedef void (*cnn_f64_gemm_dot_fn)(CNN_GEMM_DOT_ARGS(double));

// The dot kernels take at most this many rows of A (the driver's small-M
// threshold).
#define CNN_GEMM_DOT_MAX_M 16

// Tile shapes (MR x NR) per ISA and dtype.
#define CNN_GEMM_SCALAR_MR 4
#define CNN_GEMM_SCALAR_NR 8
#define CNN_GEMM_AVX2_MR 6
#define CNN_GEMM_AVX2_NR_F32 16
#define CNN_GEMM_AVX2_NR_F64 8
#define CNN_GEMM_AVX512_MR 14
#define CNN_GEMM_AVX512_NR_F32 32
#define CNN_GEMM_AVX512_NR_F64 16

void cnn_f32_gemm_4x8__scalar(CNN_GEMM_UKR_ARGS(float));
void cnn_f64_gemm_4x8__scalar(CNN_GEMM_UKR_ARGS(double));
void cnn_f32_gemm_6x16__avx2(CNN_GEMM_UKR_ARGS(float));
void cnn_f64_gemm_6x8__avx2(CNN_GEMM_UKR_ARGS(double));
void cnn_f32_gemm_14x32__avx512(CNN_GEMM_UKR_ARGS(float));
void cnn_f64_gemm_14x16__avx512(CNN_GEMM_UKR_ARGS(double));

void cnn_f32_gemm_dot__scalar(CNN_GEMM_DOT_ARGS(float));
void cnn_f64_gemm_dot__scalar(CNN_GEMM_DOT_ARGS(double));
void cnn_f32_gemm_dot__avx2(CNN_GEMM_DOT_ARGS(float));
void cnn_f64_gemm_dot__avx2(CNN_GEMM_DOT_ARGS(double));
void cnn_f32_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(float));
void cnn_f64_gemm_dot__avx512(CNN_GEMM_DOT_ARGS(double));

// Packing (gemm.c): B panel of nr columns (nv valid) and A panel of mr rows
// (mv valid), k-major, zero padded.  The SIMD variants transpose blocks in
// registers (AVX-512: 16x16 / 8x8, AVX2: 8x8 / 4x4) when the source is
// contiguous along k (the Linear case):
// dst[p * dst_ld + r] = r < rows ? src[r * ld + p] : 0 for p < kc,
// r < width (rows <= width <= the lane count L): a transposing pack of up
// to L source rows that are contiguous along k.
#define CNN_GEMM_PACKT_ARGS(T)                                          \
  int64_t kc, const T *src, int64_t ld, int64_t rows, int64_t width,    \
      T *dst, int64_t dst_ld
typedef void (*cnn_f32_gemm_packt_fn)(CNN_GEMM_PACKT_ARGS(float));
typedef void (*cnn_f64_gemm_packt_fn)(CNN_GEMM_PACKT_ARGS(double));
void cnn_f32_gemm_pack_t8__avx2(CNN_GEMM_PACKT_ARGS(float));
void cnn_f64_gemm_pack_t4__avx2(CNN_GEMM_PACKT_ARGS(double));
void cnn_f32_gemm_pack_t16__avx512(CNN_GEMM_PACKT_ARGS(float));
void cnn_f64_gemm_pack_t8__avx512(CNN_GEMM_PACKT_ARGS(double));

#endif  // CNNOPS_GEMM_KERNELS_H
