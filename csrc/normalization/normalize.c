// SPDX-License-Identifier: BSD-3-Clause
// Lp normalisation along one axis: the array is seen as (outer, len, inner)
// and each of the outer*inner vectors of len elements (stride inner) is
// divided by max(||v||_p, eps).  inner == 1: rows split over the threads;
// otherwise (outer, tile of inner columns) items, the norms accumulated for
// a whole tile of columns at once (contiguous loads).  Norms are summed in
// float64 in a fixed order, so results do not depend on the thread count.
#include "normalization/norm.h"

#define NORMALIZE_TILE ((int64_t)512)

#define DEFINE_NORMALIZE(T, SUF)                                                          \
  cnn_status cnn_normalize_fwd_##SUF(int64_t outer, int64_t len, int64_t inner, double p,  \
                                     double eps, const T *x, T *y) {                       \
    int64_t numel;                                                                        \
    cnn_status st = cnn_norm_check_ncs(outer, len, inner, sizeof(T), &numel);             \
    if (st != CNN_OK) return st;                                                          \
    CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);                       \
    if (numel == 0) return CNN_OK;                                                        \
    const cnn_norm_table_##SUF *tab = cnn_norm_kernels_##SUF();                           \
    int cost = (p == 2.0 || p == 1.0 || p == 0.0 || isinf(p)) ? 1 : 16;                   \
    int nt = cnn_threads_for(numel * cost, CNN_GRAIN);                                    \
    if (inner == 1) {                                                                     \
      _Pragma("omp parallel num_threads(nt)") {                                           \
        int64_t lo, hi;                                                                   \
        cnn_split_range(outer, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 1, &lo, &hi);         \
        if (hi > lo) tab->normalize_rows(x + lo * len, hi - lo, len, p, eps, y + lo * len); \
      }                                                                                   \
      return CNN_OK;                                                                      \
    }                                                                                     \
    int64_t tiles = (inner + NORMALIZE_TILE - 1) / NORMALIZE_TILE, items = outer * tiles; \
    _Pragma("omp parallel num_threads(nt)") {                                             \
      double acc[NORMALIZE_TILE];                                                         \
      _Pragma("omp for schedule(static)") for (int64_t it = 0; it < items; ++it) {         \
        int64_t o = it / tiles, lo = (it % tiles) * NORMALIZE_TILE;                       \
        int64_t w = inner - lo < NORMALIZE_TILE ? inner - lo : NORMALIZE_TILE;            \
        tab->normalize_cols(x + o * len * inner + lo, len, w, inner, p, eps,              \
                            y + o * len * inner + lo, acc);                               \
      }                                                                                   \
    }                                                                                     \
    return CNN_OK;                                                                        \
  }
DEFINE_NORMALIZE(float, f32)
DEFINE_NORMALIZE(double, f64)
