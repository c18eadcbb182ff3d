"""The transport protocol: where the poller's pages come from.

A transport turns (resource, window start, cursor) into one page of records
and the cursor of the next page. The poller owns everything else (typing,
dedupe, commits, the watermark), so a new API is one new module here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ...plan.model import Instance, Resource

__all__ = ["ApiRetry", "PageReply", "Transport"]


@dataclass(frozen=True)
class ApiRetry:
    """Retries of one page GET: full jitter, honouring Retry-After."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        if retry_after is not None:
            return min(retry_after, self.cap * 4)
        return rng.uniform(0, min(self.cap, self.base * 2**attempt))


@dataclass(frozen=True)
class PageReply:
    """One page as the poller sees it."""

    records: list[object]
    cursor: str | None  #: where the next page starts; None when this page is the last
    requests: int  #: HTTP requests it took, retries included
    server_date_ms: int | None = None  #: the API's ``Date`` header, for the clock-skew check


class Transport(Protocol):
    """Reads pages of one resource's changes since an instant."""

    def fetch(
        self, instance: Instance, resource: Resource, since: datetime, cursor: str | None
    ) -> PageReply:
        """One page; raises :class:`~..errors.ApiError` when the API fails for good."""
        ...

    def close(self) -> None:
        """Release connections and threads."""
        ...
