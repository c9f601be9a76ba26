// SPDX-License-Identifier: BSD-3-Clause
// Shared pooling helpers: PyTorch's output-size formula, parameter checks,
// the interior-column geometry and the (plane, rows) thread split.
#include "pooling/pool2d.h"

#include "internal/check.h"
#include "internal/parallel.h"

#define CNN_POOL_MAX_PARAM ((int64_t)INT32_MAX)
#define CNN_POOL_MAX_DIM ((int64_t)1 << 60)

static int64_t floordiv(int64_t a, int64_t b) {  // b > 0
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

// pooling_output_shape_pad_lr (ATen Pool.h) with pad_l = pad_r = p.
static int64_t out_dim(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int ceil_mode) {
  const int64_t eff = d * (k - 1) + 1;
  int64_t o = floordiv(in + 2 * p - eff + (ceil_mode ? s - 1 : 0), s) + 1;
  if (ceil_mode && (o - 1) * s >= in + p) --o;
  return o;
}

static int param_ok(int64_t v, int64_t lo) { return v >= lo && v <= CNN_POOL_MAX_PARAM; }

cnn_status cnn_pool2d_output_shape(cnn_pool2d_params *p) {
  CNN_REQUIRE(p != NULL, CNN_ENULL);
  CNN_REQUIRE(p->n >= 0 && p->c >= 0 && p->h >= 1 && p->w >= 1, CNN_ESHAPE);
  CNN_REQUIRE(p->h <= CNN_POOL_MAX_DIM && p->w <= CNN_POOL_MAX_DIM, CNN_EOVERFLOW);
  CNN_REQUIRE(param_ok(p->kh, 1) && param_ok(p->kw, 1), CNN_EINVAL);
  CNN_REQUIRE(param_ok(p->sh, 1) && param_ok(p->sw, 1), CNN_EINVAL);
  CNN_REQUIRE(param_ok(p->dh, 1) && param_ok(p->dw, 1), CNN_EINVAL);
  // PyTorch's effective rule: pad <= kernel/2 on the raw kernel.
  CNN_REQUIRE(p->ph >= 0 && p->pw >= 0 && p->ph <= p->kh / 2 && p->pw <= p->kw / 2, CNN_EINVAL);
  CNN_REQUIRE(p->ceil_mode == 0 || p->ceil_mode == 1, CNN_EINVAL);
  const int64_t oh = out_dim(p->h, p->kh, p->sh, p->ph, p->dh, p->ceil_mode);
  const int64_t ow = out_dim(p->w, p->kw, p->sw, p->pw, p->dw, p->ceil_mode);
  CNN_REQUIRE(oh >= 1 && ow >= 1, CNN_EINVAL);
  p->out_h = oh;
  p->out_w = ow;
  return CNN_OK;
}

cnn_status cnn_pool2d_check(const cnn_pool2d_params *p, int avg) {
  CNN_REQUIRE(p != NULL, CNN_ENULL);
  cnn_pool2d_params q = *p;
  cnn_status st = cnn_pool2d_output_shape(&q);
  if (st != CNN_OK) return st;
  CNN_REQUIRE(q.out_h == p->out_h && q.out_w == p->out_w, CNN_ESHAPE);
  if (avg) {
    CNN_REQUIRE(p->dh == 1 && p->dw == 1, CNN_EINVAL);
    CNN_REQUIRE(p->count_include_pad == 0 || p->count_include_pad == 1, CNN_EINVAL);
  }
  int64_t in_dims[4] = {p->n, p->c, p->h, p->w}, out_dims[4] = {p->n, p->c, q.out_h, q.out_w};
  int64_t numel;
  st = cnn_numel(in_dims, 4, 8, &numel);
  if (st != CNN_OK) return st;
  return cnn_numel(out_dims, 4, 8, &numel);
}

void cnn_pool2d_geometry(const cnn_pool2d_params *p, cnn_pool2d_geom *g) {
  // interior: ow*sw - pw >= 0 and ow*sw - pw + (kw-1)*dw <= w-1
  int64_t a = (p->pw + p->sw - 1) / p->sw;
  int64_t num = p->w - 1 + p->pw - (p->kw - 1) * p->dw;
  int64_t b = num < 0 ? 0 : num / p->sw + 1;
  if (b > p->out_w) b = p->out_w;
  if (a > p->out_w) a = p->out_w;
  if (b < a) b = a;
  g->ow_a = a;
  g->ow_b = b;
  g->idx32 = p->h * p->w <= (int64_t)INT32_MAX;
}

void cnn_pool_parallel(int64_t planes, int64_t out_h, int64_t work_per_row, cnn_plane_rows_fn fn,
                       void *ctx) {
  int64_t work;
  if (!cnn_mul_ok(planes, out_h, &work) || !cnn_mul_ok(work, work_per_row, &work))
    work = INT64_MAX;
  const int nt = cnn_threads_for(work, CNN_GRAIN);
  if (nt <= 1) {
    for (int64_t pl = 0; pl < planes; ++pl) fn(ctx, pl, 0, out_h);
    return;
  }
  // With few planes, split each plane's rows into blocks too, so every
  // thread gets work; the items (plane, block) are dealt out contiguously.
  int64_t bpp = 1;
  if (planes < 4 * (int64_t)nt) {
    bpp = (4 * (int64_t)nt + planes - 1) / planes;
    if (bpp > out_h) bpp = out_h;
  }
  const int64_t items = planes * bpp;
#pragma omp parallel num_threads(nt)
  {
    int64_t lo, hi;
    cnn_split_range(items, CNN_THREAD_COUNT(), CNN_THREAD_ID(), 1, &lo, &hi);
    for (int64_t it = lo; it < hi; ++it) {
      int64_t pl = it / bpp, b = it % bpp, r0, r1;
      cnn_split_range(out_h, (int)bpp, (int)b, 1, &r0, &r1);
      if (r1 > r0) fn(ctx, pl, r0, r1);
    }
  }
}
