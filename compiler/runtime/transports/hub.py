"""A Cloud Elements-style hub: ``GET {base}{path}?where=…&pageSize=N[&nextPage=T]``.

The hub answers a JSON list and names the next page in the
``elements-next-page-token`` header; one static ``Authorization`` header
(``User …, Organization …, Element …``) authenticates every request.
"""

from __future__ import annotations

from datetime import datetime

from ...plan.model import Instance, Resource
from ..http.client import HttpClient
from .base import ApiRetry, PageReply
from .fetch import JsonGetter

__all__ = ["HubTransport"]

NEXT_PAGE_HEADER = "elements-next-page-token"


class HubTransport:
    """Pages through one hub API base URL."""

    def __init__(
        self, client: HttpClient, base_url: str, headers: dict[str, str],
        retry: ApiRetry | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {"Accept": "application/json", **headers}
        self.getter = JsonGetter(client, retry or ApiRetry(), "hub API")

    def fetch(
        self, instance: Instance, resource: Resource, since: datetime, cursor: str | None
    ) -> PageReply:
        url = self.base_url + resource.request_url(since, cursor)
        reply, records, requests = self.getter.get(url, self.headers)
        token = reply.headers.get(NEXT_PAGE_HEADER) or None
        if not records or len(records) < resource.page_size:
            token = None
        return PageReply(records, token, requests)

    def close(self) -> None:
        """Nothing of its own: the HTTP client belongs to the caller."""
