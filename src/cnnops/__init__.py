"""cnnops: PyTorch's neural-network layers for NumPy arrays.

Hand-written C kernels (OpenMP, AVX2/FMA with run-time dispatch) under a thin
Cython bridge.  NumPy arrays in, NumPy arrays out::

    >>> import numpy as np, cnnops
    >>> cnnops.nn.ReLU()(np.array([-1.0, 2.0]))
    array([0., 2.])
"""
from ._version import __version__
from ._runtime import (build_info, cache_info, empty_cache, get_num_threads, num_threads,
                       set_cache_limit, set_num_threads)
from ._random import manual_seed
from . import functional, nn

__all__ = [
    "__version__", "build_info", "cache_info", "empty_cache", "functional", "get_num_threads",
    "manual_seed", "nn", "num_threads", "set_cache_limit", "set_num_threads",
]
from .functional import flatten  # noqa: E402  (cnnops.flatten, as torch.flatten)
__all__ += ["flatten"]
