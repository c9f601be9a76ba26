"""cnnops.functional: the functional API, as ``torch.nn.functional``.

One private module per op family; this package re-exports them all.
"""
from ._activation import *  # noqa: F401,F403
from ._activation import __all__ as _act_all
from ._softmax import *  # noqa: F401,F403
from ._softmax import __all__ as _soft_all
from ._linear import *  # noqa: F401,F403
from ._linear import __all__ as _lin_all
from ._pooling import *  # noqa: F401,F403
from ._pooling import __all__ as _pool_all
from ._normalization import *  # noqa: F401,F403
from ._normalization import __all__ as _norm_all

__all__ = [*_act_all, *_soft_all, *_lin_all, *_pool_all, *_norm_all]
