"""A poller url -> (hub, path, query params): tokens of literal text and placeholders."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from ..placeholders import Placeholder as Scanned
from ..placeholders import scan
from ..plan.model import Literal, Placeholder, QueryParam
from .dates import java_zone, pattern_problem
from .parsing import CompileProblem, cached, relocate

__all__ = ["parse_query"]

_ZONE_OF_KIND = {"date": "UTC", "gmtDate": "GMT"}
_RUNTIME_PARAMS = ("pageSize", "nextPage")


def parse_query(
    url: Any, pointer: str, problems: list[CompileProblem]
) -> tuple[str, str, tuple[QueryParam, ...]] | None:
    """``/hubs/<hub>/<resource>?a=b&...`` -> (hub, path, params), values decoded."""
    if not isinstance(url, str) or not url.strip():
        problems.append(CompileProblem(pointer, "S405", "url is missing"))
        return None
    return relocate(_query(url), pointer, problems)


def _parse_query(
    url: str, problems: list[CompileProblem]
) -> tuple[str, str, tuple[QueryParam, ...]] | None:
    pointer = ""
    path, _, query = url.strip().partition("?")
    segments = [s for s in path.split("/") if s]
    if not path.startswith("/") or len(segments) < 3 or segments[0] != "hubs" or "${" in path:
        problems.append(
            CompileProblem(
                pointer,
                "S405",
                "url must be a hub path such as "
                "/hubs/finance/customers?where=...; the runtime appends it to "
                "the API base URL",
            )
        )
        return None
    params = []
    for pair in _split_pairs(query):
        name, _, value = pair.partition("=")
        name = unquote_plus(name) if "%" in name else name
        if name in _RUNTIME_PARAMS:
            problems.append(
                CompileProblem(
                    pointer,
                    "S405",
                    f"remove {name} from the url: the runtime "
                    "sends pageSize from the resource block and nextPage itself",
                )
            )
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


def _tokens(
    value: str, pointer: str, problems: list[CompileProblem]
) -> tuple[Literal | Placeholder, ...] | None:
    scanned = scan(value)
    if scanned.unclosed is not None:
        problems.append(CompileProblem(pointer, "S401", "a ${ in the url is never closed"))
        return None
    tokens: list[Literal | Placeholder] = []
    for part in scanned.parts:
        token = Literal(part) if isinstance(part, str) else _placeholder(part, pointer, problems)
        if token is None:
            return None
        tokens.append(token)
    return tuple(tokens)


def _placeholder(p: Scanned, pointer: str, problems: list[CompileProblem]) -> Placeholder | None:
    if p.legacy:
        problems.append(
            CompileProblem(
                pointer,
                "S401",
                f"{p.raw} has no date format; write e.g. ${{date:yyyy-MM-dd'T'HH:mm:ss}}",
            )
        )
        return None
    if p.kind is None or p.problem is not None:
        problems.append(CompileProblem(pointer, "S401", f"{p.raw}: {p.problem or 'unusable'}"))
        return None
    if p.kind == "epoch":
        return Placeholder("epoch", p.raw, unit=p.unit or "ms")
    zone, pattern = p.zone, p.pattern or ""
    problem = pattern_problem(pattern)
    if problem:
        problems.append(CompileProblem(pointer, "S401", f"{p.raw}: {problem}"))
        return None
    return Placeholder(p.kind, p.raw, pattern, java_zone(zone) or _ZONE_OF_KIND[p.kind])


_query = cached(_parse_query)
