"""``sage200cfg auth`` as library functions: sign in, import a token, describe the auth file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import AuthError, MissingSecret
from ..http.client import HttpClient
from ..http.urls import check_url
from .filestore import AuthProfile, FileTokenStore
from .login import login
from .oauth import SageIdClient
from .tokens import Tokens

__all__ = ["describe", "import_to_file", "login_to_file"]


def login_to_file(profile: AuthProfile, auth_file: str, authorize_url: str, port: int,
                  timeout: float, allow_http: bool, announce: Callable[[str], None]) -> None:
    """Sign in (see :mod:`.login`) as ``profile``'s client and write the auth file."""
    check_url(authorize_url, "--authorize-url", allow_http)
    check_url(profile.token_url, "--token-url", allow_http)
    names = [n for n in (profile.client_id_env, profile.client_secret_env) if n]
    missing = [n for n in names if n not in os.environ]
    if missing:
        raise MissingSecret("environment variables for the Sage ID client are not set: "
                            + ", ".join(missing))
    secret = os.environ[profile.client_secret_env] if profile.client_secret_env else None
    http = HttpClient(timeout=30)
    try:
        oauth = SageIdClient(http, profile.token_url, os.environ[profile.client_id_env], secret)
        tokens = login(oauth, authorize_url, announce, port=port, timeout=timeout)
    finally:
        http.close()
    FileTokenStore(Path(auth_file)).create(profile, tokens)


def import_to_file(profile: AuthProfile | None, auth_file: str, refresh_token: str) -> None:
    """Store ``refresh_token``; the profile is given, or the existing file's."""
    store = FileTokenStore(Path(auth_file))
    if profile is None:
        if not store.path.exists():
            raise AuthError(f"{auth_file} does not exist yet: pass --config to say which "
                            "client and company the token is for")
        profile = store.profile()
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
