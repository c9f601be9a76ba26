// SPDX-License-Identifier: BSD-3-Clause
// Portable reference kernels for pointwise activations (always built; also
// the oracle the SIMD kernels are tested against).  The bodies live in
// vunary-scalar.inc, instantiated here once per dtype.
#include "activation/vunary.h"
#include "internal/vmath.h"

#define CNN_PASTE_(a, b) a##b
#define CNN_PASTE(a, b) CNN_PASTE_(a, b)
#define CNN_PASTE3_(a, b, c) a##b##c
#define CNN_PASTE3(a, b, c) CNN_PASTE3_(a, b, c)

#define T float
#define SFX f32
#define S(c) ((float)(c))
#define VM(fn) cnn_##fn##_f32
#define ERFC cnn_vm_erfcpos12
#include "activation/vunary-scalar.inc"
#undef T
#undef SFX
#undef S
#undef VM
#undef ERFC

#define T double
#define SFX f64
#define S(c) ((double)(c))
#define VM(fn) cnn_##fn##_f64
#define ERFC cnn_vm_erfcpos20
#include "activation/vunary-scalar.inc"
