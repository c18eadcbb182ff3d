"""Command line: a thin typer layer. Each command lives in its own module.

A command module registers itself on :data:`app` when imported. ``main``
imports only the module of the command being run (:data:`COMMANDS`): typer
builds the click tree of every registered command at each start, and a fleet
worker that starts ``run`` has no use for the other sixteen (50 ms of its
start). ``--help``, completion and anything unknown load them all, as does
reading ``app`` from this package.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["COMMANDS", "app", "load", "main"]

#: Top-level command -> the module that registers it. Modules load in this
#: order, which is the order ``--help`` lists them in: the pipeline's.
COMMANDS: dict[str, str] = {
    "lint": "lint_cmd",
    "rules": "docs_cmd", "rule": "docs_cmd", "schema": "docs_cmd",
    "catalog": "catalog_cmd",
    "generate": "generate_cmd",
    "init": "init_cmd",
    "compile": "compile_cmd",
    "plan": "plan_cmd",
    "render": "render_cmd",
    "auth": "auth_cmd",
    "run": "run_cmd",
    "status": "status_cmd",
    "events": "events_cmd",
    "db": "db_cmd",
    "simulate": "simulate_cmd",
    "demo": "demo_cmd",
}


def load(command: str | None = None) -> typer.Typer:
    """The app with ``command`` registered (None: every command)."""
    names = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    from ._app import app as typer_app

    return typer_app


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command(argv: list[str]) -> str | None:
    """The command ``argv`` runs, when only its module is needed."""
    if os.environ.get("_SAGE200CFG_COMPLETE"):  # completion lists every command
        return None
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main() -> None:
    """Console-script entry point: a bug prints one clear line, not a traceback."""
    app = load(_command(sys.argv[1:]))
    try:
        app(prog_name="sage200cfg")  # also under python -m: one completion variable
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("SAGE200CFG_DEBUG"):
            raise
        sys.stderr.write(
            f"sage200cfg: internal error: {type(exc).__name__}: {exc}\n"
            "Set SAGE200CFG_DEBUG=1 for the traceback, and please report it.\n"
        )
        sys.exit(2)
