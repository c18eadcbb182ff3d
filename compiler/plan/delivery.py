"""Where a plan's events go: the callback, its credentials and the retry policy.

Delivery
  ``callback_url``; ``basic_auth`` (username in clear or a reference,
  password a reference or None); ``signature_key``; at most
  ``max_events_per_notification`` (10) events per notification; ``retry``.
RetryPolicy
  Cloud Elements' default: after a failed POST, retry up to ``max_retries``
  (9) times, waiting ``backoff_base_seconds ** n`` (4, 16, ... 4^9 s = 72.8 h)
  before retry n; when the last retry fails the notification is dead-lettered.
SecretRef
  Secrets never enter a plan. ``env`` names the variable the runtime reads at
  start. ``origin="env"``: the config said ``${env:NAME}``. ``origin="plain"``:
  the config held the secret itself; it was not copied, and ``env`` is a name
  derived from instance and key (see ``compile.delivery.secret_env_name``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BasicAuth", "Delivery", "RetryPolicy", "SecretRef"]


@dataclass(frozen=True)
class SecretRef:
    env: str
    origin: str = "env"  # "env" | "plain"

    def to_dict(self) -> dict[str, Any]:
        return {"env": self.env, "origin": self.origin}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> SecretRef:
        return SecretRef(d["env"], d["origin"])


def _secret_or_none(d: dict[str, Any] | None) -> SecretRef | None:
    return None if d is None else SecretRef.from_dict(d)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 9
    backoff_base_seconds: float = 4
    exhausted: str = "dead-letter"

    @property
    def max_attempts(self) -> int:
        """Delivery attempts in all: the first POST plus the retries."""
        return self.max_retries + 1

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        return float(self.backoff_base_seconds**retry)

    def to_dict(self) -> dict[str, Any]:
        return {"maxRetries": self.max_retries, "backoffBaseSeconds": self.backoff_base_seconds,
                "exhausted": self.exhausted}


@dataclass(frozen=True)
class BasicAuth:
    username: str | SecretRef
    password: SecretRef | None

    def to_dict(self) -> dict[str, Any]:
        user = self.username.to_dict() if isinstance(self.username, SecretRef) else self.username
        return {"username": user, "password": self.password.to_dict() if self.password else None}

    @staticmethod
    def from_dict(d: dict[str, Any] | None) -> BasicAuth | None:
        if d is None:
            return None
        user = d["username"]
        return BasicAuth(user if isinstance(user, str) else SecretRef.from_dict(user),
                         _secret_or_none(d["password"]))


@dataclass(frozen=True)
class Delivery:
    callback_url: str
    basic_auth: BasicAuth | None = None
    signature_key: SecretRef | None = None
    max_events_per_notification: int = 10
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def secrets(self) -> list[SecretRef]:
        """Every reference the runtime must resolve before it starts."""
        refs = [self.signature_key]
        if self.basic_auth:
            user = self.basic_auth.username
            refs += [user if isinstance(user, SecretRef) else None, self.basic_auth.password]
        return [r for r in refs if r is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "callbackUrl": self.callback_url,
            "basicAuth": self.basic_auth.to_dict() if self.basic_auth else None,
            "signatureKey": self.signature_key.to_dict() if self.signature_key else None,
            "maxEventsPerNotification": self.max_events_per_notification,
            "retry": self.retry.to_dict(),
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Delivery:
        r = d["retry"]
        return Delivery(
            d["callbackUrl"], BasicAuth.from_dict(d["basicAuth"]),
            _secret_or_none(d["signatureKey"]), d["maxEventsPerNotification"],
            RetryPolicy(r["maxRetries"], r["backoffBaseSeconds"], r["exhausted"]),
        )
