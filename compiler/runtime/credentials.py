"""Resolve the plan's secret references and build each instance's destination.

A plan holds only references (``{"env": "NAME"}``); the values are read from
the environment once, at start. Every missing variable is reported at once,
by name, before anything runs. Values never reach a message or a log line.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from ..plan.model import Plan, SecretRef
from .delivery import Destination
from .errors import MissingSecret
from .http.urls import check_url

__all__ = ["Redactor", "destinations", "missing_secrets", "secret_values"]

_USER_AGENT = "sage200cfg-runtime"


def missing_secrets(plan: Plan, env: Mapping[str, str]) -> list[str]:
    """``instance: VARIABLE`` for every reference with no variable set."""
    return sorted(
        {
            f"{instance.name}: {ref.env}"
            for instance in plan.instances
            for ref in instance.delivery.secrets()
            if ref.env not in env
        }
    )


def _value(ref: str | SecretRef, env: Mapping[str, str]) -> str:
    return ref if isinstance(ref, str) else env[ref.env]


def destinations(plan: Plan, env: Mapping[str, str], allow_http: bool) -> dict[str, Destination]:
    """Destination per instance name; raises MissingSecret / InsecureUrl."""
    missing = missing_secrets(plan, env)
    if missing:
        raise MissingSecret(
            "environment variables for plan secrets are not set: " + ", ".join(missing)
        )
    out: dict[str, Destination] = {}
    for instance in plan.instances:
        delivery = instance.delivery
        check_url(delivery.callback_url, f"callback URL of instance {instance.name!r}",
                  allow_http)
        headers = {"Content-Type": "application/json", "User-Agent": _USER_AGENT}
        if delivery.basic_auth is not None:
            user = _value(delivery.basic_auth.username, env)
            password = _value(delivery.basic_auth.password, env) if (
                delivery.basic_auth.password
            ) else ""
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        key = delivery.signature_key
        out[instance.name] = Destination(
            delivery.callback_url, headers,
            _value(key, env).encode() if key is not None else None, delivery.retry,
        )
    return out


def secret_values(plan: Plan, env: Mapping[str, str], auth_header: str | None) -> list[str]:
    """Every secret the run knows: referenced variables and the API Authorization parts."""
    values = [env[ref.env] for i in plan.instances for ref in i.delivery.secrets()
              if ref.env in env]
    if auth_header:
        values.append(auth_header)
        # "User <secret>, Organization <secret>, Element <secret>": each part too.
        values += [part.split()[-1] for part in auth_header.split(",") if part.split()]
    return values


class Redactor:
    """Replaces known secret values in text (error messages echoed by servers)."""

    def __init__(self, values: list[str]) -> None:
        # Longest first, so a whole header goes before its parts; short values
        # would redact ordinary words, and a 6+ character secret is the floor.
        self.values = sorted({v for v in values if len(v) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for value in self.values:
            if value in text:
                text = text.replace(value, "***")
        return text
