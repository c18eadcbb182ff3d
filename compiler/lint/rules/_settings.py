"""Shared reading of instance settings for the S27x rules (not a rule itself)."""

from __future__ import annotations

from typing import Any

from ...secrets import ENV_REF, SECRET_KEYS, env_name, has_env_ref, instance_prefix
from ..context import LintContext

__all__ = [
    "CALLBACK",
    "ENABLED",
    "ENV_REF",
    "PASSWORD",
    "SECRET_KEYS",
    "USERNAME",
    "blank",
    "env_name",
    "events_enabled",
    "has_env_ref",
    "instance_prefix",
]

ENABLED = "event.notification.enabled"
CALLBACK = "event.notification.callback.url"
USERNAME = "event.notification.basic.username"
PASSWORD = "event.notification.basic.password"


def blank(value: Any) -> bool:
    """An empty or whitespace-only string (other types are the schema's business)."""
    return isinstance(value, str) and not value.strip()


def events_enabled(ctx: LintContext) -> bool:
    """``event.notification.enabled`` as Cloud Elements reads it (default false)."""
    value = ctx.setting(ENABLED)
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True
