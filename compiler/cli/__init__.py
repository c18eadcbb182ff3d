"""Command line: a thin typer layer. Each command lives in its own module."""

from __future__ import annotations

# Each command module registers itself on `app` when imported; the import order
# is the order `--help` lists them in, which is the pipeline's.
# isort: off
from . import lint_cmd, docs_cmd, generate_cmd, init_cmd  # noqa: F401
from . import compile_cmd, plan_cmd, render_cmd  # noqa: F401
from . import auth_cmd, run_cmd, status_cmd, events_cmd, db_cmd, simulate_cmd, demo_cmd  # noqa: F401

# isort: on
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
