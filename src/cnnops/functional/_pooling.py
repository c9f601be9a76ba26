"""Functional pooling ops (see cnnops.nn.modules.pooling for the module forms)."""
from __future__ import annotations

__all__: list[str] = []
