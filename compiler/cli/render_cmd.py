"""``sage200cfg render CONFIG|plan.json --at ISO``: the concrete requests, encoded and decoded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from ..plan.model import Plan


@app.command("render")
def render_command(
    paths: Annotated[list[str], typer.Argument(help="A plan.json, or config files/folders.")],
    at: Annotated[
        str | None,
        typer.Option("--at", help="Last poll time, e.g. 2026-01-01T00:00:00Z (default: now)."),
    ] = None,
    resource: Annotated[
        str | None, typer.Option("--resource", help="Only this resource (or instance/resource).")
    ] = None,
    base_url: Annotated[str, typer.Option("--base-url", help="Prefix the API base URL.")] = "",
) -> None:
    """Print each request the runtime would send if the last poll was at --at (or now).

    Configs are linted and compiled first (errors block, as in `compile`).
    Exit status: 0 printed, 1 the configs do not compile, 2 usage error.
    """
    from ..plan.files import looks_like_plan
    from ..plan.preview import format_requests, parse_instant, render_requests, select
    from .plan_cmd import read_plan

    try:
        last_poll = parse_instant(at)
    except ValueError as exc:
        typer.echo(f"error: --at: {exc}", err=True)
        raise typer.Exit(2) from None
    is_plan = len(paths) == 1 and looks_like_plan(paths[0])
    plan = read_plan(paths[0]) if is_plan else _compile(paths)
    try:
        pairs = select(plan, resource)
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from None
    if not pairs:
        typer.echo("the plan has no resources: no instance has events enabled", err=True)
    typer.echo(format_requests(render_requests(pairs, last_poll), base_url), nl=False)


def _compile(paths: list[str]) -> Plan:
    from .compile_cmd import compile_or_exit, print_outcome

    outcome = compile_or_exit(paths, strict=False)
    if outcome.plan is None:
        print_outcome(outcome, err=True)
        raise typer.Exit(1)
    return outcome.plan
