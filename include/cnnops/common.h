// SPDX-License-Identifier: BSD-3-Clause
// cnnops/common.h - status codes, thread control and ISA selection shared by
// every op family.
#ifndef CNNOPS_COMMON_H
#define CNNOPS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_VERSION_MAJOR 0
#define CNN_VERSION_MINOR 1
#define CNN_VERSION_PATCH 0

/// Every public entry point returns one of these.  Nothing is written to an
/// output unless the call returns CNN_OK (an error is detected before any
/// write), except where a function's comment says otherwise.
typedef enum cnn_status {
  CNN_OK = 0,
  CNN_EINVAL = 1,     // a hyper-parameter is out of range (kernel <= 0, ...)
  CNN_ESHAPE = 2,     // sizes are negative or inconsistent with each other
  CNN_ENULL = 3,      // a required pointer is NULL while its size is > 0
  CNN_EOVERFLOW = 4,  // a size product does not fit in int64 / size_t
  CNN_ENOMEM = 5,     // a workspace allocation failed
  CNN_EINDEX = 6,     // an index read from user data is out of range
  CNN_EISA = 7,       // the requested instruction set is not available
} cnn_status;

/// A short English description of a status ("invalid argument", ...).
const char *cnn_status_str(cnn_status status);

/// Process-wide number of threads used by parallel kernels (>= 1).  The
/// default is OMP_NUM_THREADS if set, else the number of online cores.  Each
/// parallel region also honours a lower limit set on the calling thread by
/// omp_set_num_threads (which is what threadpoolctl does);
/// cnn_set_num_threads sets that limit for the calling thread as well.
cnn_status cnn_set_num_threads(int n);
int cnn_get_num_threads(void);

/// 1 if the library was built with OpenMP, else 0.
int cnn_has_openmp(void);

/// Instruction-set paths.  At load time the best path the CPU supports is
/// chosen; the environment variable CNNOPS_FORCE_ISA=scalar (or avx2,
/// avx512) caps it.  cnn_set_isa changes it at run time (tests use this to
/// cover every path in one process); it fails with CNN_EISA if the CPU (or
/// the build) cannot run that path.
typedef enum cnn_isa {
  CNN_ISA_SCALAR = 0,
  CNN_ISA_AVX2 = 1,    // AVX2 + FMA
  CNN_ISA_AVX512 = 2,  // AVX-512F (+ AVX2 + FMA); used where a kernel has it
} cnn_isa;

cnn_isa cnn_get_isa(void);
cnn_status cnn_set_isa(cnn_isa isa);
/// The best path this CPU supports (ignores CNNOPS_FORCE_ISA).
cnn_isa cnn_cpu_max_isa(void);
const char *cnn_isa_name(cnn_isa isa);

#ifdef __cplusplus
}
#endif
#endif  // CNNOPS_COMMON_H
