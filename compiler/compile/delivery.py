"""An instance's delivery settings -> :class:`Delivery`: the callback, basic auth and
signature key. Secrets never enter the plan: each becomes a :class:`SecretRef`
to the environment variable that holds it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..plan.model import BasicAuth, Delivery, SecretRef
from ..pointer import join
from ..secrets import ENV_REF, env_name, instance_prefix
from .parsing import CompileProblem

__all__ = ["delivery", "secret_env_name"]


def secret_env_name(instance: str, key: str) -> str:
    """Where the runtime looks for a secret held in plain text (lint's S275 names it too)."""
    return env_name(key, instance_prefix(instance))


def _secret(
    instance: str, config: Mapping[str, Any], key: str, problems: list[CompileProblem]
) -> SecretRef | None:
    value = config.get(key)
    if value is None or value == "":
        return None
    pointer = join("/configuration", key)
    text = str(value)
    if (match := ENV_REF.fullmatch(text)) is not None:
        return SecretRef(match[1], "env")
    if text.startswith("${"):
        problems.append(
            CompileProblem(pointer, "S410", f"{key} must be a plain value or ${{env:NAME}}")
        )
        return None
    env = secret_env_name(instance, key)
    problems.append(
        CompileProblem(
            pointer,
            "S406",
            f"{key} is written in the config; it is not copied "
            f"into the plan, and the runtime reads it from ${env}",
        )
    )
    return SecretRef(env, "plain")


def delivery(
    name: str, config: Mapping[str, Any], problems: list[CompileProblem]
) -> Delivery | None:
    url = config.get("event.notification.callback.url")
    pointer = join("/configuration", "event.notification.callback.url")
    if not _callback_ok(url, pointer, problems):
        return None
    user_key = "event.notification.basic.username"
    user_raw = config.get(user_key)
    username: str | SecretRef | None = user_raw if isinstance(user_raw, str) else None
    if isinstance(user_raw, str) and user_raw.startswith("${"):
        username = _secret(name, config, user_key, problems)
    password = _secret(name, config, "event.notification.basic.password", problems)
    auth = BasicAuth(username or "", password) if username or password else None
    signature = _secret(name, config, "event.notification.signature.key", problems)
    return Delivery(str(url), auth, signature)


def _callback_ok(url: Any, pointer: str, problems: list[CompileProblem]) -> bool:
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(
            CompileProblem(
                pointer, "S405", "event.notification.callback.url must be an absolute http(s) URL"
            )
        )
        return False
    if parts.password is not None or parts.username is not None:
        problems.append(
            CompileProblem(
                pointer,
                "S405",
                "the callback URL carries credentials; put "
                "them in event.notification.basic.username/password",
            )
        )
        return False
    return True
