"""The typer application that every command module registers on.

Command modules import their heavy dependencies inside the command body so
that ``sage200cfg lint one.json`` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__

app = typer.Typer(
    name="sage200cfg",
    help="Lint, generate, compile and run Sage 200 event polling configs.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sage200cfg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Lint, generate, compile and run Sage 200 event polling configs."""
