// SPDX-License-Identifier: BSD-3-Clause
// Internal: ISA dispatch helpers.
//
// SIMD kernels are ordinary functions compiled with a target attribute
// (CNN_TARGET_AVX2 / CNN_TARGET_AVX512), so the rest of the library is built
// for the baseline ISA and a wheel runs on any x86-64 (or non-x86) CPU.
// Drivers pick a kernel per call with cnn_get_isa(), a relaxed load of one
// global; the scalar kernels are always compiled.
#ifndef CNNOPS_INTERNAL_CPU_H
#define CNNOPS_INTERNAL_CPU_H

#include "cnnops/common.h"

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define CNN_X86 1
#include <immintrin.h>
#define CNN_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define CNN_TARGET_AVX512 \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#else
#define CNN_X86 0
#define CNN_TARGET_AVX2
#define CNN_TARGET_AVX512
#endif

static inline int cnn_use_avx2(void) { return cnn_get_isa() >= CNN_ISA_AVX2; }
static inline int cnn_use_avx512(void) { return cnn_get_isa() >= CNN_ISA_AVX512; }

// Bytes of one instance of cpu0's data or unified cache at `level` (1-8;
// 0: the last level), as Linux's sysfs lists it; 0 when unknown.  sysconf's
// _SC_LEVEL3_CACHE_SIZE is not used: in a VM it can report the host's whole
// L3 (320 MiB seen for 32 MiB).  Read once.
int64_t cnn_cache_bytes(int level);
static inline int64_t cnn_llc_bytes(void) { return cnn_cache_bytes(0); }

#endif  // CNNOPS_INTERNAL_CPU_H
