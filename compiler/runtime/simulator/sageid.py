"""A Sage ID-style OAuth server: ``/authorize`` and ``/oauth/token``, with Sage's token rules.

``GET /authorize`` checks the client, the loopback ``redirect_uri`` and the
PKCE challenge, then (standing in for the user's sign-in and consent)
redirects at once with a one-time ``code``. ``POST /oauth/token`` exchanges
the code (``code_verifier`` must match) or a refresh token for a short-lived
access token and a **new** refresh token: refresh tokens rotate and are
single use, so a spent one answers ``invalid_grant``. Access tokens expire
after ``access_ttl`` seconds; the native API answers 401 to them after that.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from .httpd import Request, Response

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "SageId"]

CLIENT_ID = "sim-sage200-client"
CLIENT_SECRET = "sim-sage200-secret-9d2c"  # noqa: S105 - the simulator's own test client


@dataclass
class _Code:
    challenge: str
    redirect_uri: str
    expires: float


@dataclass
class SageId:
    """Token state of the simulated Sage ID; every method is thread-safe."""

    access_ttl: float = 300.0
    clients: dict[str, str | None] = field(
        default_factory=lambda: {CLIENT_ID: CLIENT_SECRET})
    codes: dict[str, _Code] = field(default_factory=dict)
    refresh_tokens: dict[str, bool] = field(default_factory=dict)  #: token -> still valid
    access_tokens: dict[str, float] = field(default_factory=dict)  #: token -> expiry
    refreshes: int = 0
    spent_reuses: int = 0  #: refresh tokens presented again after use
    fail_next: list[int] = field(default_factory=list)  #: token answers to fail (status codes)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, request: Request) -> Response:
        """``GET /authorize`` and ``POST /oauth/token``."""
        if request.path == "/authorize" and request.method == "GET":
            status, headers, body = self.authorize(request.query)
            return Response(status, json.dumps(body).encode() if body else b"", headers)
        if request.path == "/oauth/token" and request.method == "POST":
            with self.lock:
                failing = self.fail_next.pop(0) if self.fail_next else None
            if failing is not None:  # before any grant is looked at: nothing is spent
                return Response(failing, b'{"error": "temporarily_unavailable"}',
                                {"Content-Type": "application/json", "Retry-After": "0.05"})
            status, data = self.token(request.body)
            return Response(status, json.dumps(data).encode(),
                            {"Content-Type": "application/json", "Cache-Control": "no-store"})
        return Response(405, b"", {})

    def control(self, action: str) -> tuple[int, dict[str, object]]:
        """``/_sim/oauth`` (stats), ``/_sim/oauth/issue``, ``/_sim/oauth/expire``,
        ``/_sim/oauth/fail/<status>`` (the token endpoint's next answer is that status)."""
        if action == "oauth":
            return 200, {"refreshes": self.refreshes, "spentReuses": self.spent_reuses,
                         "accessTtl": self.access_ttl}
        if action == "oauth/issue":
            return 200, {"refresh_token": self.issue_refresh_token()}
        if action == "oauth/expire":
            return 200, {"expired": self.expire_access_tokens()}
        if action.startswith("oauth/fail/"):  # /_sim/oauth/fail/503: the next answer fails
            with self.lock:
                self.fail_next.append(int(action.rsplit("/", 1)[1]))
            return 200, {"failNext": list(self.fail_next)}
        return 404, {"message": f"unknown control action {action!r}"}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict[str, str]]:
        """(status, headers, JSON body) for GET /authorize."""
        redirect = query.get("redirect_uri", "")
        host = urlsplit(redirect).hostname
        if query.get("client_id") not in self.clients or host not in ("127.0.0.1", "localhost"):
            return 400, {}, {"error": "invalid_request",
                             "error_description": "unknown client or redirect_uri"}
        params: dict[str, str] = {}
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256" \
                or not query.get("code_challenge"):
            params["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(24)
            with self.lock:
                self.codes[code] = _Code(query["code_challenge"], redirect, time.time() + 60)
            params["code"] = code
        if "state" in query:
            params["state"] = query["state"]
        return 302, {"Location": f"{redirect}?{urlencode(params)}"}, {}

    def token(self, body: bytes) -> tuple[int, dict[str, object]]:
        """(status, JSON body) for POST /oauth/token (form-encoded)."""
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        client = form.get("client_id", "")
        if client not in self.clients or (
            self.clients[client] is not None and form.get("client_secret") != self.clients[client]
        ):
            return 401, {"error": "invalid_client"}
        grant = form.get("grant_type")
        with self.lock:
            if grant == "authorization_code":
                ok = self._take_code(form)
            elif grant == "refresh_token":
                ok = self._spend(form.get("refresh_token", ""))
                self.refreshes += ok
            else:
                return 400, {"error": "unsupported_grant_type"}
            if not ok:
                return 400, {"error": "invalid_grant",
                             "error_description": "The grant is invalid, expired or used"}
            return 200, self._issue()

    def _take_code(self, form: dict[str, str]) -> bool:
        code = self.codes.pop(form.get("code", ""), None)
        if code is None or code.expires < time.time():
            return False
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        computed = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        return computed == code.challenge and form.get("redirect_uri") == code.redirect_uri

    def _spend(self, token: str) -> bool:
        valid = self.refresh_tokens.get(token)
        if valid is None:
            return False
        if not valid:
            self.spent_reuses += 1
            return False
        self.refresh_tokens[token] = False
        return True

    def _issue(self) -> dict[str, object]:
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.access_tokens[access] = time.time() + self.access_ttl
        self.refresh_tokens[refresh] = True
        return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
                "expires_in": self.access_ttl, "scope": "openid profile email offline_access"}

    def issue_refresh_token(self) -> str:
        """A fresh refresh token, as if a user had signed in elsewhere (auth import tests)."""
        with self.lock:
            return str(self._issue()["refresh_token"])

    def access_ok(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        with self.lock:
            return self.access_tokens.get(header[7:], 0) > time.time()

    def expire_access_tokens(self) -> int:
        """Make every access token expired now (tests of the 401 refresh)."""
        with self.lock:
            for token in self.access_tokens:
                self.access_tokens[token] = 0
            return len(self.access_tokens)
