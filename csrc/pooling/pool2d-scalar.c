// SPDX-License-Identifier: BSD-3-Clause
// Scalar pooling kernels (always built; the reference the SIMD paths match).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pooling/pool2d.h"

#define TGT
#define VL 0
#define ISA scalar

#define T float
#define DT f32
#include "pooling/pool2d-kernel.inc"
#undef T
#undef DT

#define T double
#define DT f64
#include "pooling/pool2d-kernel.inc"
#undef T
#undef DT
