"""``sage200cfg lint``: fills ``LintOptions`` and hands over to the runner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app

_FORMATS = "text, json, github, sarif or junit"


def _codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@app.command("lint")
def lint_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders of JSON/YAML instance configs; '-' reads stdin."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Report format: {_FORMATS}.")
    ] = "text",
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes or prefixes (S2, S201, ALL).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these codes or prefixes.")] = None,
    include: Annotated[
        list[str] | None, typer.Option(help="Glob of files to lint inside folders.")
    ] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files to skip.")] = None,
    warnings_as_errors: Annotated[
        bool | None, typer.Option("--warnings-as-errors", help="Exit 1 on warnings too.")
    ] = None,
    exit_zero: Annotated[bool, typer.Option(help="Always exit 0 (report only).")] = False,
    config: Annotated[
        str | None, typer.Option(help="Settings file (default: nearest .sage200cfg.toml).")
    ] = None,
    fix: Annotated[bool, typer.Option(help="Apply safe fixes in place.")] = False,
    diff: Annotated[bool, typer.Option(help="Show the fixes as a diff; write nothing.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(help="Also apply unsafe fixes.")] = False,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour and source frames.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to a file.")
    ] = None,
    stdin_filename: Annotated[
        str | None, typer.Option(help="Name to report '-' (stdin) under; sets its format too.")
    ] = None,
    base_dir: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            file_okay=False,
            help="SARIF paths are relative to this folder (default: the git root).",
        ),
    ] = None,
    transport: Annotated[
        str, typer.Option("--transport", help="hub, or sage200: also check each resource "
                          "against the Sage 200 API itself (S411-S413).")
    ] = "hub",
) -> None:
    """Check instance configs: schema, copy errors, placeholders, dates, zones, catalog.

    Exit status: 0 no errors, 1 errors found, 2 usage or configuration error.
    """
    if transport not in ("hub", "sage200"):
        typer.echo(f"error: --transport {transport!r}: use hub or sage200", err=True)
        raise typer.Exit(2)
    from ..lint.options import LintOptions
    from ..lint.runner import run

    options = LintOptions(
        paths=paths or ["."],
        fmt=fmt,
        select=_codes(select),
        ignore=_codes(ignore) or [],
        include=include or [],
        exclude=exclude or [],
        warnings_as_errors=warnings_as_errors,
        exit_zero=exit_zero,
        config=config,
        fix=fix,
        diff=diff,
        unsafe_fixes=unsafe_fixes,
        color=color,
        output=output,
        stdin_filename=stdin_filename,
        base_dir=str(base_dir) if base_dir else None,
        transport=transport,
    )
    raise typer.Exit(run(options))
