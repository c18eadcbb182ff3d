"""Take a poller URL apart: host, hub, resource path and the CEQL ``where``.

The poller appends the URL to the element's base, so it should be a hub path
such as ``/hubs/finance/customers?where=...``. Resource keys may span several
segments (``products/prices``, ``direct-messages/sent-messages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit

__all__ = ["PollUrl", "parse_url"]


@dataclass(frozen=True)
class PollUrl:
    raw: str
    scheme: str
    host: str
    path: str
    hub: str | None
    resource: str
    query: str
    where: str | None
    where_offset: int | None  # offset of the where value inside ``raw``

    @property
    def is_absolute(self) -> bool:
        return bool(self.scheme or self.host)


def _where(raw: str, query_start: int) -> tuple[str | None, int | None]:
    pos = query_start
    for pair in raw[query_start:].split("&"):
        name, sep, value = pair.partition("=")
        if sep and name == "where":
            # Placeholders carry quotes and '>=' that some configs percent-encode.
            return unquote_plus(value) if "%" in value else value, pos + len(name) + 1
        pos += len(pair) + 1
    return None, None


def parse_url(raw: str) -> PollUrl:
    """Split ``raw``; never raises (odd URLs just yield odd parts)."""
    head, qmark, _ = raw.partition("?")
    try:
        parts = urlsplit(head)
        scheme, host, path = parts.scheme, parts.netloc, parts.path
    except ValueError:
        scheme, host, path = "", "", head
    segments = [s for s in path.split("/") if s]
    hub = None
    if len(segments) >= 2 and segments[0] == "hubs":
        hub, segments = segments[1], segments[2:]
    resource = "/".join(segments)
    where, offset = _where(raw, len(head) + 1) if qmark else (None, None)
    return PollUrl(raw, scheme, host, path, hub, resource, raw[len(head) + 1 :], where, offset)
