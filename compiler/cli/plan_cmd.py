"""``sage200cfg plan show plan.json``: the plan as a readable table, secrets redacted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from ..plan.model import Plan

plan_app = typer.Typer(help="Inspect compiled plans.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


def read_plan(path: str) -> Plan:
    """Load and check a plan file; exit 2 with the reason when it is unusable."""
    from ..plan.errors import PlanError
    from ..plan.model import loads

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        typer.echo(f"error: cannot read plan {path}: {reason}", err=True)
        raise typer.Exit(2) from None
    try:
        return loads(text)
    except PlanError as exc:
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(2) from None


def looks_like_plan(path: str) -> bool:
    """A JSON file with top-level ``version`` and ``instances`` (not a config)."""
    import json

    if not path.endswith(".json"):
        return False
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "version" in data and "instances" in data


@plan_app.command("show")
def show_command(
    path: Annotated[str, typer.Argument(help="A plan written by `sage200cfg compile`.")],
) -> None:
    """Print instances, resources, intervals and destinations. Secrets show as $ENV names.

    Exit status: 0 shown, 2 the file is missing or not a valid plan.
    """
    from ..plan.table import format_plan

    typer.echo(format_plan(read_plan(path)), nl=False)
