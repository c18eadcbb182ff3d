"""The pieces ``compile`` pre-parses: query tokens, JSON paths, dates, settings.

Each parser appends a :class:`Problem` and returns None (or the default) on
bad input instead of raising, so one bad resource never hides the others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import unquote_plus

from ..placeholders import Placeholder as Scanned
from ..placeholders import scan
from ..plan.model import DateExtraction, Literal, PathSegment, Placeholder, QueryParam
from ..pointer import join

__all__ = ["Problem", "date_extraction", "parse_path", "flag", "number", "parse_query"]

_ZONE_OF_KIND = {"date": "UTC", "gmtDate": "GMT"}
_OFFSET = re.compile(r"[+-]\d{1,2}(?::?\d\d)?")
_BRACKET = re.compile(r"""\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+))\s*\]""")
_NAME = re.compile(r"[^.\[\]]+")
_RUNTIME_PARAMS = ("pageSize", "nextPage")
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """A compile problem before it is located in its file."""

    pointer: str
    code: str
    message: str


def parse_path(text: Any, pointer: str, code: str, problems: list[Problem]) -> tuple[
        PathSegment, ...] | None:
    """``customer.id`` / ``['Modified Time']`` / ``lines[0].id`` -> segments."""
    segments = _segments(text.strip()) if isinstance(text, str) else None
    if not segments:
        problems.append(Problem(pointer, code, f"{text!r} is not a JSON path such as id, "
                                "customer.id or ['Modified Time']"))
        return None
    return segments


@lru_cache(maxsize=16384)
def _segments(text: str) -> tuple[PathSegment, ...] | None:
    text = text[1:] if text.startswith("$") else text
    pos = 1 if text.startswith(".") and text[1:2] != "." else 0
    segments: list[PathSegment] = []
    while pos < len(text):
        if text[pos] == "[":
            match = _BRACKET.match(text, pos)
            if match is None:
                return None
            quoted = match[1] if match[1] is not None else match[2]
            segment: PathSegment = (re.sub(r"\\(.)", r"\1", quoted) if quoted is not None
                                    else int(match[3]))
        else:
            match = _NAME.match(text, pos)
            if match is None:
                return None
            segment = match[0]
        if segment == "":
            return None
        segments.append(segment)
        pos = match.end()
        if text.startswith(".", pos):
            pos += 1
            if pos == len(text):
                return None
        elif pos < len(text) and text[pos] != "[":
            return None
    return tuple(segments)


def _cached(parse: Callable[..., T]) -> Callable[..., tuple[T, tuple[Problem, ...]]]:
    """Memoize a parser on its (hashable) arguments, problems included.

    Config repos repeat the same urls, paths and date settings across hundreds
    of instances; each is parsed once. Cached problems carry pointers relative
    to the caller's, which ``_relocate`` prefixes.
    """

    @lru_cache(maxsize=16384)
    def run(*args: Any) -> tuple[T, tuple[Problem, ...]]:
        found: list[Problem] = []
        return parse(*args, found), tuple(found)

    return run


def _relocate(result: tuple[T, tuple[Problem, ...]], pointer: str,
              problems: list[Problem]) -> T:
    value, found = result
    problems.extend(Problem(pointer + p.pointer, p.code, p.message) for p in found)
    return value


def parse_query(url: Any, pointer: str, problems: list[Problem]) -> tuple[
        str, str, tuple[QueryParam, ...]] | None:
    """``/hubs/<hub>/<resource>?a=b&...`` -> (hub, path, params), values decoded."""
    if not isinstance(url, str) or not url.strip():
        problems.append(Problem(pointer, "S405", "url is missing"))
        return None
    return _relocate(_query(url), pointer, problems)


def _parse_query(url: str, problems: list[Problem]) -> tuple[
        str, str, tuple[QueryParam, ...]] | None:
    pointer = ""
    path, _, query = url.strip().partition("?")
    segments = [s for s in path.split("/") if s]
    if not path.startswith("/") or len(segments) < 3 or segments[0] != "hubs" or "${" in path:
        problems.append(Problem(pointer, "S405", "url must be a hub path such as "
                                "/hubs/finance/customers?where=...; the runtime appends it to "
                                "the API base URL"))
        return None
    params = []
    for pair in _split_pairs(query):
        name, _, value = pair.partition("=")
        name = unquote_plus(name) if "%" in name else name
        if name in _RUNTIME_PARAMS:
            problems.append(Problem(pointer, "S405", f"remove {name} from the url: the runtime "
                                    "sends pageSize from the resource block and nextPage itself"))
            continue
        decoded = unquote_plus(value) if "%" in value else value
        tokens = _tokens(decoded, pointer, problems)
        if tokens is not None:
            params.append(QueryParam(name, tokens))
    return segments[1], path, tuple(params)


def _split_pairs(query: str) -> list[str]:
    """Split on ``&`` outside placeholders (a date pattern may hold one)."""
    pairs = [""]
    for part in scan(query).parts:
        if isinstance(part, str):
            first, *rest = part.split("&")
            pairs[-1] += first
            pairs.extend(rest)
        else:
            pairs[-1] += part.raw
    return [p for p in pairs if p]


def _tokens(value: str, pointer: str, problems: list[Problem]) -> tuple[
        Literal | Placeholder, ...] | None:
    scanned = scan(value)
    if scanned.unclosed is not None:
        problems.append(Problem(pointer, "S401", "a ${ in the url is never closed"))
        return None
    tokens: list[Literal | Placeholder] = []
    for part in scanned.parts:
        token = Literal(part) if isinstance(part, str) else _placeholder(part, pointer, problems)
        if token is None:
            return None
        tokens.append(token)
    return tuple(tokens)


def _placeholder(p: Scanned, pointer: str, problems: list[Problem]) -> Placeholder | None:
    if p.legacy:
        problems.append(Problem(pointer, "S401", f"{p.raw} has no date format; write e.g. "
                                "${date:yyyy-MM-dd'T'HH:mm:ss}"))
        return None
    if p.kind is None or p.problem is not None:
        problems.append(Problem(pointer, "S401", f"{p.raw}: {p.problem or 'unusable'}"))
        return None
    if p.kind == "epoch":
        return Placeholder("epoch", p.raw, unit=p.unit or "ms")
    zone, pattern = p.zone, p.pattern or ""
    problem = pattern_problem(pattern) or zone_problem(zone)
    if problem:
        problems.append(Problem(pointer, "S401", f"{p.raw}: {problem}"))
        return None
    return Placeholder(p.kind, p.raw, pattern, java_zone(zone) or _ZONE_OF_KIND[p.kind])


def java_zone(zone: str | None) -> str | None:
    """Cloud Elements documents bare offsets (``-6:00``, ``+6:00``) as zones; Java
    reads those only as custom IDs (``GMT-6:00``), and would otherwise use GMT."""
    return f"GMT{zone}" if zone and _OFFSET.fullmatch(zone) else zone


@lru_cache(maxsize=4096)
def pattern_problem(pattern: str) -> str | None:
    """Why the date engine cannot use ``pattern``, or None."""
    from ..datefmt import validate

    if not pattern:
        return "the date format is empty"
    problems = validate(pattern)
    return None if not problems else f"{problems[0].message} (format {pattern!r})"


def zone_problem(zone: str | None) -> str | None:
    """Why the date engine cannot resolve ``zone``, or None."""
    return None


def date_extraction(dates: Mapping[str, Any], which: str, pointer: str,
                    problems: list[Problem], required: bool) -> DateExtraction | None:
    """``datesConfiguration.<which>Date{Field,Format,Timezone}`` -> extraction."""
    field, fmt = dates.get(f"{which}DateField"), dates.get(f"{which}DateFormat")
    zone = dates.get(f"{which}DateTimezone") or "UTC"
    if not field and not required:
        return None
    args = (field, fmt, zone, which)
    try:
        return _relocate(_dates(*args), pointer, problems)
    except TypeError:  # an unhashable (schema-invalid) value: parse without the cache
        return _parse_dates(*args, problems)


def _parse_dates(field: Any, fmt: Any, zone: Any, which: str,
                 problems: list[Problem]) -> DateExtraction | None:
    pointer = ""
    if not field or not fmt or not isinstance(fmt, str) or not isinstance(zone, str):
        why = ("filterByUpdatedDate is false, so the runtime compares created dates"
               if which == "created" else "the runtime filters and dedupes on it")
        problems.append(Problem(pointer, "S403", f"datesConfiguration needs {which}DateField "
                                f"and {which}DateFormat: {why}"))
        return None
    path = parse_path(field, f"{pointer}/{which}DateField", "S403", problems)
    if path is None:
        return None
    zone = java_zone(zone) or "UTC"
    if fmt == "milliseconds":
        return DateExtraction(str(field), path, "milliseconds", None, zone)
    problem = pattern_problem(fmt) or zone_problem(zone)
    if problem:
        problems.append(Problem(f"{pointer}/{which}DateFormat", "S403", problem))
        return None
    return DateExtraction(str(field), path, "pattern", fmt, zone)


_query = _cached(_parse_query)
_dates = _cached(_parse_dates)


def flag(block: Mapping[str, Any], name: str, default: bool, pointer: str,
         problems: list[Problem]) -> bool:
    """A boolean setting; Cloud Elements also accepts the strings "true"/"false"."""
    value = block.get(name, default)
    if isinstance(value, bool):
        return value
    parsed = {"true": True, "false": False}.get(str(value).strip().lower())
    if parsed is None:
        problems.append(Problem(join(pointer, name), "S404", f"{name} must be true or false, "
                                f"not {value!r}"))
        return default
    return parsed


def number(block: Mapping[str, Any], name: str, default: float, pointer: str,
           problems: list[Problem], *, positive: bool = False, integer: bool = True) -> float:
    """A numeric setting; numeric strings count (CE examples write ``"15"``)."""
    value = block.get(name, default)
    parsed = _number(value)
    ok = parsed is not None and math.isfinite(parsed) and (parsed > 0 if positive else parsed >= 0)
    if parsed is None or not ok or (integer and not parsed.is_integer()):
        sign = "a positive" if positive else "a non-negative"
        kind = f"{sign} {'integer' if integer else 'number'}"
        problems.append(Problem(join(pointer, name), "S404", f"{name} must be {kind}, "
                                f"not {value!r}"))
        return default
    return parsed


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None
