"""``sage200cfg events replay --state PATH [--dead]``: send notifications again."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app

events_app = typer.Typer(help="Inspect and replay queued notifications.", no_args_is_help=True)
app.add_typer(events_app, name="events")


@events_app.command("replay")
def replay_command(
    state: Annotated[str, typer.Option("--state", help="SQLite state file.")] = (
        "./sage200cfg-state.db"
    ),
    dead: Annotated[
        bool, typer.Option("--dead", help="Re-queue dead-lettered notifications.")
    ] = False,
) -> None:
    """Re-queue notifications for the next `sage200cfg run`.

    With --dead, dead letters become pending again with a fresh retry budget.
    Without it, pending notifications waiting out a backoff become due now.
    Exit status: 0 done, 2 the state file does not exist or cannot be used.
    """
    from pathlib import Path

    from ..runtime.errors import StateFileError
    from ..runtime.sqlite_store import SqliteStore

    if not Path(state).is_file():
        typer.echo(f"error: no state file at {state}", err=True)
        raise typer.Exit(2)
    try:
        store = SqliteStore(state)
    except StateFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        count = store.requeue_dead() if dead else store.due_now()
    finally:
        store.close()
    what = "dead-lettered" if dead else "pending"
    typer.echo(f"re-queued {count} {what} notification{'s' if count != 1 else ''}")
