// SPDX-License-Identifier: BSD-3-Clause
// Portable softmax kernels (one lane per "vector"); always built, and the
// path CNNOPS_FORCE_ISA=scalar runs.
#include <math.h>

#include "softmax/kernels.h"
#include "softmax/sm_exp.h"

#define V_PREFETCH(p) ((void)(p))
#define KTARGET
#define V_LOAD(p) (*(p))
#define V_STORE(p, v) (*(p) = (v))
// KW == 1 leaves no tail: these three are never reached.
#define V_LOADT(p, k) ((void)(k), *(p))
#define V_STORET(p, v, k) ((void)(k), *(p) = (v))
#define V_SELT(v, k, f) ((void)(k), (v))
#define V_SET1(s) (s)
#define V_MAX(a, b) ((a) > (b) ? (a) : (b))
#define V_SUB(a, b) ((a) - (b))
#define V_MUL(a, b) ((a) * (b))
#define V_NEG(v) (-(v))
#define V_HMAX(v) (v)
#define ACC_T double
#define ACC_N 1
#define ACC_ZERO() 0.0
#define ACC_ADD(acc, v) ((acc)[0] += (double)(v))
#define ACC_HSUM(acc) ((acc)[0])
#define SBUF_ADD(s, v) (*(s) += (double)(v))
#define ACC_STORE(p, acc) (*(p) = (acc)[0])
#define K_TV 4
#define V_STREAM(p, v) (*(p) = (v))

// ---- float32 ----
#define KT float
#define K_SCRATCH 4096
#define KV float
#define KW 1
#define V_EXP(v) cnn_sm_exp_f32(v)
#define K_ROW cnn_f32_softmax_row__scalar
#define K_COLS cnn_f32_softmax_cols__scalar
#define K_ROW_IMPL f32_row_impl
#define K_COLS_IMPL f32_cols_impl
#define K_TILE_IMPL f32_tile_impl
#include "softmax/softmax.inc"
#undef KT
#undef K_SCRATCH
#undef KV
#undef KW
#undef V_EXP
#undef K_ROW
#undef K_COLS
#undef K_ROW_IMPL
#undef K_COLS_IMPL
#undef K_TILE_IMPL

// ---- float64 ----
#define KT double
#define K_SCRATCH 2048
#define KV double
#define KW 1
#define V_EXP(v) cnn_sm_exp_f64(v)
#define K_ROW cnn_f64_softmax_row__scalar
#define K_COLS cnn_f64_softmax_cols__scalar
#define K_ROW_IMPL f64_row_impl
#define K_COLS_IMPL f64_cols_impl
#define K_TILE_IMPL f64_tile_impl
#include "softmax/softmax.inc"
