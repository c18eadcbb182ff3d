"""Shared reading of instance settings for the S27x rules (not a rule itself)."""

from __future__ import annotations

import re
from typing import Any

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
]

ENABLED = "event.notification.enabled"
CALLBACK = "event.notification.callback.url"
USERNAME = "event.notification.basic.username"
PASSWORD = "event.notification.basic.password"
SECRET_KEYS = (
    "oauth.api.key",
    "oauth.api.secret",
    "subscription.key",
    "signing.key",
    PASSWORD,
    "event.notification.signature.key",
)
#: ``${env:NAME}``: the value is read from the environment when the plan runs.
ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def blank(value: Any) -> bool:
    """An empty or whitespace-only string (other types are the schema's business)."""
    return isinstance(value, str) and not value.strip()


def has_env_ref(value: Any) -> bool:
    return isinstance(value, str) and ENV_REF.search(value) is not None


def env_name(key: str) -> str:
    """``oauth.api.secret`` -> ``SAGE200_OAUTH_API_SECRET``."""
    return "SAGE200_" + re.sub(r"[^A-Z0-9]+", "_", key.upper()).strip("_")


def events_enabled(ctx: LintContext) -> bool:
    """``event.notification.enabled`` as Cloud Elements reads it (default false)."""
    value = ctx.setting(ENABLED)
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True
