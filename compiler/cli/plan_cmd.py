"""``sage200cfg plan show plan.json``: the plan as a readable table, secrets redacted."""

from __future__ import annotations

from typing import Annotated

import typer

from ..report.escape import printable
from ._app import app
from .plan_file import read_plan

plan_app = typer.Typer(help="Inspect compiled plans.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


@plan_app.command("show")
def show_command(
    path: Annotated[str, typer.Argument(help="A plan written by `sage200cfg compile`.")],
) -> None:
    """Print instances, resources, intervals and destinations. Secrets show as $ENV names.

    Exit status: 0 shown, 2 the file is missing or not a valid plan.
    """
    from ..plan.table import format_plan

    typer.echo(printable(format_plan(read_plan(path)), multiline=True), nl=False)
