// SPDX-License-Identifier: BSD-3-Clause
// cnn_avgpool2d_fwd_*: validate, pick the kernel for the current ISA, run
// it over (plane, rows) blocks on the threads.
#include "internal/check.h"
#include "internal/cpu.h"
#include "pooling/pool2d.h"

#define DEFINE_AVGPOOL(DT, T)                                                              \
  typedef void (*avgpool_##DT##_fn)(const cnn_pool2d_params *, const cnn_pool2d_geom *,    \
                                    const T *, T *, int64_t, int64_t);                     \
  typedef struct {                                                                         \
    const cnn_pool2d_params *p;                                                            \
    cnn_pool2d_geom g;                                                                     \
    const T *x;                                                                            \
    T *y;                                                                                  \
    avgpool_##DT##_fn k;                                                                   \
  } avgpool_##DT##_ctx;                                                                    \
  static void avgpool_##DT##_rows(void *c_, int64_t pl, int64_t oh0, int64_t oh1,          \
                                  void *scratch) {                                         \
    const avgpool_##DT##_ctx *c = (const avgpool_##DT##_ctx *)c_;                          \
    const int64_t in_plane = c->p->h * c->p->w, out_plane = c->p->out_h * c->p->out_w;     \
    if (scratch) { /* build the plane in cache, then stream it out */                     \
      c->k(c->p, &c->g, c->x + pl * in_plane, (T *)scratch, oh0, oh1);                     \
      cnn_stream_copy(c->y + pl * out_plane, scratch, (size_t)out_plane * sizeof(T));      \
      return;                                                                              \
    }                                                                                      \
    c->k(c->p, &c->g, c->x + pl * in_plane, c->y + pl * out_plane, oh0, oh1);              \
  }                                                                                        \
  cnn_status cnn_avgpool2d_fwd_##DT(const cnn_pool2d_params *p, const T *x, T *y) {        \
    cnn_status st = cnn_pool2d_check(p, 1);                                                \
    if (st != CNN_OK) return st;                                                           \
    const int64_t planes = p->n * p->c;                                                    \
    if (planes == 0) return CNN_OK;                                                        \
    CNN_REQUIRE(x != NULL && y != NULL, CNN_ENULL);                                        \
    avgpool_##DT##_ctx c = {p, {0, 0, 0}, x, y,                                            \
                            cnn_use_avx512()  ? cnn_##DT##_avgpool2d__avx512               \
                            : cnn_use_avx2()  ? cnn_##DT##_avgpool2d__avx2                 \
                                              : cnn_##DT##_avgpool2d__scalar};             \
    cnn_pool2d_geometry(p, &c.g);                                                          \
    const int64_t plane_bytes = p->out_h * p->out_w * (int64_t)sizeof(T);                  \
    cnn_pool_parallel(planes, p->out_h, p->out_w * p->kh * p->kw,                          \
                      cnn_pool_stream_bytes(planes * plane_bytes, plane_bytes),            \
                      avgpool_##DT##_rows, &c);                                            \
    return CNN_OK;                                                                         \
  }

DEFINE_AVGPOOL(f32, float)
DEFINE_AVGPOOL(f64, double)
