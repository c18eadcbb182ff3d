"""The authorization-code flow with PKCE and a loopback redirect (RFC 8252).

:func:`login` listens on ``http://127.0.0.1:PORT/callback``, hands the
authorize URL to ``announce`` (the CLI prints it), waits for the browser's
redirect, checks ``state``, and exchanges the code (with the PKCE verifier)
for tokens. Nothing is stored here: the caller saves the tokens.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from ..errors import AuthError
from .oauth import SageIdClient
from .pkce import challenge, new_state, new_verifier
from .tokens import Tokens

__all__ = ["SCOPES", "authorize_url", "login"]

SCOPES = "openid profile email offline_access"
_PAGE = (b"<!doctype html><title>sage200cfg</title>"
         b"<p>Signed in. You can close this window and return to the terminal.</p>")


def authorize_url(base: str, client_id: str, redirect_uri: str, state: str,
                  code_challenge: str) -> str:
    """``base`` (which may carry ``?audience=...``) with the request's parameters."""
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
              "scope": SCOPES, "state": state, "code_challenge": code_challenge,
              "code_challenge_method": "S256"}
    return base + ("&" if "?" in base else "?") + urlencode(params)


def _server(answers: queue.Queue[dict[str, str]], port: int) -> HTTPServer:
    class Callback(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            parts = urlsplit(self.path)
            if parts.path != "/callback":
                self.send_error(404)
                return
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(_PAGE)))
            self.end_headers()
            self.wfile.write(_PAGE)
            answers.put(query)

        def log_message(self, *args: object) -> None:
            """Quiet: the query holds the authorization code."""

    return HTTPServer(("127.0.0.1", port), Callback)


def login(oauth: SageIdClient, base_authorize_url: str, announce: Callable[[str], None], *,
          port: int = 0, timeout: float = 300.0) -> Tokens:
    """Run the flow; raises AuthError (refused, wrong state, timed out)."""
    answers: queue.Queue[dict[str, str]] = queue.Queue()
    try:
        server = _server(answers, port)
    except OSError as exc:
        raise AuthError(f"cannot listen on 127.0.0.1:{port} for the redirect: {exc}") from None
    thread = threading.Thread(target=server.serve_forever, name="oauth-callback", daemon=True)
    thread.start()
    try:
        redirect_uri = f"http://127.0.0.1:{server.server_address[1]}/callback"
        verifier, state = new_verifier(), new_state()
        announce(authorize_url(base_authorize_url, oauth.client_id, redirect_uri, state,
                               challenge(verifier)))
        try:
            answer = answers.get(timeout=timeout)
        except queue.Empty:
            raise AuthError(f"no redirect arrived within {timeout:.0f} s") from None
    finally:
        server.shutdown()
        server.server_close()
    if "error" in answer:
        raise AuthError(f"Sage ID refused the sign-in: {answer['error']}"
                        + (f" ({answer['error_description']})"
                           if "error_description" in answer else ""))
    if answer.get("state") != state:
        raise AuthError("the redirect's state does not match this sign-in; try again")
    if not answer.get("code"):
        raise AuthError("the redirect carried no authorization code")
    return oauth.exchange_code(answer["code"], verifier, redirect_uri)
