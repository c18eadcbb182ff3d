"""Plan files on disk: read and check one, or tell a plan from a config."""

from __future__ import annotations

import json

from .errors import PlanError
from .model import Plan, loads

__all__ = ["PlanFileError", "looks_like_plan", "read_plan"]


class PlanFileError(PlanError):
    """The plan file cannot be read at all."""


def read_plan(path: str) -> Plan:
    """Load and check a plan file; a :class:`PlanError` says why it is unusable."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PlanFileError(f"cannot read plan {path}: {reason}") from None
    try:
        return loads(text)
    except PlanError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def looks_like_plan(path: str) -> bool:
    """A JSON file with top-level ``version`` and ``instances`` (not a config)."""
    if not path.endswith(".json"):
        return False
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "version" in data and "instances" in data
