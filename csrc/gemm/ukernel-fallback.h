// SPDX-License-Identifier: BSD-3-Clause
// Internal: non-x86 builds define the SIMD kernel symbols, but the
// dispatcher never selects them (cnn_get_isa() is always scalar there).
#ifndef CNNOPS_GEMM_UKERNEL_FALLBACK_H
#define CNNOPS_GEMM_UKERNEL_FALLBACK_H
#include <stdlib.h>
#define CNN_GEMM_UNREACHABLE() abort()
#endif
