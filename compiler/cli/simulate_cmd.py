"""``sage200cfg simulate``: a Sage 200 hub (or the native API) and callback sink on loopback."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app


@app.command("simulate")
def simulate_command(
    port: Annotated[int, typer.Option("--port", help="TCP port (0 picks a free one).")] = 8200,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    records: Annotated[int, typer.Option("--records", min=0,
                                         help="Seeded records per resource.")] = 20,
    rate: Annotated[float, typer.Option("--rate", min=0,
                                        help="Creates+updates per second.")] = 0.0,
    create_fraction: Annotated[
        float, typer.Option("--create-fraction", min=0, max=1, help="Share of creates.")
    ] = 0.5,
    auth_header: Annotated[
        str | None, typer.Option("--auth-header", envvar="SAGE200CFG_SIM_AUTHORIZATION",
                                 help="Require this Authorization value on API calls."),
    ] = None,
    sink_key: Annotated[
        str | None, typer.Option("--sink-key", envvar="SAGE200CFG_SINK_KEY",
                                 help="Signature key the sink verifies."),
    ] = None,
    sink_username: Annotated[str | None, typer.Option("--sink-username")] = None,
    sink_password: Annotated[
        str | None, typer.Option("--sink-password", envvar="SAGE200CFG_SINK_PASSWORD")
    ] = None,
    ready_file: Annotated[
        str | None, typer.Option("--ready-file", help="Write the URLs here as JSON once up.")
    ] = None,
    api: Annotated[str, typer.Option("--api", help="What to announce: hub, or sage200 (the "
                                     "native API with Sage ID); both are always served.")
                   ] = "hub",
    access_ttl: Annotated[float, typer.Option("--access-ttl", min=0.1,
                                              help="Sage ID access token lifetime, s.")] = 300,
) -> None:
    """Serve a Cloud Elements-style Sage 200 hub and a callback sink until stopped.

    API base: http://HOST:PORT/elements/api-v2 ; sink: http://HOST:PORT/sink ;
    control and counters: http://HOST:PORT/_sim/... (see the README).
    With --api sage200 it announces the native API
    (http://HOST:PORT/uk/sage200/accounts/v1), Sage ID's authorize and token
    URLs and the simulator's OAuth client id and secret.
    Exit status: 0 stopped by SIGINT/SIGTERM, 2 the port cannot be bound.
    """
    import asyncio
    import json
    import signal

    from ..atomic import write_text
    from ..runtime.simulator.app import SimConfig, Simulator
    from ..runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET

    if api not in ("hub", "sage200"):
        typer.echo(f"error: --api {api!r}: use hub or sage200", err=True)
        raise typer.Exit(2)

    sim = Simulator(SimConfig(
        host=host, port=port, auth_header=auth_header, sink_key=sink_key,
        sink_username=sink_username, sink_password=sink_password, records=records, rate=rate,
        create_fraction=create_fraction, access_ttl=access_ttl,
    ))

    async def main() -> None:
        ready = asyncio.Event()
        task = asyncio.create_task(sim.serve_forever(ready))
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        info = {"api_base": sim.api_base, "sink_url": sim.sink_url, "port": sim.server.port,
                "native_base": sim.native_base, "authorize_url": sim.authorize_url,
                "token_url": sim.token_url}
        if api == "sage200":
            typer.echo(f"simulator: Sage 200 API {sim.native_base}  sink {sim.sink_url}\n"
                       f"  Sage ID: --authorize-url '{sim.authorize_url}' "
                       f"--token-url {sim.token_url}\n"
                       f"  OAuth client (the simulator's own): id {CLIENT_ID} "
                       f"secret {CLIENT_SECRET}")
        else:
            typer.echo(f"simulator: API base {sim.api_base}  sink {sim.sink_url}")
        if ready_file:
            write_text(ready_file, json.dumps(info))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        task.cancel()

    try:
        asyncio.run(main())
    except OSError as exc:
        typer.echo(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
