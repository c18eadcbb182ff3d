"""``sage200cfg auth`` as library functions: sign in, import a token, describe the auth file.

An instance config's Sage ID facts are its client variables and company.

The client id and secret are ``oauth.api.key`` and ``oauth.api.secret``; the
auth file records the *names* of their variables (``${env:NAME}``, or, for a
value held in plain text, the name compile and lint's S275 use), never values.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .loader import load_file
from .runtime.auth.filestore import AuthProfile, FileTokenStore
from .runtime.auth.login import login
from .runtime.auth.oauth import SageIdClient
from .runtime.auth.tokens import Tokens
from .runtime.errors import MissingSecret
from .runtime.http.client import HttpClient
from .runtime.http.urls import check_url
from .secrets import ENV_REF, env_name, instance_prefix

__all__ = ["ConfigError", "SageIdConfig", "describe", "import_to_file", "login_to_file",
           "read_sage_id_config"]


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


def _profile(config: SageIdConfig, token_url: str) -> AuthProfile:
    return AuthProfile(token_url, config.client_id_env, config.client_secret_env,
                       {config.instance: config.company})


def login_to_file(config_path: str, auth_file: str, authorize_url: str, token_url: str,
                  port: int, timeout: float, allow_http: bool,
                  announce: Callable[[str], None]) -> None:
    """Sign in (see :mod:`.runtime.auth.login`) and write the auth file."""
    config = read_sage_id_config(config_path)
    check_url(authorize_url, "--authorize-url", allow_http)
    check_url(token_url, "--token-url", allow_http)
    names = [n for n in (config.client_id_env, config.client_secret_env) if n]
    missing = [n for n in names if n not in os.environ]
    if missing:
        raise MissingSecret("environment variables for the Sage ID client are not set: "
                            + ", ".join(missing))
    secret = os.environ[config.client_secret_env] if config.client_secret_env else None
    http = HttpClient(timeout=30)
    try:
        oauth = SageIdClient(http, token_url, os.environ[config.client_id_env], secret)
        tokens = login(oauth, authorize_url, announce, port=port, timeout=timeout)
    finally:
        http.close()
    FileTokenStore(Path(auth_file)).create(_profile(config, token_url), tokens)


def import_to_file(config_path: str | None, auth_file: str, token_url: str,
                   refresh_token: str) -> None:
    """Store ``refresh_token``; the profile comes from the config or the existing file."""
    store = FileTokenStore(Path(auth_file))
    if config_path is not None:
        profile = _profile(read_sage_id_config(config_path), token_url)
    elif store.path.exists():
        profile = store.profile()
    else:
        raise ConfigError(f"{auth_file} does not exist yet: pass --config to say which "
                          "client and company the token is for")
    store.create(profile, Tokens(refresh_token))


def describe(auth_file: str) -> list[str]:
    """Lines about the auth file: profile, and when the access token expires. No tokens."""
    store = FileTokenStore(Path(auth_file))
    profile = store.profile()
    tokens = store.load()
    lines = [f"auth file: {auth_file}", f"token URL: {profile.token_url}",
             f"client id variable: {profile.client_id_env}",
             f"client secret variable: {profile.client_secret_env or '(none: public client)'}"]
    lines += [f"instance {name!r}: company {company!r}"
              for name, company in sorted(profile.companies.items())]
    if tokens is None:
        return [*lines, "tokens: none (run `sage200cfg auth login`)"]
    lines.append("refresh token: stored" + (f" {_when(tokens.saved_at)}" if tokens.saved_at
                                            else ""))
    if tokens.access_token is None:
        lines.append("access token: none yet (the first run refreshes)")
    else:
        left = tokens.expires_at - time.time()
        state = f"expires in {left:.0f} s" if left > 0 else f"expired {-left:.0f} s ago"
        lines.append(f"access token: {state} ({_when(tokens.expires_at)})")
    return lines


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
