"""Credentials in instance configs: which keys hold them, and the env names they move to.

A secret never travels in plain text past lint: configs should say
``${env:NAME}``, and when one does not, compile puts a reference to the
same ``NAME`` in the plan that lint's S275 suggests, so that exporting the
variable lint names is enough for ``sage200cfg run``.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ENV_REF", "SECRET_KEYS", "env_name", "has_env_ref", "instance_prefix"]

SECRET_KEYS = (
    "oauth.api.key",
    "oauth.api.secret",
    "subscription.key",
    "signing.key",
    "event.notification.basic.password",
    "event.notification.signature.key",
)
#: ``${env:NAME}``: the value is read from the environment when the plan runs.
ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def has_env_ref(value: Any) -> bool:
    return isinstance(value, str) and ENV_REF.search(value) is not None


def env_name(key: str, prefix: str = "SAGE200") -> str:
    """``("oauth.api.key", "SAGE200")`` -> ``SAGE200_OAUTH_API_KEY``.

    ``event.notification.`` is dropped: ``basic.password`` -> ``..._BASIC_PASSWORD``.
    """
    tail = re.sub(r"[^A-Z0-9]+", "_", key.removeprefix("event.notification.").upper()).strip("_")
    return f"{prefix}_{tail}" if prefix else tail


def instance_prefix(instance: str) -> str:
    """The env prefix of an instance's secrets: ``myCool`` -> ``SAGE200CFG_MYCOOL``."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", instance).strip("_").upper() or "INSTANCE"
    return f"SAGE200CFG_{slug}"
