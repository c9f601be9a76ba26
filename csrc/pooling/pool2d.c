// SPDX-License-Identifier: BSD-3-Clause
// Shared pooling helpers: PyTorch's output-size formula, parameter checks,
// the interior-column geometry and the (plane, rows) thread split.
#include "pooling/pool2d.h"

#include <stdlib.h>
#include <string.h>

#include "internal/check.h"
#include "internal/cpu.h"
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

size_t cnn_pool_stream_bytes(int64_t total_bytes, int64_t plane_bytes) {
  if (total_bytes < ((int64_t)16 << 20) || plane_bytes > ((int64_t)512 << 10)) return 0;
  return (size_t)((plane_bytes + 63) & ~(int64_t)63);
}

#if CNN_X86
CNN_TARGET_AVX512 static void stream_copy_avx512(char *d, const char *s, size_t n) {
  size_t head = (64 - ((uintptr_t)d & 63)) & 63;
  if (head > n) head = n;
  memcpy(d, s, head);
  d += head, s += head, n -= head;
  for (; n >= 64; n -= 64, d += 64, s += 64)
    _mm512_stream_si512((void *)d, _mm512_loadu_si512((const void *)s));
  memcpy(d, s, n);
  _mm_sfence();
}

CNN_TARGET_AVX2 static void stream_copy_avx2(char *d, const char *s, size_t n) {
  size_t head = (32 - ((uintptr_t)d & 31)) & 31;
  if (head > n) head = n;
  memcpy(d, s, head);
  d += head, s += head, n -= head;
  for (; n >= 32; n -= 32, d += 32, s += 32)
    _mm256_stream_si256((__m256i *)d, _mm256_loadu_si256((const __m256i *)s));
  memcpy(d, s, n);
  _mm_sfence();
}

// Unsigned compare: negative indices become huge.  Written as plain loops
// so the compiler vectorises them for each target.
CNN_TARGET_AVX512 static int any_invalid_avx512(const int64_t *idx, int64_t n, uint64_t lim) {
  uint64_t mx = 0;
  for (int64_t i = 0; i < n; ++i) mx = (uint64_t)idx[i] > mx ? (uint64_t)idx[i] : mx;
  return n > 0 && mx >= lim;
}
CNN_TARGET_AVX2 static int any_invalid_avx2(const int64_t *idx, int64_t n, uint64_t lim) {
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= (int64_t)((uint64_t)idx[i] >= lim);
  return bad != 0;
}
#endif

void cnn_stream_copy(void *dst, const void *src, size_t n) {
#if CNN_X86
  if (cnn_use_avx512()) {
    stream_copy_avx512((char *)dst, (const char *)src, n);
    return;
  }
  if (cnn_use_avx2()) {
    stream_copy_avx2((char *)dst, (const char *)src, n);
    return;
  }
#endif
  memcpy(dst, src, n);
}

static int any_invalid_range(const int64_t *idx, int64_t n, uint64_t lim) {
#if CNN_X86
  if (cnn_use_avx512()) return any_invalid_avx512(idx, n, lim);
  if (cnn_use_avx2()) return any_invalid_avx2(idx, n, lim);
#endif
  int bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= (uint64_t)idx[i] >= lim;
  return bad;
}

// One thread: a vectorised streaming read runs at memory speed on one core,
// and a second parallel region per unpool call costs more than it saves
// when the machine is busy (measured).
int cnn_any_index_invalid(const int64_t *idx, int64_t n, int64_t lim) {
  return any_invalid_range(idx, n, (uint64_t)lim);
}

void cnn_pool_parallel(int64_t planes, int64_t out_h, int64_t work_per_row,
                       size_t scratch_bytes, cnn_plane_rows_fn fn, void *ctx) {
  int64_t work;
  if (!cnn_mul_ok(planes, out_h, &work) || !cnn_mul_ok(work, work_per_row, &work))
    work = INT64_MAX;
  const int nt = cnn_threads_for(work, CNN_GRAIN);
  char *scratch = NULL;
  if (scratch_bytes > 0) scratch = aligned_alloc(64, scratch_bytes * (size_t)nt);
  if (nt <= 1) {
    for (int64_t pl = 0; pl < planes; ++pl) fn(ctx, pl, 0, out_h, scratch);
    free(scratch);
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
  // Dynamic chunks (8 per thread): a thread that is descheduled on a busy
  // machine does not hold the others up.  Each output is computed the same
  // way by whichever thread takes its item, so results do not change.
  int64_t chunk = items / ((int64_t)nt * 8);
  if (chunk < 1) chunk = 1;
#pragma omp parallel num_threads(nt)
  {
    const int tid = CNN_THREAD_ID();
    char *mine = scratch && bpp == 1 ? scratch + (size_t)tid * scratch_bytes : NULL;
#pragma omp for schedule(dynamic, chunk)
    for (int64_t it = 0; it < items; ++it) {
      int64_t pl = it / bpp, b = it % bpp, r0, r1;
      cnn_split_range(out_h, (int)bpp, (int)b, 1, &r0, &r1);
      if (r1 > r0) fn(ctx, pl, r0, r1, mine);
    }
  }
  free(scratch);
}
