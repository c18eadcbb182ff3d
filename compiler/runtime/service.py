"""``sage200cfg run`` as a process: options from the command line, signals, logs.

The CLI parses flags and calls :func:`serve`; everything a process needs
beyond :func:`~.engine.run` (turning ``--since`` into an instant, stopping on
SIGTERM/SIGINT, the environment's knobs) lives here, where tests can call it.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from datetime import UTC, datetime

from ..plan.model import Plan
from .engine import RunOptions, run
from .errors import SetupError
from .logs import setup_logging

__all__ = ["delivery_in_process", "parse_since", "serve"]


def parse_since(text: str | None) -> datetime | None:
    """``--since`` as an aware instant (naive means UTC); SetupError when unreadable."""
    if text is None:
        return None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise SetupError(f"--since {text!r} is not an ISO-8601 date-time") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def delivery_in_process() -> bool:
    """True when SAGE200CFG_DELIVERY_THREADS=1 asks for delivery threads in this process."""
    return os.environ.get("SAGE200CFG_DELIVERY_THREADS") == "1"


def serve(plan: Plan, options: RunOptions, verbose: bool = False) -> int:
    """Run until done (``--once``) or until SIGTERM/SIGINT; returns the exit status."""
    setup_logging(verbose, options.log_format)
    # Delivery threads wait on sockets while the poller computes; a shorter GIL
    # switch interval lets them answer sooner (measured in bench/README.md).
    sys.setswitchinterval(0.001)
    # The plan and the modules live as long as the process: out of the
    # collector's sight, a fleet's plan of thousands of resources is not
    # traversed by every full collection (and the forked delivery process
    # shares their pages instead of copying them).
    gc.freeze()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return run(plan, options, stop)
