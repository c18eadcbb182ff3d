"""An instance config's Sage ID facts, for ``sage200cfg auth``: client variables and company.

The client id and secret are ``oauth.api.key`` and ``oauth.api.secret``; the
auth file records the *names* of their variables (``${env:NAME}``, or, for a
value held in plain text, the name compile and lint's S275 use), never values.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.documents import load_file
from ..secrets import ENV_REF, env_name, instance_prefix

__all__ = ["ConfigError", "SageIdConfig", "read_sage_id_config"]


class ConfigError(ValueError):
    """The config cannot say who to log in as."""


@dataclass(frozen=True)
class SageIdConfig:
    instance: str
    company: str
    client_id_env: str
    client_secret_env: str | None


def _env(config: dict[str, object], key: str, instance: str) -> str | None:
    value = config.get(key)
    if value is None or value == "":
        return None
    match = ENV_REF.fullmatch(str(value))
    return match.group(1) if match else env_name(key, instance_prefix(instance))


def read_sage_id_config(path: str) -> SageIdConfig:
    """Read one instance config; raises ConfigError with the reason."""
    doc = load_file(path)
    if not doc.ok or not isinstance(doc.data, dict):
        reason = doc.findings[0].message if doc.findings else "not an instance config"
        raise ConfigError(f"{path}: {reason}")
    name = doc.data.get("name")
    config = doc.data.get("configuration")
    if not isinstance(name, str) or not isinstance(config, dict):
        raise ConfigError(f"{path}: needs a name and a configuration object")
    company = config.get("company.name")
    if not isinstance(company, str) or not company.strip():
        raise ConfigError(f"{path}: configuration has no company.name")
    client_id = _env(config, "oauth.api.key", name)
    if client_id is None:
        raise ConfigError(f"{path}: configuration has no oauth.api.key (the Sage ID client id)")
    return SageIdConfig(name, company, client_id, _env(config, "oauth.api.secret", name))

