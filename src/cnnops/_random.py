"""cnnops' seedable random number generator (RReLU noise, parameter init).

cnnops draws from a NumPy ``Generator``; values therefore match PyTorch in
distribution, not bit for bit (PyTorch uses its own mt19937 stream).
"""
from __future__ import annotations

import numpy as np

__all__ = ["manual_seed", "default_generator"]

_generator: np.random.Generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed cnnops' global generator and return it.

    Example::

        >>> cnnops.manual_seed(0)
        >>> a = cnnops.nn.Linear(3, 4).weight.copy()
        >>> cnnops.manual_seed(0)
        >>> bool((cnnops.nn.Linear(3, 4).weight == a).all())
        True
    """
    global _generator
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed(): seed must be an int, not {type(seed).__name__}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def default_generator() -> np.random.Generator:
    """The generator used when an op is not given one explicitly."""
    return _generator
