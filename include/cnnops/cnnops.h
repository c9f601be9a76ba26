// SPDX-License-Identifier: BSD-3-Clause
// cnnops.h - umbrella header of the cnnops C API.
//
// Conventions (every family): public names are cnn_<op>_<fwd|bwd>_<f32|f64>;
// the argument that defines the iteration space comes first, then const
// inputs, then outputs; arrays are dense C-order (row-major, NCHW); every
// function validates its arguments and returns a cnn_status.
#ifndef CNNOPS_CNNOPS_H
#define CNNOPS_CNNOPS_H

#include "cnnops/common.h"
#include "cnnops/activation.h"
#include "cnnops/normalization.h"
#include "cnnops/gemm.h"
#include "cnnops/linear.h"
#include "cnnops/pooling.h"
#include "cnnops/softmax.h"

#endif  // CNNOPS_CNNOPS_H
