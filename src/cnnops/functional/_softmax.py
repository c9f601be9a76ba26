"""Functional softmax family (see cnnops.nn.modules.softmax for the module forms)."""
from __future__ import annotations

__all__: list[str] = []
