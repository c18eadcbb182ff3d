"""Open an existing runtime state file for ``status`` and ``events``, or exit 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..runtime.store.sqlite import SqliteStore


def open_state(state: str) -> SqliteStore:
    """The store at ``state``; a missing or unusable file is a clear exit 2."""
    from pathlib import Path

    from ..runtime.errors import StateFileError
    from ..runtime.store.sqlite import SqliteStore

    if not Path(state).is_file():
        typer.echo(f"error: no state file at {state}", err=True)
        raise typer.Exit(2)
    try:
        return SqliteStore(state)
    except StateFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
