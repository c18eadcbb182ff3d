"""Reading a plan for a command: the checked plan, or exit 2 with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..plan.model import Plan

__all__ = ["read_plan"]


def read_plan(path: str) -> Plan:
    """The checked plan at ``path``, or exit 2 with the reason."""
    from ..plan.errors import PlanError
    from ..plan.files import read_plan as read

    try:
        return read(path)
    except PlanError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
