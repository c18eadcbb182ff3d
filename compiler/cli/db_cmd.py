"""``sage200cfg db migrate --state postgresql://...``: create or upgrade the schema."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app

db_app = typer.Typer(help="Manage a PostgreSQL state database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("migrate")
def migrate_command(
    state: Annotated[str, typer.Option("--state", help="The postgresql:// URI.")],
) -> None:
    """Create the schema, or apply the migrations it lacks (versioned, idempotent).

    Safe to run while workers are stopped or by several operators at once
    (an advisory lock serialises it). Exit status: 0 the schema is current,
    2 not a PostgreSQL URI, the database cannot be reached, or its schema is
    newer than this sage200cfg.
    """
    from ..runtime.errors import StateFileError
    from ..runtime.store.uri import is_postgres, redact_uri

    if not is_postgres(state):
        typer.echo("error: db migrate needs a postgresql:// URI; an SQLite state file is "
                   "created by `sage200cfg run`", err=True)
        raise typer.Exit(2)
    try:
        from ..runtime.store.pg_schema import run_migrations

        before, applied, now = run_migrations(state)
    except ImportError as exc:
        typer.echo(f"error: PostgreSQL needs psycopg ({exc.name} is missing): "
                   "pip install 'sage200cfg[postgres]'", err=True)
        raise typer.Exit(2) from None
    except StateFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    where = redact_uri(state)
    if not applied:
        typer.echo(f"{where}: schema is current (version {now})")
        return
    was = "empty" if before is None else f"version {before}"
    names = ", ".join(f"{m.version:04d}_{m.name}" for m in applied)
    typer.echo(f"{where}: schema {was} -> version {now} (applied {names})")
