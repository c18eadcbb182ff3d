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
        str | None,
        typer.Option("--base-url", envvar="SAGE200CFG_BASE_URL",
                     help="Hub API base, e.g. https://…/elements/api-v2 (--transport hub)."),
    ] = None,
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
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Log every retry and every poll.")] = False,
    # Service mode (issue 11)
    poll_workers: Annotated[
        int, typer.Option("--poll-workers", min=1, max=64,
                          help="Polls running at once (each holds up to two pages in memory).")
    ] = 2,
    overlap: Annotated[
        float, typer.Option("--overlap", min=0, help="Seconds each poll window reaches back "
                            "before the previous poll (late commits, clock skew).")
    ] = 120.0,
    reset_watermarks: Annotated[
        bool, typer.Option("--reset-watermarks",
                           help="With --since: start resources that have a watermark again.")
    ] = False,
    poll_deadline: Annotated[
        float, typer.Option("--poll-deadline", min=1, help="Seconds a poll may take.")
    ] = 900.0,
    metrics_addr: Annotated[
        str | None, typer.Option("--metrics-addr", metavar="HOST:PORT",
                                 help="Serve /metrics, /healthz and a status page.")
    ] = None,
    log_format: Annotated[
        str, typer.Option("--log-format", help="text or json (one object per line).")
    ] = "text",
    transport: Annotated[
        str, typer.Option("--transport", help="hub (a Cloud Elements-style hub) or sage200 "
                          "(the Sage 200 API itself, with --auth-file).")
    ] = "hub",
    auth_file: Annotated[
        str | None, typer.Option("--auth-file", help="sage200: the file `auth login` wrote.")
    ] = None,
    api_url: Annotated[
        str | None, typer.Option("--api-url", help="sage200: API base (default: Sage 200 "
                                 "Standard's, or Professional's with --edition).")
    ] = None,
    token_url: Annotated[
        str | None, typer.Option("--token-url", help="sage200: Sage ID token URL "
                                 "(default: the auth file's).")
    ] = None,
    edition: Annotated[
        str, typer.Option("--edition", help="sage200: standard or professional.")
    ] = "standard",
) -> None:
    """Run a compiled plan: poll each resource, queue events durably, deliver them.

    Exit status with --once: 0 all delivered, 3 deliveries still pending after
    --drain-timeout, 1 a poll failed, a notification was dead-lettered or the
    delivery process died,
    2 usage error (bad plan, missing secret variable, insecure URL, --since on
    a state with watermarks without --reset-watermarks). Without --once it
    runs until SIGTERM or SIGINT (0, within 30 s, the page in hand committed),
    or 1 when the delivery process cannot be kept running.

    With --state postgresql://... any number of workers started with the same
    plan share the work; --once then polls every resource that is due and not
    leased by another worker.
    """
    from pathlib import Path

    from ..runtime.engine import RunOptions
    from ..runtime.errors import SetupError
    from ..runtime.service import delivery_in_process, parse_since, serve
    from ..runtime.store.uri import is_postgres
    from .plan_file import read_plan

    if log_format not in ("text", "json"):
        typer.echo(f"error: --log-format must be text or json, not {log_format!r}", err=True)
        raise typer.Exit(2)
    plan = read_plan(plan_path)
    try:
        url = _api_base(transport, base_url, api_url, edition)
        options = RunOptions(
            transport=transport, auth_file=Path(auth_file) if auth_file else None,
            token_url=token_url, base_url=url, state=state if is_postgres(state) else Path(state),
            auth_header=auth_header, once=once, lease_ttl=lease_ttl,
            drain_timeout=drain_timeout, since=parse_since(since), allow_http=allow_http,
            ca_bundle=ca_bundle, workers=workers, delivery_process=not delivery_in_process(),
            poll_workers=poll_workers, overlap=overlap, reset_watermarks=reset_watermarks,
            poll_deadline=poll_deadline, metrics_addr=metrics_addr, log_format=log_format,
        )
        code = serve(plan, options, verbose)
    except SetupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _api_base(transport: str, base_url: str | None, api_url: str | None, edition: str) -> str:
    """The API base for the transport; SetupError for a wrong combination."""
    from ..runtime.errors import SetupError

    if transport == "hub":
        if base_url is None:
            raise SetupError("--transport hub needs --base-url (or SAGE200CFG_BASE_URL)")
        return base_url
    from ..runtime.transports.sage200 import DEFAULT_API_URL, PROFESSIONAL_API_URL

    if transport != "sage200":
        raise SetupError(f"--transport {transport!r}: use hub or sage200")
    if edition not in ("standard", "professional"):
        raise SetupError(f"--edition {edition!r}: use standard or professional")
    default = PROFESSIONAL_API_URL if edition == "professional" else DEFAULT_API_URL
    return api_url or default
