"""Inline suppressions in YAML comments: ``# sage200cfg: ignore[S201,S230]``.

A suppression names its codes (a bare ``# sage200cfg: ignore`` would hide
every future problem on the line too, so it suppresses nothing and is
reported as ``S902``). It applies to the line it ends, or, alone on its line,
to the next line that holds content. Text after the bracket is a free reason::

    url: /hubs/finance/customers  # sage200cfg: ignore[S201] shared hub
    # sage200cfg: ignore[S231]
    updatedDateField: updated_at

A suppression that hides nothing is reported as ``S901`` (unused-suppression)
at the comment, so stale ones do not pile up. JSON has no comments, so JSON
files are never scanned. Call this before ``settings.filter_findings``: the
settings then also decide whether S901/S902 are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..findings import Finding
from .codes import LINT_CODES

__all__ = ["Suppression", "apply_suppressions", "parse_suppressions"]

UNUSED = LINT_CODES["S901"]
INVALID = LINT_CODES["S902"]

_DIRECTIVE = re.compile(r"#\s*sage200cfg\s*:\s*(?P<verb>[\w-]*)(?P<rest>.*)$")
_CODES = re.compile(r"^\[(?P<codes>[^\]]*)\]")
_CODE = re.compile(r"^S\d{3}$")
# A quote opens a quoted scalar only where a token can start.
_TOKEN_START = frozenset(" \t[{,:-?")


@dataclass(frozen=True)
class Suppression:
    """One directive: where the comment is, and the line its codes apply to."""

    line: int
    column: int
    codes: tuple[str, ...]
    target: int | None  # None: nothing follows a standalone comment


def apply_suppressions(findings: Iterable[Finding], sources: Mapping[str, str]) -> list[Finding]:
    """Findings minus suppressed ones, plus S901/S902 for stale or broken directives.

    ``sources`` maps each path to its text; files missing from it (or ending in
    ``.json``) keep all their findings.
    """
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    result: list[Finding] = []
    for path in sorted(set(by_file) | set(sources)):
        text = sources.get(path)
        if text is None or path.lower().endswith(".json") or "sage200cfg" not in text:
            result.extend(by_file.get(path, []))
            continue
        result.extend(_apply_to_file(path, by_file.get(path, []), text))
    return sorted(result)


def _apply_to_file(path: str, findings: list[Finding], text: str) -> Iterator[Finding]:
    suppressions, problems = parse_suppressions(path, text)
    yield from problems
    codes_at: dict[int, set[str]] = {}
    for suppression in suppressions:
        if suppression.target is not None:
            codes_at.setdefault(suppression.target, set()).update(suppression.codes)
    used: set[tuple[int, str]] = set()
    for finding in findings:
        if finding.code in codes_at.get(finding.line, ()):
            used.add((finding.line, finding.code))
        else:
            yield finding
    for suppression in suppressions:
        unused = [code for code in suppression.codes if (suppression.target, code) not in used]
        if unused:
            yield _unused(path, suppression, unused)


def parse_suppressions(path: str, text: str) -> tuple[list[Suppression], list[Finding]]:
    """The well-formed directives in ``text``, and S902 findings for the others."""
    lines = text.split("\n")
    suppressions: list[Suppression] = []
    problems: list[Finding] = []
    for number, line in enumerate(lines, start=1):
        if "sage200cfg" not in line:  # the cheap test first: most lines have no directive
            continue
        start = _comment_start(line)
        if start is None or (match := _DIRECTIVE.match(line, start)) is None:
            continue
        codes, problem = _codes(match["verb"], match["rest"])
        if problem:
            problems.append(_invalid(path, number, start + 1, problem))
            continue
        standalone = not line[:start].strip()
        target = _next_content_line(lines, number) if standalone else number
        suppressions.append(Suppression(number, start + 1, codes, target))
    return suppressions, problems


def _codes(verb: str, rest: str) -> tuple[tuple[str, ...], str]:
    """The directive's codes, or an explanation of why it is not valid."""
    example = "write `# sage200cfg: ignore[S201]`"
    if verb != "ignore":
        return (), f"unknown directive `sage200cfg: {verb}`; {example}"
    match = _CODES.match(rest.strip())
    if match is None:
        return (), f"a suppression must name its codes, so it suppresses nothing; {example}"
    codes = tuple(code.strip().upper() for code in match["codes"].split(",") if code.strip())
    if not codes:
        return (), f"`ignore[]` names no code, so it suppresses nothing; {example}"
    for code in codes:
        if not _CODE.match(code):
            return (), f"{code!r} is not a rule code (use full codes like S201)"
    return codes, ""


def _comment_start(line: str) -> int | None:
    """Index of the ``#`` that starts a YAML comment, outside any quotes."""
    quote, escaped, previous = "", False, " "
    for index, char in enumerate(line):
        if quote:
            if escaped:
                escaped = False
            elif quote == '"' and char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "'\"" and previous in _TOKEN_START:
            quote = char
        elif char == "#" and previous in " \t":
            return index
        previous = char
    return None


def _next_content_line(lines: list[str], after: int) -> int | None:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _unused(path: str, suppression: Suppression, codes: list[str]) -> Finding:
    listed = ", ".join(codes)
    if suppression.target is None:
        message = f"unused suppression of {listed}: no line follows the comment"
    else:
        message = f"unused suppression: no {listed} finding on line {suppression.target}"
    return Finding(path, suppression.line, suppression.column, UNUSED.code, UNUSED.name,
                   UNUSED.severity, message)


def _invalid(path: str, line: int, column: int, problem: str) -> Finding:
    return Finding(path, line, column, INVALID.code, INVALID.name, INVALID.severity, problem)
