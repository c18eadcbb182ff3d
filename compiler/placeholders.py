"""The ``${...}`` placeholders of a poller URL, scanned once for lint and compile.

Cloud Elements documents ``${date:F}``, ``${gmtDate:F}``,
``${dateTimeZone:ZONE:F}``, ``${epoch}`` and ``${epoch:s|ms|us}``; the bare
``${date}`` is a legacy form. Anything else is passed through verbatim by the
poller, which silently breaks the query, so it is reported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "Placeholder", "Scan", "scan"]

KINDS = ("date", "gmtDate", "dateTimeZone", "epoch")
EPOCH_UNITS = ("s", "ms", "us")
# A zone may hold a colon itself: Cloud Elements documents offsets like `-6:00`.
_ZONE_AND_PATTERN = re.compile(
    r"(?P<zone>(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?|[^:]+):(?P<pattern>.+)", re.S
)


@dataclass(frozen=True)
class Placeholder:
    """One ``${...}``; ``start``/``end`` are offsets into the URL (end exclusive)."""

    start: int
    end: int
    raw: str
    kind: str | None
    pattern: str | None = None
    zone: str | None = None
    unit: str | None = None
    legacy: bool = False
    problem: str | None = None

    @property
    def pattern_offset(self) -> int:
        """Offset of the date pattern inside the URL (for pointing at it)."""
        return self.end - 1 - len(self.pattern or "")


@dataclass(frozen=True)
class Scan:
    """The URL split into literal text and placeholders, plus brace problems."""

    parts: tuple[str | Placeholder, ...]
    unclosed: int | None = None  # offset of a ``${`` that never closes

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))


def _classify(start: int, end: int, body: str) -> Placeholder:
    raw = "${" + body + "}"
    head, _, rest = body.partition(":")
    if head == "date" and not rest:
        return Placeholder(start, end, raw, "date", legacy=True)
    if head in ("date", "gmtDate"):
        return Placeholder(start, end, raw, head, pattern=rest)
    if head == "dateTimeZone":
        match = _ZONE_AND_PATTERN.fullmatch(rest)
        if match is None:
            return Placeholder(start, end, raw, head, problem="expects ${dateTimeZone:ZONE:FORMAT}")
        return Placeholder(start, end, raw, head, pattern=match["pattern"], zone=match["zone"])
    if head == "epoch":
        unit = rest or "ms"
        if unit not in EPOCH_UNITS:
            return Placeholder(start, end, raw, head, problem="epoch unit must be s, ms or us")
        return Placeholder(start, end, raw, head, unit=unit)
    return Placeholder(start, end, raw, None, problem=f"unknown placeholder {raw}")


def _closing_brace(url: str, start: int) -> int:
    """Offset of the ``}`` closing the placeholder at ``start``, or -1.

    Braces inside a quoted date-pattern literal (``'{'``) do not count, and a
    new ``${`` before the close means this one was never closed.
    """
    quoted = False
    for pos in range(start + 2, len(url)):
        char = url[pos]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "}":
            return pos
        elif not quoted and url.startswith("${", pos):
            return -1
    return -1


def scan(url: str) -> Scan:
    """Split ``url`` into literal segments and placeholders."""
    parts: list[str | Placeholder] = []
    pos = 0
    while (start := url.find("${", pos)) != -1:
        close = _closing_brace(url, start)
        if close == -1:
            parts.append(url[pos:])
            return Scan(tuple(p for p in parts if p != ""), unclosed=start)
        parts.append(url[pos:start])
        parts.append(_classify(start, close + 1, url[start + 2 : close]))
        pos = close + 1
    parts.append(url[pos:])
    return Scan(tuple(p for p in parts if p != ""))
