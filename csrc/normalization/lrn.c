// SPDX-License-Identifier: BSD-3-Clause
// Local response normalisation across channels, PyTorch's definition:
// y_c = x_c / (k + alpha/size * sum_{c' in [c - size/2, c + (size-1)/2]} x_c'^2)^beta,
// channels outside [0, C) counting as zero.  The window sum slides along the
// channels (one square in, one out: O(1) per element whatever `size`),
// vectorised over a tile of spatial positions; see lrn_tile in kernels.inc
// for how it stays accurate.  Work items are (batch entry, spatial tile)
// with fixed tile boundaries, so results do not depend on the thread count.
#include "normalization/norm.h"

#define DEFINE_LRN(T, SUF)                                                               \
  cnn_status cnn_local_response_norm_fwd_##SUF(int64_t n, int64_t c, int64_t s,          \
                                               int64_t size, double alpha, double beta,   \
                                               double k, const T *x, T *y) {              \
    int64_t numel;                                                                       \
    cnn_status st = cnn_norm_check_ncs(n, c, s, sizeof(T), &numel);                      \
    if (st != CNN_OK) return st;                                                         \
    CNN_REQUIRE(size >= 1, CNN_EINVAL);                                                  \
    CNN_REQUIRE(numel == 0 || (x != NULL && y != NULL), CNN_ENULL);                      \
    CNN_REQUIRE(numel == 0 || x != y, CNN_EINVAL); /* reads neighbours: not in place */ \
    if (numel == 0) return CNN_OK;                                                       \
    const cnn_norm_table_##SUF *tab = cnn_norm_kernels_##SUF();                          \
    int64_t tiles = (s + CNN_LRN_TILE - 1) / CNN_LRN_TILE, items = n * tiles;            \
    int64_t before = size / 2, after = (size - 1) / 2;                                   \
    /* clamp so that ch + after cannot overflow; a window wider than c acts as c */      \
    if (before > c) before = c;                                                          \
    if (after > c) after = c;                                                            \
    double coef = alpha / (double)size;                                                  \
    int nt = cnn_threads_for(numel * 4, CNN_GRAIN);                                      \
    _Pragma("omp parallel num_threads(nt)") {                                            \
      double sum[CNN_LRN_TILE], mx[CNN_LRN_TILE];                                        \
      _Pragma("omp for schedule(static)") for (int64_t it = 0; it < items; ++it) {        \
        int64_t i = it / tiles, lo = (it % tiles) * CNN_LRN_TILE;                        \
        int64_t ts = s - lo < CNN_LRN_TILE ? s - lo : CNN_LRN_TILE;                      \
        tab->lrn_tile(x + i * c * s + lo, y + i * c * s + lo, c, s, ts, before, after,   \
                      coef, k, beta, sum, mx);                                           \
      }                                                                                  \
    }                                                                                    \
    return CNN_OK;                                                                       \
  }
DEFINE_LRN(float, f32)
DEFINE_LRN(double, f64)
