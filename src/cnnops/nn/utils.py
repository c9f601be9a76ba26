"""cnnops.nn.utils: inference freezing of a model's Linear layers.

``freeze`` is the explicit counterpart of what ONNX Runtime does to a
constant Gemm weight when it builds a session (and of ``torch.jit.freeze``):
each Linear weight is packed once into the layout its kernels stream best
(panels of one cache line per input feature, csrc/linear/packed.c), and
every later forward reads the pack instead of re-reading the weight row by
row.  A pack must never go stale, so the frozen weight is made read-only:
writing to it (an optimiser step, ``load_state_dict``, ``w[...] = ...``)
raises until :func:`unfreeze` is called.
"""
from __future__ import annotations

import numpy as np

from .modules.linear import Linear, _PackedWeight
from .modules.module import Module
from .parameter import Parameter

__all__ = ["freeze", "unfreeze"]


def freeze(module: Module) -> Module:
    r"""Packs the weight of every :class:`~cnnops.nn.Linear` in ``module`` for
    inference and makes it read-only; returns ``module`` (changed in place).

    The forward of a frozen Linear computes the same function: each output is
    :math:`b_j + \sum_p x_{ip} W_{jp}` with one fused multiply-add per input
    feature, in order.  That order differs from the unfrozen kernels', so the
    two agree to rounding (float32: ~1e-6 relative), not bitwise; the frozen
    result is bitwise the same for any thread count, batch size and SIMD
    path.  Each weight is replaced by a read-only copy whose memory cannot
    be made writable again (views of the old weight cannot reach the pack),
    so memory for Linear weights doubles while frozen.  The bias stays writable (it is read on every call).  Assigning a
    new weight unfreezes that layer; copies and pickles of a frozen model are
    unfrozen.

    Args:
        module (Module): a model; every Linear in it (itself included) is frozen.

    Returns:
        Module: ``module``.

    Example::

        >>> model = cnnops.nn.Sequential(cnnops.nn.Linear(64, 128), cnnops.nn.ReLU())
        >>> cnnops.nn.utils.freeze(model)[0].frozen
        True
        >>> model[0].weight.flags.writeable
        False
    """
    if not isinstance(module, Module):
        raise TypeError(f"freeze() expects a cnnops.nn.Module, got {type(module).__name__}")
    for m in module.modules():
        if isinstance(m, Linear) and not m.frozen:
            w = m.weight
            # A copy over an immutable bytes object: neither it nor any view
            # of it can be made writable again, so the pack cannot go stale.
            data = np.frombuffer(np.ascontiguousarray(w).tobytes(), dtype=w.dtype)
            frozen = Parameter(data.reshape(w.shape), requires_grad=w.requires_grad)
            m.weight = frozen
            m._packed = _PackedWeight(frozen)
    return module


def unfreeze(module: Module) -> Module:
    r"""Undoes :func:`freeze`: every frozen :class:`~cnnops.nn.Linear` in
    ``module`` gets a writable copy of its weight and drops its pack; returns
    ``module``.

    Args:
        module (Module): a model.

    Returns:
        Module: ``module``.

    Example::

        >>> model = cnnops.nn.utils.freeze(cnnops.nn.Linear(4, 2))
        >>> cnnops.nn.utils.unfreeze(model).weight.flags.writeable
        True
    """
    if not isinstance(module, Module):
        raise TypeError(f"unfreeze() expects a cnnops.nn.Module, got {type(module).__name__}")
    for m in module.modules():
        if isinstance(m, Linear) and m.__dict__.get("_packed") is not None:
            w = m.weight
            m._packed = None
            m.weight = Parameter(np.array(w, copy=True), requires_grad=w.requires_grad)
    return module
