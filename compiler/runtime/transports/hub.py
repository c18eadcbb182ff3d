"""A Cloud Elements-style hub: ``GET {base}{path}?where=…&pageSize=N[&nextPage=T]``.

The hub answers a JSON list and names the next page in the
``elements-next-page-token`` header; one static ``Authorization`` header
(``User …, Organization …, Element …``) authenticates every request.

Paging stops only on an empty page or a missing token, never on a page
shorter than ``pageSize``: hubs cap pages below what was asked (issue 11),
and Cloud Elements sends a token even when the next page is empty. The token
is opaque, so a hub that pages by offset can skip a record that changes
between two pages; the overlap of the next poll re-reads it (README).
"""

from __future__ import annotations

from datetime import datetime

from ...plan.model import Instance, Resource
from ..http.client import HttpClient
from .base import ApiRetry, PageReply
from .fetch import JsonGetter, server_date_ms

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
        if not records:
            token = None
        return PageReply(records, token, requests, server_date_ms(reply.headers))

    def close(self) -> None:
        """Nothing of its own: the HTTP client belongs to the caller."""
