"""Access tokens for requests: refreshed before expiry, and once after a 401.

Every refresh happens under the store's lock and re-reads the store first:
another process (or thread) may have refreshed already, and its refresh
token is the only one still valid. The new tokens are saved before the new
access token is handed out, so a crash after the refresh leaves the new
refresh token on disk, never only the spent one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..errors import LoginRequired
from .oauth import SageIdClient
from .tokens import Tokens, TokenStore

__all__ = ["AccessTokens"]


class AccessTokens:
    """Hands out a usable access token; thread-safe and process-safe."""

    def __init__(self, store: TokenStore, oauth: SageIdClient, *, skew: float = 60.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.oauth = oauth
        self.skew = skew
        self.clock = clock
        self._lock = threading.Lock()
        self._tokens: Tokens | None = None
        self.refreshes = 0  #: refreshes this process made (tests, logs)

    def token(self) -> str:
        """A token valid for at least ``skew`` seconds; raises AuthError/LoginRequired."""
        with self._lock:
            tokens = self._tokens
            if tokens is not None and tokens.fresh(self.clock(), self.skew):
                return str(tokens.access_token)
            return self._refresh(rejected=None)

    def rejected(self, access_token: str) -> str:
        """``access_token`` got a 401: a new token (refreshing unless another process did)."""
        with self._lock:
            return self._refresh(rejected=access_token)

    def _refresh(self, rejected: str | None) -> str:
        with self.store.locked():
            current = self.store.load()
            if current is None:
                raise LoginRequired("the auth file holds no tokens: run `sage200cfg auth login`")
            usable = current.fresh(self.clock(), self.skew) and current.access_token != rejected
            if not usable:
                new = self.oauth.refresh(current.refresh_token)
                self.store.save(new)  # before the new access token is used
                self.refreshes += 1
                current = new
            self._tokens = current
            return str(current.access_token)
