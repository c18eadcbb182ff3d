"""``sage200cfg demo``: the simulator, the sink and the sample plan, live."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app


@app.command("demo")
def demo_command(
    cycles: Annotated[int, typer.Option("--cycles", min=1, help="Poll cycles to run.")] = 5,
    interval: Annotated[int, typer.Option("--interval", min=1,
                                          help="Seconds between cycles.")] = 2,
    rate: Annotated[float, typer.Option("--rate", min=0, help="Changes per second.")] = 25.0,
    state: Annotated[str | None, typer.Option("--state", help="Keep state here.")] = None,
    api: Annotated[str, typer.Option("--api", help="hub, or sage200: poll the native API "
                                     "with Sage ID tokens.")] = "hub",
) -> None:
    """Run the sample plan against the simulator and a signing sink, live.

    Starts the Sage 200 simulator and a callback sink that checks signatures,
    then runs a few poll cycles while showing the events as they flow.

    Exit status: 0 every change the simulator made was delivered, 1 some were not.
    """
    import os
    import secrets
    import tempfile
    import threading
    import time
    from dataclasses import replace
    from datetime import UTC, datetime
    from pathlib import Path

    from ..runtime.engine import RunOptions, run
    from ..runtime.logs import setup_logging
    from ..runtime.simulator.demo import DemoHarness
    from ..runtime.simulator.plans import SAMPLE_RESOURCES, sample_plan

    if api not in ("hub", "sage200"):
        typer.echo(f"error: --api {api!r}: use hub or sage200", err=True)
        raise typer.Exit(2)
    from ..runtime.simulator.native_demo import demo_auth_file, native_sample_resources

    resources = native_sample_resources() if api == "sage200" else SAMPLE_RESOURCES
    key_env, password_env = "SAGE200CFG_DEMO_SIGNATURE_KEY", "SAGE200CFG_DEMO_PASSWORD"
    os.environ.setdefault(key_env, secrets.token_urlsafe(24))
    os.environ.setdefault(password_env, secrets.token_urlsafe(12))
    # The first watermark must precede the simulator's first change.
    start = datetime.now(UTC)
    harness = DemoHarness(rate, os.environ[key_env], "CompanyName123", os.environ[password_env],
                          resources)
    plan = sample_plan(harness.sim.sink_url, interval=interval, signature_env=key_env,
                       password_env=password_env, resources=resources)
    folder = tempfile.mkdtemp(prefix="sage200cfg-demo-")
    native = api == "sage200"
    base = harness.sim.native_base if native else harness.sim.api_base
    options = RunOptions(
        base_url=base, state=Path(state or f"{folder}/state.db"), once=True,
        drain_timeout=10, since=start, transport=api,
        auth_file=demo_auth_file(harness.sim, Path(folder), plan.instances[0].name)
        if native else None,
    )
    typer.echo(f"simulator {base}; sink {harness.sim.sink_url}; "
               f"{len(plan.resources())} resources; {rate:g} changes/s")
    setup_logging(False)
    import logging

    logging.getLogger("sage200cfg").setLevel(logging.WARNING)
    for cycle in range(1, cycles + 1):
        if cycle == cycles:
            harness.pause_changes()  # the last cycle catches up with everything made
        worker = threading.Thread(target=run, args=(plan, options, threading.Event()))
        worker.start()
        while worker.is_alive():
            worker.join(0.5)
            typer.echo(harness.line(cycle))
        options = replace(options, since=None)  # later cycles go on from the watermarks
        if cycle < cycles:
            time.sleep(interval)
    states, missing, duplicates = harness.verdict()
    typer.echo(f"done: {harness.made()} changes to {states} records; latest change of each "
               f"record: {missing} not delivered; {duplicates} duplicate events; "
               f"state in {options.state}")
    harness.stop()
    raise typer.Exit(0 if missing == 0 else 1)
