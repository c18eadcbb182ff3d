"""``sage200cfg events replay --state PATH [--dead]``: send notifications again."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app
from .state_file import STATE_HELP, open_state

events_app = typer.Typer(help="Inspect and replay queued notifications.", no_args_is_help=True)
app.add_typer(events_app, name="events")


@events_app.command("replay")
def replay_command(
    state: Annotated[str, typer.Option("--state", help=STATE_HELP)] = (
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
    store = open_state(state)
    try:
        count = store.requeue_dead() if dead else store.due_now()
    finally:
        store.close()
    what = "dead-lettered" if dead else "pending"
    typer.echo(f"re-queued {count} {what} notification{'s' if count != 1 else ''}")
