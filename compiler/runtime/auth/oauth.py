"""Sage ID's token endpoint: exchange an authorization code, refresh a token.

Form-encoded POSTs (RFC 6749 sections 4.1.3 and 6). A refresh answer may
carry a new refresh token (rotation) or not; the caller stores whichever is
current. ``invalid_grant`` means the refresh token is spent or revoked:
:class:`~..errors.LoginRequired`. Only answers that prove the server did not
act (429, 5xx, a refused connection) are retried here: a refresh whose answer
was lost may already have spent the token, and sending it again cannot help.
(Below this, the HTTP client resends once on a kept-alive connection that the
server closed before any byte of an answer: the usual fate of a connection
left idle for the hour a token lasts.)
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from ..errors import AuthError, LoginRequired, RetryableApiError
from ..http.client import TRANSPORT_ERRORS, HttpClient
from ..http.reply import Reply
from .tokens import Tokens

__all__ = ["SageIdClient"]

_ATTEMPTS = 4


@dataclass(frozen=True)
class SageIdClient:
    """One OAuth client (id and optional secret) at one token URL."""

    http: HttpClient
    token_url: str
    client_id: str
    client_secret: str | None = None

    def exchange_code(self, code: str, verifier: str, redirect_uri: str) -> Tokens:
        return self._grant({"grant_type": "authorization_code", "code": code,
                            "redirect_uri": redirect_uri, "code_verifier": verifier}, None)

    def refresh(self, refresh_token: str) -> Tokens:
        return self._grant({"grant_type": "refresh_token", "refresh_token": refresh_token},
                           refresh_token)

    def _grant(self, form: dict[str, str], old_refresh: str | None) -> Tokens:
        form = {**form, "client_id": self.client_id}
        if self.client_secret:
            form["client_secret"] = self.client_secret
        body = urlencode(form).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/json"}
        for attempt in range(_ATTEMPTS):
            try:
                reply = self.http.request("POST", self.token_url, headers, body)
            except ConnectionRefusedError:
                reply = None
            except TRANSPORT_ERRORS as exc:
                raise RetryableApiError(
                    f"Sage ID token endpoint: {type(exc).__name__}; try again"
                ) from None
            if reply is not None and reply.status < 500 and reply.status != 429:
                return _tokens(reply, old_refresh)
            if attempt + 1 < _ATTEMPTS:
                wait = reply.retry_after() if reply is not None else None
                time.sleep(min(wait if wait is not None else 0.2 * 2**attempt, 10))
        raise RetryableApiError("Sage ID token endpoint is unavailable; try again later")


def _tokens(reply: Reply, old_refresh: str | None) -> Tokens:
    try:
        data = json.loads(reply.body)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if reply.status != 200:
        error = str(data.get("error", f"HTTP {reply.status}"))
        if error == "invalid_grant":
            raise LoginRequired()
        detail = data.get("error_description")
        raise AuthError(f"Sage ID refused the token request: {error}"
                        + (f" ({detail})" if detail else ""))
    access, refresh = data.get("access_token"), data.get("refresh_token") or old_refresh
    if not isinstance(access, str) or not isinstance(refresh, str):
        raise AuthError("Sage ID answered without an access token and a refresh token "
                        "(is offline_access in the scopes?)")
    expires_in = data.get("expires_in")
    ttl = float(expires_in) if isinstance(expires_in, int | float) else 0.0
    now = time.time()
    return Tokens(refresh, access, now + ttl if ttl > 0 else 0.0, now)
