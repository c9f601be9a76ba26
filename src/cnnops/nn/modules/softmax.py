"""Softmax-family modules (thin wrappers over cnnops.functional)."""
from __future__ import annotations

__all__: list[str] = []
