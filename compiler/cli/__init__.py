"""Command line: a thin typer layer. Each command lives in its own module."""

from __future__ import annotations

# Each command module registers itself on `app` when imported.
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
