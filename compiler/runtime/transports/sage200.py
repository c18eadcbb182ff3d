"""Sage 200 itself: ``GET {api}/{collection}?$filter=…&$orderby=…&$top=N`` with Sage ID tokens.

Every data request carries ``Authorization: Bearer``, ``X-Site`` and
``X-Company`` (the site picked by :mod:`.sites`). Records come as a bare JSON
array; pages are read by key (:mod:`.native_query`), and only an empty page
ends a poll. A 401 refreshes the token once and repeats the request; a
second 401, a 400 (with Sage's message) or any other refusal fails the poll,
which keeps its watermark. 429/503 (with ``Retry-After``), 504 (the
on-premise tunnel) and resets are retried by :class:`~.fetch.JsonGetter`.
``invalid_grant`` on refresh means the user must log in again: the poll fails
and ``on_login_required`` tells the engine to stop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ...plan.model import Instance, Resource
from ..auth.session import AccessTokens
from ..errors import ApiError, LoginRequired
from ..http.client import HttpClient
from .base import ApiRetry, PageReply
from .fetch import JsonGetter
from .native_query import NativeQuery, native_query
from .sites import Site, pick_site

__all__ = ["DEFAULT_API_URL", "PROFESSIONAL_API_URL", "Sage200Transport"]

DEFAULT_API_URL = "https://api.columbus.sage.com/uk/sage200/accounts/v1"
PROFESSIONAL_API_URL = "https://api.columbus.sage.com/uk/sage200extra/accounts/v1"


class Sage200Transport:
    """Pages through the Sage 200 API for the instances of one plan."""

    def __init__(
        self, client: HttpClient, api_url: str, tokens: AccessTokens,
        retry: ApiRetry | None = None, on_login_required: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.tokens = tokens
        self.getter = JsonGetter(client, retry or ApiRetry(), "Sage 200 API")
        self.on_login_required = on_login_required
        self.sites: dict[str, Site] = {}
        self.companies: dict[str, str] = {}
        self._queries: dict[tuple[str, str], NativeQuery] = {}

    def resolve_sites(self, companies: dict[str, str]) -> None:
        """Pick each instance's site from ``GET /sites``; raises SetupError / ApiError.

        When /sites is only busy (RetryableApiError), the first poll of each
        instance asks again; a wrong company is still an error at start.
        """
        self.companies = dict(companies)
        _, records, _ = self._get(self.api_url + "/sites", {})
        for instance, company in companies.items():
            self.sites[instance] = pick_site(records, company, instance)

    def _site(self, instance: str) -> Site:
        if instance not in self.sites:
            _, records, _ = self._get(self.api_url + "/sites", {})
            self.sites[instance] = pick_site(records, self.companies[instance], instance)
        return self.sites[instance]

    def query(self, instance: Instance, resource: Resource) -> NativeQuery:
        key = (instance.name, resource.name)
        if key not in self._queries:
            self._queries[key] = native_query(resource)
        return self._queries[key]

    def fetch(
        self, instance: Instance, resource: Resource, since: datetime, cursor: str | None
    ) -> PageReply:
        query = self.query(instance, resource)
        instant = resource.placeholder_instant(since)
        url = f"{self.api_url}/{query.collection}?{query.query(instant, cursor)}"
        _, records, requests = self._get(url, self._site(instance.name).headers())
        # Sage caps pages below $top at will: only an empty page ends the poll.
        next_cursor = query.cursor(records[-1]) if records else None
        return PageReply(records, next_cursor, requests)

    def _get(self, url: str, extra: dict[str, str]) -> tuple[object, list[object], int]:
        try:
            token = self.tokens.token()
            try:
                reply, records, requests = self.getter.get(url, self._headers(token, extra))
            except ApiError as exc:
                if exc.status != 401:
                    raise
                token = self.tokens.rejected(token)
                reply, records, more = self.getter.get(url, self._headers(token, extra))
                requests = 1 + more
        except LoginRequired as exc:
            self.on_login_required(str(exc))
            raise
        return reply, records, requests

    @staticmethod
    def _headers(token: str, extra: dict[str, str]) -> dict[str, str]:
        return {"Accept": "application/json", "Authorization": f"Bearer {token}", **extra}

    def close(self) -> None:
        """Nothing of its own: the HTTP client belongs to the caller."""
