"""Shared views for the S2xx rules: where the patterns, placeholders and ``where`` sit.

Not a rule (the leading underscore keeps it out of the registry). Results are
cached by string, because a config repo repeats the same URLs and patterns in
thousands of files and the lint budget is well under a millisecond per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ...catalog import CatalogResource
from ...placeholders import Placeholder, Scan, scan
from ..context import LintContext, ResourceBlock
from ..urls import PollUrl, parse_url
from ..where import Where, analyse

__all__ = [
    "PatternSite",
    "WhereSite",
    "catalog_entry",
    "pattern_sites",
    "placeholder_patterns",
    "placeholders",
    "polled",
    "poll_url",
    "record_formats",
    "run_length",
    "url_scan",
    "where_site",
    "where_sites",
]

DATE_KEYS = (
    ("updatedDateFormat", "updatedDateTimezone"),
    ("createdDateFormat", "createdDateTimezone"),
)


@lru_cache(maxsize=8192)
def url_scan(url: str) -> Scan:
    return scan(url)


@lru_cache(maxsize=8192)
def poll_url(url: str) -> PollUrl:
    return parse_url(url)


@lru_cache(maxsize=8192)
def _analyse(where: str) -> Where:
    return analyse(where)


@dataclass(frozen=True)
class PatternSite:
    """A SimpleDateFormat pattern: a record date format or a URL placeholder's."""

    block: ResourceBlock
    pointer: str  #: the JSON string holding the pattern
    value: str  #: that whole string
    pattern: str
    start: int  #: offset of the pattern inside ``value``
    zone: str | None  #: the zone it is written or read in; None means the default (UTC)
    label: str  #: how messages name it

    @property
    def is_placeholder(self) -> bool:
        return self.value != self.pattern or self.label.startswith("${")

    def replaced(self, position: int, length: int, new: str) -> str:
        """``value`` with ``pattern[position:position+length]`` replaced by ``new``."""
        at = self.start + position
        return self.value[:at] + new + self.value[at + length :]


@dataclass(frozen=True)
class WhereSite:
    block: ResourceBlock
    where: Where
    base: int | None  #: offset of the where text in the URL; None when it was percent-decoded

    def url_with(self, start: int, end: int, new: str) -> str | None:
        url = self.block.url or ""
        if self.base is None:
            return None
        return url[: self.base + start] + new + url[self.base + end :]

    def offset(self, start: int) -> int | None:
        return None if self.base is None else self.base + start


def run_length(text: str, position: int) -> int:
    """How many times the character at ``position`` repeats from there."""
    end = position
    while end < len(text) and text[end] == text[position]:
        end += 1
    return end - position


def placeholders(ctx: LintContext) -> Iterator[tuple[ResourceBlock, Placeholder]]:
    for block in ctx.blocks():
        if block.url is not None:
            for holder in url_scan(block.url).placeholders:
                yield block, holder


def record_formats(ctx: LintContext) -> Iterator[PatternSite]:
    for block in ctx.blocks():
        for key, zone_key in DATE_KEYS:
            pattern = block.date_text(key)
            if pattern:
                zone = block.date_text(zone_key) or None
                ptr = block.ptr("datesConfiguration", key)
                yield PatternSite(block, ptr, pattern, pattern, 0, zone, key)


def _zone(holder: Placeholder) -> str | None:
    if holder.kind == "gmtDate":
        return "GMT"
    return holder.zone  # None for ${date:...}: the poller's own zone, GMT in practice


def placeholder_patterns(ctx: LintContext) -> Iterator[PatternSite]:
    for block, holder in placeholders(ctx):
        if holder.pattern:
            start = holder.pattern_offset
            label = holder.raw
            yield PatternSite(
                block,
                block.ptr("url"),
                block.url or "",
                holder.pattern,
                start,
                _zone(holder),
                label,
            )


def pattern_sites(ctx: LintContext) -> Iterator[PatternSite]:
    yield from record_formats(ctx)
    yield from placeholder_patterns(ctx)


def where_site(block: ResourceBlock) -> WhereSite | None:
    if block.url is None:
        return None
    url = poll_url(block.url)
    if url.where is None or url.where_offset is None:
        return None
    verbatim = block.url[url.where_offset : url.where_offset + len(url.where)] == url.where
    return WhereSite(block, _analyse(url.where), url.where_offset if verbatim else None)


def polled(block: ResourceBlock) -> PollUrl | None:
    """The parsed URL, or None when the block has no string URL."""
    return poll_url(block.url) if block.url is not None else None


def where_sites(ctx: LintContext) -> Iterator[WhereSite]:
    """Each block's ``where``; skipped when a placeholder is unclosed (S212 reports it)."""
    for block in ctx.blocks():
        if block.url is not None and url_scan(block.url).unclosed is None:
            site = where_site(block)
            if site is not None:
                yield site


def catalog_entry(ctx: LintContext, block: ResourceBlock) -> CatalogResource | None:
    """The catalog resource a block polls: its URL's resource, else its key."""
    if ctx.catalog is None:
        return None
    url = polled(block)
    if url is not None and url.resource and not url.is_absolute:
        return ctx.catalog.get(url.resource)
    return ctx.catalog.get(block.key)
