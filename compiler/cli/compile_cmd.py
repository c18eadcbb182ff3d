"""``sage200cfg compile CONFIG|DIR... -o plan.json``: lint, then write the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from ..compile.runner import Outcome


def compile_or_exit(paths: list[str], strict: bool, timestamp: str | None = None,
                    transport: str = "hub") -> Outcome:
    """Lint and compile; exit 2 on a usage error."""
    from ..compile.runner import CompileSetupError, compile_paths

    try:
        return compile_paths(paths, strict, timestamp, transport)
    except CompileSetupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def print_outcome(outcome: Outcome, err: bool) -> None:
    """The findings (to ``err`` or stdout), then why nothing was compiled (stderr)."""
    from ..compile.runner import blocked_message, findings_text

    if text := findings_text(outcome):
        typer.echo(text.rstrip("\n"), err=err)
    if (blocked := blocked_message(outcome)) is not None:
        typer.echo(blocked, err=True)


@app.command("compile")
def compile_command(
    paths: Annotated[list[str], typer.Argument(help="Config files or folders ('-' is stdin).")],
    output: Annotated[str, typer.Option("--output", "-o", help="Plan file ('-' = stdout).")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings block compiling too.")] = False,
    timestamp: Annotated[
        bool, typer.Option("--timestamp", help="Record the compile time (plan bytes then vary).")
    ] = False,
    transport: Annotated[
        str, typer.Option("--transport", help="hub, or sage200: also check that every "
                          "resource can be polled from Sage 200 itself (S411-S413).")
    ] = "hub",
) -> None:
    """Lint the configs and compile them into one versioned polling plan.

    Lint errors block compiling (warnings too with --strict). Exit status: 0
    plan written, 1 findings blocked it, 2 usage error (no configs, bad -o).
    """
    from ..compile.runner import CompileSetupError, timestamp_now, write_plan
    from ..plan.model import dumps

    to_stdout = output == "-"
    target = Path(output)
    if not to_stdout and not target.parent.resolve().is_dir():
        typer.echo(f"error: cannot write {output}: folder {target.parent} does not exist", err=True)
        raise typer.Exit(2)
    outcome = compile_or_exit(paths, strict, timestamp_now() if timestamp else None, transport)
    print_outcome(outcome, err=to_stdout)
    if outcome.plan is None:
        raise typer.Exit(1)
    if to_stdout:
        typer.echo(dumps(outcome.plan), nl=False)
        return
    try:
        digest = write_plan(outcome.plan, output)
    except CompileSetupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    plan = outcome.plan
    typer.echo(f"compiled {len(plan.instances)} instance(s), {len(plan.resources())} "
               f"resource(s) -> {output} ({digest[:19]})", err=True)
