"""sage200cfg: lint, generate, compile and run Sage 200 event polling configs."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
