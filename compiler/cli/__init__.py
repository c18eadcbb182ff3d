"""Command line: a thin typer layer. Each command lives in its own module."""

from __future__ import annotations

# Each command module registers itself on `app` when imported.
from . import (  # noqa: F401
    compile_cmd,
    demo_cmd,
    docs_cmd,
    events_cmd,
    generate_cmd,
    init_cmd,
    lint_cmd,
    plan_cmd,
    render_cmd,
    run_cmd,
    simulate_cmd,
    status_cmd,
)
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: a bug prints one clear line, not a traceback."""
    import os
    import sys

    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("SAGE200CFG_DEBUG"):
            raise
        sys.stderr.write(
            f"sage200cfg: internal error: {type(exc).__name__}: {exc}\n"
            "Set SAGE200CFG_DEBUG=1 for the traceback, and please report it.\n"
        )
        sys.exit(2)
