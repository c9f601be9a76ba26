"""Functional linear ops (see cnnops.nn.modules.linear for the module forms)."""
from __future__ import annotations

__all__: list[str] = []
