"""The retried JSON GET that HTTP transports share.

429 and 5xx answers, resets and timeouts are retried with full jitter (or the
server's ``Retry-After``); any other status fails the poll at once with the
server's own words, which the poller redacts before it logs them.
"""

from __future__ import annotations

import json
import random
import ssl
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from functools import lru_cache

import orjson

from ..deadline import pause
from ..errors import ApiError, RetryableApiError
from ..http.client import TRANSPORT_ERRORS, HttpClient
from ..http.reply import Reply
from .base import ApiRetry

__all__ = ["JsonGetter", "server_date_ms"]


class JsonGetter:
    """GETs JSON lists of records for one API (``what`` names it in messages)."""

    def __init__(self, client: HttpClient, retry: ApiRetry, what: str) -> None:
        self.client = client
        self.retry = retry
        self.what = what
        self.rng = random.Random()

    def get(self, url: str, headers: dict[str, str]) -> tuple[Reply, list[object], int]:
        """(reply, records, requests made); raises ApiError / RetryableApiError."""
        last_error = "no attempt"
        for attempt in range(self.retry.attempts):
            try:
                reply = self.client.request("GET", url, headers)
            except ssl.SSLCertVerificationError as exc:
                raise ApiError(f"TLS verification of the {self.what} failed: {exc}") from None
            except TRANSPORT_ERRORS as exc:
                last_error, retry_after = f"{type(exc).__name__}: {exc}", None
            else:
                if reply.status == 200:
                    try:
                        return reply, self._records(reply), attempt + 1
                    except ValueError:
                        last_error, retry_after = "malformed JSON page", None
                elif reply.status == 429 or reply.status >= 500:
                    last_error, retry_after = f"HTTP {reply.status}", reply.retry_after()
                else:
                    raise ApiError(f"HTTP {reply.status} from the {self.what}: {_snippet(reply)}",
                                   reply.status)
            if attempt + 1 < self.retry.attempts:
                pause(self.retry.delay(attempt, retry_after, self.rng))
        raise RetryableApiError(
            f"{self.what} still failing after {self.retry.attempts} tries: {last_error}"
        )

    def _records(self, reply: Reply) -> list[object]:
        try:
            data = orjson.loads(reply.body)
        except orjson.JSONDecodeError:
            data = json.loads(reply.body)  # orjson refuses some valid JSON (huge integers)
        if isinstance(data, dict) and isinstance(data.get("value"), list):
            data = data["value"]  # some Sage 200 endpoints wrap lists in OData form
        if not isinstance(data, list):
            raise ApiError(f"the {self.what} answered with JSON that is not a list of records")
        return data


def server_date_ms(headers: Mapping[str, str]) -> int | None:
    """The ``Date`` header as epoch ms, or None when absent or unreadable."""
    text = headers.get("date") or headers.get("Date")
    return _date_ms(text) if text else None


@lru_cache(maxsize=64)
def _date_ms(text: str) -> int | None:
    # Whole seconds: the pages of a second share one header, parsed once.
    try:
        return int(parsedate_to_datetime(text).timestamp() * 1000)
    except (TypeError, ValueError, IndexError):
        return None


def _snippet(reply: Reply) -> str:
    return reply.body[:200].decode("utf-8", "replace").replace("\n", " ")
