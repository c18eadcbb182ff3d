"""Helpers for native-transport tests: an auth file for the simulator's Sage ID, native runs."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path

from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV, Sim, cli

from sage200cfg.plan.model import Plan
from sage200cfg.runtime.auth.filestore import AuthProfile, FileTokenStore
from sage200cfg.runtime.auth.tokens import Tokens
from sage200cfg.runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET

ID_ENV, SECRET_ENV = "RT_SAGE_CLIENT_ID", "RT_SAGE_CLIENT_SECRET"
COMPANY = "Cloud-Elements Demodata"
NATIVE_ENV = {ID_ENV: CLIENT_ID, SECRET_ENV: CLIENT_SECRET}


def auth_file(sim: Sim, folder: Path, instance: str = "testInstance",
              company: str = COMPANY) -> Path:
    """An auth file holding a refresh token the simulator's Sage ID just issued."""
    path = folder / "sage-auth.json"
    refresh = sim.call("/_sim/oauth/issue", {})["refresh_token"]
    profile = AuthProfile(sim.sim.token_url, ID_ENV, SECRET_ENV, {instance: company})
    FileTokenStore(path).create(profile, Tokens(refresh))
    return path


def run_native(sim: Sim, plan: Plan, state: Path, auth: Path, *, since: str | None = None,
               drain_timeout: float = 10.0, workers: int = 4, api_timeout: float = 30.0) -> int:
    """One ``--once`` cycle of the native transport in this process."""
    from sage200cfg.runtime.engine import RunOptions, run
    from sage200cfg.runtime.transports.base import ApiRetry

    for name, value in {KEY_ENV: KEY, PW_ENV: PASSWORD, **NATIVE_ENV}.items():
        os.environ.setdefault(name, value)
    options = RunOptions(
        base_url=sim.sim.native_base, state=state, once=True, drain_timeout=drain_timeout,
        since=datetime.fromisoformat(since) if since else None, api_retry=ApiRetry(base=0.01),
        api_timeout=api_timeout, workers=workers, transport="sage200", auth_file=auth,
    )
    return run(plan, options, threading.Event())


def native_cli(sim: Sim, plan_path: Path, state: Path, auth: Path, *extra: str):  # type: ignore[no-untyped-def]
    """``sage200cfg run PLAN --once --transport sage200`` as a subprocess."""
    return cli("run", str(plan_path), "--once", "--transport", "sage200", "--auth-file",
               str(auth), "--api-url", sim.sim.native_base, "--state", str(state), *extra,
               env=NATIVE_ENV)
