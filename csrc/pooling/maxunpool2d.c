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

cnn_status cnn_maxunpool2d_find_invalid(const cnn_unpool2d_params *p, const int64_t *idx,
                                        int64_t *pos) {
  int64_t n_in, out_plane;
  cnn_status st = unpool_check(p, &n_in, &out_plane);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(pos != NULL, CNN_ENULL);
  CNN_REQUIRE(n_in == 0 || idx != NULL, CNN_ENULL);
  // PyTorch (one thread) reports the last invalid index: scan backwards.
  *pos = -1;
  for (int64_t i = n_in - 1; i >= 0; --i)
    if ((uint64_t)idx[i] >= (uint64_t)out_plane) {
      *pos = i;
      break;
    }
  return CNN_OK;
}

#define DEFINE_UNPOOL(DT, T)                                                               \
  typedef struct {                                                                         \
    const T *x;                                                                            \
    const int64_t *idx;                                                                    \
    T *y;                                                                                  \
    int64_t in_plane, out_plane;                                                           \
  } unpool_##DT##_ctx;                                                                     \
  static void unpool_##DT##_plane(void *c_, int64_t pl, int64_t r0, int64_t r1,            \
                                  void *scratch) {                                         \
    const unpool_##DT##_ctx *c = (const unpool_##DT##_ctx *)c_;                            \
    T *y = c->y + pl * c->out_plane;                                                       \
    T *yp = scratch ? (T *)scratch : y;                                                    \
    const T *xp = c->x + pl * c->in_plane;                                                 \
    const int64_t *ip = c->idx + pl * c->in_plane;                                         \
    memset(yp, 0, (size_t)c->out_plane * sizeof(T));                                       \
    for (int64_t i = 0; i < c->in_plane; ++i) yp[ip[i]] = xp[i];                           \
    if (scratch) cnn_stream_copy(y, scratch, (size_t)c->out_plane * sizeof(T));            \
    (void)r0, (void)r1;                                                                    \
  }                                                                                        \
  cnn_status cnn_maxunpool2d_fwd_##DT(const cnn_unpool2d_params *p, const T *x,            \
                                      const int64_t *idx, T *y) {                          \
    int64_t n_in, out_plane;                                                               \
    cnn_status st = unpool_check(p, &n_in, &out_plane);                                    \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c, in_plane = p->h * p->w;                            \
    if (planes == 0 || out_plane == 0) return CNN_OK; /* nothing to write or read */       \
    CNN_REQUIRE(y != NULL, CNN_ENULL);                                                     \
    CNN_REQUIRE(in_plane == 0 || (x != NULL && idx != NULL), CNN_ENULL);                   \
    /* every index is checked before the first write */                                    \
    if (n_in > 0 && cnn_any_index_invalid(idx, n_in, out_plane)) return CNN_EINDEX;        \
    unpool_##DT##_ctx c = {x, idx, y, in_plane, out_plane};                                \
    const int64_t plane_bytes = out_plane * (int64_t)sizeof(T);                            \
    /* one "row" per plane: every call covers a whole plane */                             \
    cnn_pool_parallel(planes, 1, in_plane + out_plane,                                     \
                      cnn_pool_stream_bytes(planes * plane_bytes, plane_bytes),            \
                      unpool_##DT##_plane, &c);                                            \
    return CNN_OK;                                                                         \
  }

DEFINE_UNPOOL(f32, float)
DEFINE_UNPOOL(f64, double)
