"""Functional normalization ops (see cnnops.nn.modules.normalization for the module forms)."""
from __future__ import annotations

__all__: list[str] = []
