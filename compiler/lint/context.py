"""What a lint rule sees: one instance config, pre-digested.

Rules never re-derive the poller configuration themselves: it may come as an
object or as a JSON-encoded string (Cloud Elements stores it that way), and
the context decodes it once. Every accessor tolerates schema-invalid input,
because schema errors are reported separately and must not crash a rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from ..catalog import Catalog, load_catalog
from ..findings import Fix, Severity
from ..pointer import join

__all__ = ["LintContext", "ResourceBlock", "Violation", "build_context"]

POLLER_KEY = "event.poller.configuration"
CONFIG_POINTER = "/configuration"
POLLER_POINTER = join(CONFIG_POINTER, POLLER_KEY)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Violation:
    """What a rule yields; the engine adds file, line, column, code and name.

    ``at_key`` points the position at the key of ``pointer`` rather than its
    value (use it for unknown or misplaced keys). ``severity`` overrides the
    rule's default where certainty differs case by case. ``offset`` is a
    character offset inside a string value (e.g. where in the URL the bad
    placeholder starts), so the column lands on the culprit itself.
    """

    pointer: str
    message: str
    fix: Fix | None = None
    severity: Severity | None = None
    at_key: bool = False
    offset: int | None = None


@dataclass(frozen=True)
class ResourceBlock:
    """One entry of ``event.poller.configuration``: ``key`` -> block."""

    key: str
    pointer: str
    data: Mapping[str, Any]

    def ptr(self, *tokens: str) -> str:
        return join(self.pointer, *tokens)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return value if isinstance(value, str) else None

    # Cached: some forty rules read these for every block, so a 100,000-resource
    # file would otherwise pay for millions of lookups and type checks.
    @cached_property
    def url(self) -> str | None:
        return self.text("url")

    @cached_property
    def dates(self) -> Mapping[str, Any]:
        value = self.data.get("datesConfiguration")
        return value if isinstance(value, Mapping) else {}

    def date_text(self, name: str) -> str | None:
        value = self.dates.get(name)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class LintContext:
    """One parsed instance config."""

    path: str
    data: Any
    config: Mapping[str, Any]
    element_key: str | None
    poller: Mapping[str, Any] | None
    resources: tuple[ResourceBlock, ...]
    catalog: Catalog | None
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, name: str, build: Callable[[LintContext], _T]) -> _T:
        """``build(self)``, computed once per document and shared by every rule."""
        if name not in self._memo:
            self._memo[name] = build(self)
        return self._memo[name]  # type: ignore[no-any-return]

    @staticmethod
    def config_ptr(key: str) -> str:
        return join(CONFIG_POINTER, key)

    def setting(self, key: str) -> Any:
        return self.config.get(key)

    def blocks(self) -> Iterator[ResourceBlock]:
        return iter(self.resources)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _decode_poller(raw: Any) -> Mapping[str, Any] | None:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None  # the loader reports the syntax error with its position
    return raw if isinstance(raw, Mapping) else None


def build_context(path: str, data: Any) -> LintContext:
    """Digest one document for the rules."""
    config = _mapping(_mapping(data).get("configuration"))
    element = _mapping(_mapping(data).get("element")).get("key")
    element_key = element if isinstance(element, str) else None
    poller = _decode_poller(config.get(POLLER_KEY))
    blocks = tuple(
        ResourceBlock(key, join(POLLER_POINTER, key), block)
        for key, block in (poller or {}).items()
        if isinstance(block, Mapping)
    )
    catalog = load_catalog() if element_key == "sage200" else None
    return LintContext(path, data, config, element_key, poller, blocks, catalog)
