"""Poll leases held in memory, for a store that one process owns (SQLite).

The SQLite store is used by one process at a time (its ``flock``), so its
leases need no table: this table in memory hands out fencing tokens that only
grow, refuses a second holder while a lease is live, and tells a commit
whether its token is still the current one. Parallel polls inside the process
get the same guarantees as workers sharing a PostgreSQL database.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import LeaseLost
from .base import Lease

__all__ = ["MemoryLeases", "new_holder"]


def new_holder() -> str:
    """A worker's name in leases and claims: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class _Held:
    holder: str
    token: int
    expires_ms: int


class MemoryLeases:
    """Leases of one process, keyed by (instance, resource)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._held: dict[tuple[str, str], _Held] = {}
        self._last_token = 0

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def acquire(self, instance: str, resource: str, holder: str, ttl_ms: int) -> Lease | None:
        key = (instance, resource)
        now = self._now_ms()
        with self._lock:
            held = self._held.get(key)
            if held is not None and held.holder != holder and held.expires_ms > now:
                return None
            self._last_token += 1
            self._held[key] = _Held(holder, self._last_token, now + ttl_ms)
            return Lease(instance, resource, holder, self._last_token, ttl_ms)

    def renew(self, lease: Lease) -> bool:
        with self._lock:
            held = self._held.get((lease.instance, lease.resource))
            if held is None or held.token != lease.token:
                return False
            held.expires_ms = self._now_ms() + lease.ttl_ms
            return True

    def release(self, lease: Lease) -> None:
        with self._lock:
            key = (lease.instance, lease.resource)
            held = self._held.get(key)
            if held is not None and held.token == lease.token:
                del self._held[key]

    def check(self, lease: Lease) -> None:
        """Raise LeaseLost unless ``lease`` is current; renews it (a commit is progress)."""
        if not self.renew(lease):
            raise LeaseLost(f"{lease.instance}/{lease.resource}: poll lease {lease.token} "
                            "was taken over; page not committed")

    def holder(self, instance: str, resource: str) -> tuple[str, int] | None:
        """(holder, expiry ms) of a live lease, for status."""
        with self._lock:
            held = self._held.get((instance, resource))
            if held is None or held.expires_ms <= self._now_ms():
                return None
            return held.holder, held.expires_ms
