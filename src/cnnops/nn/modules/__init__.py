"""cnnops.nn modules, one file per op family."""
from .module import Module  # noqa: F401
from .container import Sequential, ModuleList  # noqa: F401
from .activation import *  # noqa: F401,F403
from .activation import __all__ as _act_all
from .softmax import *  # noqa: F401,F403
from .softmax import __all__ as _soft_all
from .linear import *  # noqa: F401,F403
from .linear import __all__ as _lin_all
from .pooling import *  # noqa: F401,F403
from .pooling import __all__ as _pool_all
from .normalization import *  # noqa: F401,F403
from .normalization import __all__ as _norm_all

__all__ = ["Module", "Sequential", "ModuleList", *_act_all, *_soft_all, *_lin_all, *_pool_all, *_norm_all]
