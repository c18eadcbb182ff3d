"""``sage200cfg compile CONFIG|DIR... -o plan.json``: lint, then write the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from ..compile.pipeline import Outcome


def run_pipeline(paths: list[str], strict: bool, timestamp: str | None = None) -> Outcome:
    """Lint and compile; exit 2 on bad settings or when there is nothing to compile."""
    from ..compile.pipeline import lint_and_compile
    from ..lint.settings import SettingsError

    try:
        outcome = lint_and_compile(paths, strict, timestamp)
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if outcome.files == 0:
        typer.echo("error: no config files found in " + " ".join(paths), err=True)
        raise typer.Exit(2)
    return outcome


def print_outcome(outcome: Outcome, err: bool = False) -> None:
    """Findings as ``lint`` prints them, then why nothing was compiled (if so)."""
    from ..report import render_findings

    if outcome.findings:
        text = render_findings(outcome.findings, "text", checked_files=list(outcome.sources),
                               warnings_as_errors=outcome.strict)
        typer.echo(text.rstrip("\n"), err=err)
    if outcome.plan is None:
        what = "errors (or warnings, with --strict)" if outcome.strict else "errors"
        typer.echo(f"error: not compiled: {outcome.stage} reported {what}; fix them and "
                   "run again", err=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so readers see the old file or the new one, never half of one."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command("compile")
def compile_command(
    paths: Annotated[list[str], typer.Argument(help="Config files or folders ('-' is stdin).")],
    output: Annotated[str, typer.Option("--output", "-o", help="Plan file ('-' = stdout).")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings block compiling too.")] = False,
    timestamp: Annotated[
        bool, typer.Option("--timestamp", help="Record the compile time (plan bytes then vary).")
    ] = False,
) -> None:
    """Lint the configs and compile them into one versioned polling plan.

    Lint errors block compiling (warnings too with --strict). Exit status: 0
    plan written, 1 findings blocked it, 2 usage error (no configs, bad -o).
    """
    from ..plan.model import dump

    to_stdout = output == "-"
    target = Path(output)
    if not to_stdout and not target.parent.resolve().is_dir():
        typer.echo(f"error: cannot write {output}: folder {target.parent} does not exist", err=True)
        raise typer.Exit(2)
    stamp = None
    if timestamp:
        from datetime import UTC, datetime

        stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    outcome = run_pipeline(paths, strict, stamp)
    print_outcome(outcome, err=to_stdout)
    if outcome.plan is None:
        raise typer.Exit(1)
    text, digest = dump(outcome.plan)
    if to_stdout:
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(target, text)
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    plan = outcome.plan
    typer.echo(f"compiled {len(plan.instances)} instance(s), {len(plan.resources())} "
               f"resource(s) -> {output} ({digest[:19]})", err=True)
