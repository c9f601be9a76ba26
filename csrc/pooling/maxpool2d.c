// SPDX-License-Identifier: BSD-3-Clause
// cnn_maxpool2d_fwd_*: validate, pick the kernel for the current ISA, run
// it over (plane, rows) blocks on the threads.
#include "internal/check.h"
#include "internal/cpu.h"
#include "pooling/pool2d.h"

#define DEFINE_MAXPOOL(DT, T)                                                              \
  typedef void (*maxpool_##DT##_fn)(const cnn_pool2d_params *, const cnn_pool2d_geom *,    \
                                    const T *, T *, int64_t *, int64_t, int64_t);          \
  typedef struct {                                                                         \
    const cnn_pool2d_params *p;                                                            \
    cnn_pool2d_geom g;                                                                     \
    const T *x;                                                                            \
    T *y;                                                                                  \
    int64_t *idx;                                                                          \
    maxpool_##DT##_fn k;                                                                   \
  } maxpool_##DT##_ctx;                                                                    \
  static void maxpool_##DT##_rows(void *c_, int64_t pl, int64_t oh0, int64_t oh1,          \
                                  void *scratch) {                                         \
    const maxpool_##DT##_ctx *c = (const maxpool_##DT##_ctx *)c_;                          \
    const int64_t in_plane = c->p->h * c->p->w, out_plane = c->p->out_h * c->p->out_w;     \
    T *y = c->y + pl * out_plane;                                                          \
    int64_t *idx = c->idx ? c->idx + pl * out_plane : NULL;                                \
    if (scratch) { /* build the plane in cache, then stream it out */                     \
      int64_t *is = (int64_t *)scratch;                                                    \
      T *ys = (T *)(is + (idx ? out_plane : 0));                                           \
      c->k(c->p, &c->g, c->x + pl * in_plane, ys, idx ? is : NULL, oh0, oh1);              \
      cnn_stream_copy(y, ys, (size_t)out_plane * sizeof(T));                               \
      if (idx) cnn_stream_copy(idx, is, (size_t)out_plane * sizeof(int64_t));              \
      return;                                                                              \
    }                                                                                      \
    c->k(c->p, &c->g, c->x + pl * in_plane, y, idx, oh0, oh1);                             \
  }                                                                                        \
  cnn_status cnn_maxpool2d_fwd_##DT(const cnn_pool2d_params *p, const T *x, T *y,          \
                                    int64_t *idx) {                                        \
    cnn_status st = cnn_pool2d_check(p, 0);                                                \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c;                                                    \
    if (planes == 0) return CNN_OK;                                                        \
    CNN_REQUIRE(x != NULL && y != NULL, CNN_ENULL);                                        \
    maxpool_##DT##_ctx c = {p, {0, 0, 0}, x, y, idx,                                       \
                            cnn_use_avx512()  ? cnn_##DT##_maxpool2d__avx512               \
                            : cnn_use_avx2()  ? cnn_##DT##_maxpool2d__avx2                 \
                                              : cnn_##DT##_maxpool2d__scalar};             \
    cnn_pool2d_geometry(p, &c.g);                                                          \
    const int64_t plane_bytes = p->out_h * p->out_w * (int64_t)(sizeof(T) + (idx ? 8 : 0));  \
    cnn_pool_parallel(planes, p->out_h, p->out_w * p->kh * p->kw,                          \
                      cnn_pool_stream_bytes(planes * plane_bytes, plane_bytes),            \
                      maxpool_##DT##_rows, &c);                                            \
    return CNN_OK;                                                                         \
  }

DEFINE_MAXPOOL(f32, float)
DEFINE_MAXPOOL(f64, double)
