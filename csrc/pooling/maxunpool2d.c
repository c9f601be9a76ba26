// SPDX-License-Identifier: BSD-3-Clause
// cnn_maxunpool2d_fwd_*: y = 0; y[plane].flat[idx] = x.
//
// The indices are user data.  All of them are checked against the output
// plane (one vectorisable pass, split over the threads) before the first
// write; only then is each plane zeroed and scattered (plane by plane, so
// the plane being scattered stays in cache).  Within a plane the scatter
// runs in row-major input order, so the last of duplicate indices wins,
// whatever the thread count.
#include <string.h>

#include "internal/check.h"
#include "internal/parallel.h"
#include "pooling/pool2d.h"

static cnn_status unpool_check(const cnn_unpool2d_params *p, int64_t *n_in, int64_t *out_plane) {
  CNN_REQUIRE(p != NULL, CNN_ENULL);
  int64_t in_dims[4] = {p->n, p->c, p->h, p->w};
  int64_t out_dims[4] = {p->n, p->c, p->out_h, p->out_w};
  int64_t plane_dims[2] = {p->out_h, p->out_w};
  int64_t tmp;
  cnn_status st = cnn_numel(in_dims, 4, 8, n_in);
  if (st != CNN_OK) return st;
  st = cnn_numel(out_dims, 4, 8, &tmp);
  if (st != CNN_OK) return st;
  return cnn_numel(plane_dims, 2, 8, out_plane);
}

// 1 if any of idx[0..n) is outside [0, lim), as unsigned compares.
static int any_invalid(const int64_t *idx, int64_t n, int64_t lim) {
  const int64_t grain = (int64_t)1 << 18;
  const int nt = cnn_threads_for(n, grain);
  const uint64_t ulim = (uint64_t)lim;
  int bad = 0;
#pragma omp parallel num_threads(nt) reduction(| : bad)
  {
    int64_t lo, hi;
    cnn_split_range(n, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 64, &lo, &hi);
    int b = 0;
    for (int64_t i = lo; i < hi; ++i) b |= (uint64_t)idx[i] >= ulim;
    bad |= b;
  }
  return bad;
}

cnn_status cnn_maxunpool2d_find_invalid(const cnn_unpool2d_params *p, const int64_t *idx,
                                        int64_t *pos) {
  int64_t n_in, out_plane;
  cnn_status st = unpool_check(p, &n_in, &out_plane);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(pos != NULL, CNN_ENULL);
  CNN_REQUIRE(n_in == 0 || idx != NULL, CNN_ENULL);
  *pos = -1;
  for (int64_t i = 0; i < n_in; ++i)
    if ((uint64_t)idx[i] >= (uint64_t)out_plane) {
      *pos = i;
      break;
    }
  return CNN_OK;
}

#define DEFINE_UNPOOL(DT, T)                                                               \
  cnn_status cnn_maxunpool2d_fwd_##DT(const cnn_unpool2d_params *p, const T *x,            \
                                      const int64_t *idx, T *y) {                          \
    int64_t n_in, out_plane;                                                               \
    cnn_status st = unpool_check(p, &n_in, &out_plane);                                    \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c, in_plane = p->h * p->w;                            \
    if (planes == 0 || out_plane == 0) return CNN_OK; /* nothing to write or read */       \
    CNN_REQUIRE(y != NULL, CNN_ENULL);                                                     \
    CNN_REQUIRE(in_plane == 0 || (x != NULL && idx != NULL), CNN_ENULL);                   \
    if (n_in > 0 && any_invalid(idx, n_in, out_plane)) return CNN_EINDEX;                  \
    const int nt = cnn_threads_for(planes * (in_plane + out_plane), CNN_GRAIN);            \
    _Pragma("omp parallel for schedule(static) num_threads(nt)")                           \
    for (int64_t pl = 0; pl < planes; ++pl) {                                              \
      T *yp = y + pl * out_plane;                                                          \
      const T *xp = x + pl * in_plane;                                                     \
      const int64_t *ip = idx + pl * in_plane;                                             \
      memset(yp, 0, (size_t)out_plane * sizeof(T));                                        \
      for (int64_t i = 0; i < in_plane; ++i) yp[ip[i]] = xp[i];                            \
    }                                                                                      \
    return CNN_OK;                                                                         \
  }

DEFINE_UNPOOL(f32, float)
DEFINE_UNPOOL(f64, double)
