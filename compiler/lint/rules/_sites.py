"""Shared views for the S2xx rules: where the patterns, placeholders and ``where`` sit.

Not a rule (the leading underscore keeps it out of the registry). The lint budget
is well under a millisecond per file for every rule together, so what a block
offers is computed once for all the block checks (``block_memo`` and friends),
string analyses are cached by string, because a config repo repeats the same
URLs and patterns thousands of times, and JSON Pointers are built only when a
rule reports something. ``_blocks`` runs the block checks themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from ...catalog import CatalogResource
from ...placeholders import Placeholder, Scan, scan
from ..context import LintContext, ResourceBlock
from ..urls import PollUrl, parse_url
from ..where import Where, analyse

__all__ = [
    "DATE_KEYS",
    "PatternSite",
    "WhereSite",
    "block_holders",
    "block_memo",
    "block_patterns",
    "block_records",
    "block_sites",
    "block_where",
    "catalog_entry",
    "poll_url",
    "polled",
    "run_length",
    "url_scan",
    "where_site",
]

_T = TypeVar("_T")

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


@dataclass(slots=True)
class PatternSite:
    """A SimpleDateFormat pattern: a record date format or a URL placeholder's."""

    block: ResourceBlock
    tokens: tuple[str, ...]  #: path of the JSON string holding it, below the block
    value: str  #: that whole string
    pattern: str
    start: int  #: offset of the pattern inside ``value``
    zone: str | None  #: the zone it is written or read in; None means the default (UTC)
    label: str  #: how messages name it: the key, or the placeholder's text
    is_placeholder: bool = False

    @property
    def pointer(self) -> str:
        return self.block.ptr(*self.tokens)

    def replaced(self, position: int, length: int, new: str) -> str:
        """``value`` with ``pattern[position:position+length]`` replaced by ``new``."""
        at = self.start + position
        return self.value[:at] + new + self.value[at + length :]


@dataclass(slots=True)
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


def _zone(holder: Placeholder) -> str | None:
    if holder.kind == "gmtDate":
        return "GMT"
    return holder.zone  # None for ${date:...}: the poller's own zone, GMT in practice


def _records(block: ResourceBlock) -> list[PatternSite]:
    sites = []
    dates = block.dates
    for key, zone_key in DATE_KEYS:
        pattern = dates.get(key)
        if isinstance(pattern, str) and pattern:
            zone = dates.get(zone_key)
            zone = zone if isinstance(zone, str) and zone else None
            tokens = ("datesConfiguration", key)
            sites.append(PatternSite(block, tokens, pattern, pattern, 0, zone, key))
    return sites


def _patterns(block: ResourceBlock, holders: tuple[Placeholder, ...]) -> list[PatternSite]:
    url = block.url or ""
    return [
        PatternSite(
            block,
            ("url",),
            url,
            holder.pattern,
            holder.pattern_offset,
            _zone(holder),
            holder.raw,
            True,
        )  # fmt: skip
        for holder in holders
        if holder.pattern
    ]


class _Facts:
    """What the block checks read about one block, each part computed on first use."""

    __slots__ = ("block", "memo", "_holders", "_records", "_patterns", "_where")

    def __init__(self, block: ResourceBlock) -> None:
        self.block = block
        self.memo: dict[str, Any] = {}
        self._holders: tuple[Placeholder, ...] | None = None
        self._records: list[PatternSite] | None = None
        self._patterns: list[PatternSite] | None = None
        self._where: tuple[WhereSite | None] | None = None

    @property
    def holders(self) -> tuple[Placeholder, ...]:
        if self._holders is None:
            url = self.block.url
            self._holders = url_scan(url).placeholders if url is not None else ()
        return self._holders

    @property
    def records(self) -> list[PatternSite]:
        if self._records is None:
            self._records = _records(self.block)
        return self._records

    @property
    def patterns(self) -> list[PatternSite]:
        if self._patterns is None:
            self._patterns = _patterns(self.block, self.holders)
        return self._patterns

    @property
    def where(self) -> WhereSite | None:
        if self._where is None:
            url = self.block.url
            unclosed = url is None or url_scan(url).unclosed is not None
            self._where = (None if unclosed else where_site(self.block),)
        return self._where[0]


# The block checks of one block run back to back, so one slot suffices; holding
# the block keeps its id from being reused while the slot is filled.
_LAST: list[_Facts] = []


def _facts(block: ResourceBlock) -> _Facts:
    if _LAST and _LAST[0].block is block:
        return _LAST[0]
    facts = _Facts(block)
    _LAST[:] = [facts]
    return facts


def block_memo(block: ResourceBlock, name: str, build: Callable[[ResourceBlock], _T]) -> _T:
    """``build(block)``, computed once for all the block checks of one block."""
    memo = _facts(block).memo
    if name not in memo:
        memo[name] = build(block)
    return memo[name]  # type: ignore[no-any-return]


def block_records(block: ResourceBlock) -> list[PatternSite]:
    """The block's record date formats (updatedDateFormat, createdDateFormat)."""
    return _facts(block).records


def block_holders(block: ResourceBlock) -> tuple[Placeholder, ...]:
    """The ``${...}`` placeholders of the block's URL."""
    return _facts(block).holders


def block_patterns(block: ResourceBlock) -> list[PatternSite]:
    """The date patterns inside the block's URL placeholders."""
    return _facts(block).patterns


def block_sites(block: ResourceBlock) -> list[PatternSite]:
    """Record formats, then placeholder patterns."""
    facts = _facts(block)
    return [*facts.records, *facts.patterns]


def block_where(block: ResourceBlock) -> WhereSite | None:
    """The block's ``where``; None when absent or a placeholder is unclosed (S212 reports it)."""
    return _facts(block).where


def catalog_entry(ctx: LintContext, block: ResourceBlock) -> CatalogResource | None:
    """The catalog resource a block polls: its URL's resource, else its key."""
    if ctx.catalog is None:
        return None
    url = poll_url(block.url) if block.url is not None else None
    if url is not None and url.resource and not url.is_absolute:
        return ctx.catalog.get(url.resource)
    return ctx.catalog.get(block.key)


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
