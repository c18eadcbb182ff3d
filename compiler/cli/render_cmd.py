"""``sage200cfg render CONFIG|plan.json --at ISO``: the concrete requests, encoded and decoded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..report.escape import printable
from ._app import app

if TYPE_CHECKING:
    from datetime import datetime

    from ..plan.model import Instance, Plan, Resource


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
    transport: Annotated[
        str, typer.Option("--transport", help="hub, or sage200: the native Sage 200 requests "
                          "(path, $filter, $orderby, $top, headers redacted).")
    ] = "hub",
    api_url: Annotated[
        str | None, typer.Option("--api-url", help="sage200: the API base (default: Sage 200 "
                                 "Standard's).")
    ] = None,
) -> None:
    """Print each request the runtime would send if the last poll was at --at (or now).

    Configs are linted and compiled first (errors block, as in `compile`; with
    --transport sage200 resources with no native form block too, S411-S413).
    Exit status: 0 printed, 1 the configs do not compile or a plan resource has
    no native form, 2 usage error.
    """
    from ..plan.files import looks_like_plan
    from ..plan.preview import format_requests, parse_instant, render_requests, select
    from .plan_file import read_plan

    try:
        last_poll = parse_instant(at)
    except ValueError as exc:
        typer.echo(f"error: --at: {exc}", err=True)
        raise typer.Exit(2) from None
    if transport not in ("hub", "sage200"):
        typer.echo(f"error: --transport {transport!r}: use hub or sage200", err=True)
        raise typer.Exit(2)
    is_plan = len(paths) == 1 and looks_like_plan(paths[0])
    plan = read_plan(paths[0]) if is_plan else _compile(paths, transport)
    try:
        pairs = select(plan, resource)
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from None
    if not pairs:
        typer.echo("the plan has no resources: no instance has events enabled", err=True)
    if transport == "sage200":
        typer.echo(printable(_native(pairs, last_poll, api_url), multiline=True), nl=False)
        return
    text = format_requests(render_requests(pairs, last_poll), base_url)
    typer.echo(printable(text, multiline=True), nl=False)  # names come from configs


def _native(pairs: list[tuple[Instance, Resource]], last_poll: datetime,
            api_url: str | None) -> str:
    from ..compile.native import native_code, render_native
    from ..runtime.transports.native_query import NativeRefusal
    from ..runtime.transports.sage200 import DEFAULT_API_URL

    try:
        return render_native(pairs, last_poll, api_url or DEFAULT_API_URL)
    except NativeRefusal as exc:
        typer.echo(f"error: {native_code(exc)} {exc}", err=True)
        raise typer.Exit(1) from None


def _compile(paths: list[str], transport: str) -> Plan:
    from ..lint.options import LintOptions
    from .compile_cmd import compile_or_exit, print_outcome

    outcome = compile_or_exit(paths, strict=False, lint=LintOptions(transport=transport))
    if outcome.plan is None:
        print_outcome(outcome, err=True)
        raise typer.Exit(1)
    return outcome.plan
