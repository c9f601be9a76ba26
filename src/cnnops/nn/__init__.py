"""cnnops.nn: PyTorch-style layers over cnnops.functional."""
from . import init  # noqa: F401
from . import utils  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import __all__ as _modules_all
from .parameter import Parameter  # noqa: F401

__all__ = ["Parameter", "init", "utils", *_modules_all]
