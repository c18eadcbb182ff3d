"""``sage200cfg run PLAN``: poll the hub and deliver events, once or on schedule."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app

_STATE_DEFAULT = "./sage200cfg-state.db"


@app.command("run")
def run_command(
    plan_path: Annotated[str, typer.Argument(metavar="PLAN", help="A compiled plan.json.")],
    base_url: Annotated[
        str,
        typer.Option("--base-url", envvar="SAGE200CFG_BASE_URL",
                     help="Hub API base, e.g. https://…/elements/api-v2."),
    ],
    auth_header: Annotated[
        str | None,
        typer.Option("--auth-header", envvar="SAGE200CFG_AUTHORIZATION", show_envvar=True,
                     help="Authorization header for API requests (User …, Organization …, "
                     "Element …)."),
    ] = None,
    state: Annotated[str, typer.Option(
        "--state", help="SQLite state file, or a postgresql:// URI shared by several workers."
    )] = _STATE_DEFAULT,
    once: Annotated[bool, typer.Option("--once", help="One cycle, deliver, exit.")] = False,
    drain_timeout: Annotated[
        float, typer.Option("--drain-timeout", min=0,
                            help="With --once: seconds to keep delivering.")
    ] = 30.0,
    since: Annotated[
        str | None,
        typer.Option("--since", help="First watermark (ISO-8601) for resources that have none."),
    ] = None,
    allow_http: Annotated[
        bool, typer.Option("--allow-http", help="Allow plain http to non-loopback hosts.")
    ] = False,
    ca_bundle: Annotated[
        str | None, typer.Option("--ca-bundle", help="CA bundle for TLS verification.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="Delivery threads.")] = 4,
    lease_ttl: Annotated[float, typer.Option(
        "--lease-ttl", min=1,
        help="Seconds after which a dead worker's poll leases are taken over.")] = 60.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every retry.")] = False,
) -> None:
    """Run a compiled plan: poll each resource, queue events durably, deliver them.

    Exit status with --once: 0 all delivered, 3 deliveries still pending after
    --drain-timeout, 1 a poll failed, a notification was dead-lettered or the
    delivery process died,
    2 usage error (bad plan, missing secret variable, insecure URL). Without
    --once it runs until SIGTERM or SIGINT, finishing the page in hand.

    With --state postgresql://... any number of workers started with the same
    plan share the work; --once then polls every resource that is due and not
    leased by another worker.
    """
    from pathlib import Path

    from ..runtime.engine import RunOptions
    from ..runtime.errors import SetupError
    from ..runtime.service import delivery_in_process, parse_since, serve
    from ..runtime.store.uri import is_postgres
    from .plan_cmd import read_plan

    plan = read_plan(plan_path)
    try:
        options = RunOptions(
            base_url=base_url, state=state if is_postgres(state) else Path(state),
            auth_header=auth_header, once=once, lease_ttl=lease_ttl,
            drain_timeout=drain_timeout, since=parse_since(since), allow_http=allow_http,
            ca_bundle=ca_bundle, workers=workers, delivery_process=not delivery_in_process(),
        )
        code = serve(plan, options, verbose)
    except SetupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)
