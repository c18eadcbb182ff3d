"""``python -m sage200cfg``."""

from __future__ import annotations

from .cli import main

main()
