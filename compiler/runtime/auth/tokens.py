"""The tokens Sage ID issues, and where they are kept.

Refresh tokens rotate and are single use, so whoever refreshes must store
the new one before anything else happens. :class:`TokenStore` is the whole
contract: a file (:mod:`.filestore`) implements it today; a database row
under a row lock can implement it without the session noticing.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["TokenStore", "Tokens"]


@dataclass(frozen=True)
class Tokens:
    """One token response, with its expiry as an epoch second."""

    refresh_token: str
    access_token: str | None = None
    expires_at: float = 0.0  #: when the access token stops working (0: unknown, refresh)
    saved_at: float = 0.0

    def fresh(self, now: float, skew: float) -> bool:
        """Whether the access token is usable for at least ``skew`` more seconds.

        Short-lived tokens get at most half their lifetime as margin, so a
        5-minute token is not refreshed on every request by a 60 s skew.
        """
        if self.saved_at and self.expires_at > self.saved_at:
            skew = min(skew, (self.expires_at - self.saved_at) / 2)
        return self.access_token is not None and self.expires_at - skew > now

    def to_dict(self) -> dict[str, Any]:
        return {"refreshToken": self.refresh_token, "accessToken": self.access_token,
                "expiresAt": self.expires_at, "savedAt": self.saved_at}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Tokens:
        return Tokens(str(d["refreshToken"]), d.get("accessToken"),
                      float(d.get("expiresAt") or 0), float(d.get("savedAt") or 0))

    def __repr__(self) -> str:  # never print a token, even in a traceback
        return f"Tokens(expires_at={self.expires_at}, saved_at={self.saved_at})"


class TokenStore(Protocol):
    """Durable, shared storage of one connection's tokens."""

    def load(self) -> Tokens | None:
        """The stored tokens, or None before the first login."""
        ...

    def save(self, tokens: Tokens) -> None:
        """Replace the stored tokens atomically and durably."""
        ...

    def locked(self) -> AbstractContextManager[None]:
        """Hold the one-refresher-at-a-time lock (across processes) for the block."""
        ...
