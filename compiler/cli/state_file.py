"""Open an existing runtime state store for ``status`` and ``events``, or exit 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..runtime.store.base import StateStore

STATE_HELP = "SQLite state file, or a postgresql:// URI."


def open_state(state: str) -> StateStore:
    """The store at ``state``; a missing or unusable store is a clear exit 2."""
    from pathlib import Path

    from ..runtime.errors import StateFileError
    from ..runtime.store.open import open_store
    from ..runtime.store.uri import is_postgres

    if not is_postgres(state) and not Path(state).is_file():
        typer.echo(f"error: no state file at {state}", err=True)
        raise typer.Exit(2)
    try:
        return open_store(state)
    except StateFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
