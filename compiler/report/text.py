"""The human-readable report: one line per finding, optionally a source frame.

Concise (no sources)::

    configs/a.yaml:7:10: S201 [error] resource key 'transactions' polls /customers

Full (sources given, as on a TTY), in the style of ruff's ``full`` output::

    configs/a.yaml:7:10: S201 [error] resource key 'transactions' polls /customers
      |
    7 |     url: /hubs/finance/customers
      |          ^
      = help: rename the key to 'customers'

Paths, messages, fix titles and quoted lines come from config files, so
control characters in them are shown escaped (``\\x1b``), never sent raw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..findings import Finding, Severity
from ..secrets import mask_line, secret_spans, shift_column
from .base import ReportContext, Summary
from .escape import printable

__all__ = ["render_text"]

_WIDTH = 100  # longest quoted source line
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_GUTTER = "\x1b[34m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}


class _Paint:
    """Wrap text in ANSI codes, or leave it alone when color is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not codes:
            return text
        return "".join(codes) + text + _RESET


def render_text(findings: Sequence[Finding], context: ReportContext) -> str:
    """``file:line:col: CODE [severity] message`` lines, then a summary line."""
    paint = _Paint(context.color)
    lines_of = _LineCache(context.sources or {})
    out: list[str] = []
    for finding in findings:
        out.append(_headline(finding, paint))
        source_lines = lines_of(finding.file)
        frame = _frame(finding, source_lines, paint) if source_lines is not None else []
        if frame:
            out.extend([*frame, ""])
    out.append(paint(Summary.of(findings, context.files_checked).line(), _BOLD))
    return "\n".join(out) + "\n"


def _headline(finding: Finding, paint: _Paint) -> str:
    color = _SEVERITY_COLOR[finding.severity]
    where = paint(f"{printable(finding.file)}:{finding.line}:{finding.column}:", _BOLD)
    code = paint(printable(finding.code), _BOLD, color)
    severity = paint(f"[{finding.severity.value}]", color)
    return f"{where} {code} {severity} {printable(finding.message)}"


def _frame(finding: Finding, source_lines: list[str], paint: _Paint) -> list[str]:
    """The quoted source line with a caret under the column (none if out of range)."""
    if not 1 <= finding.line <= len(source_lines):
        return []
    raw = source_lines[finding.line - 1]
    spans = secret_spans(raw, finding.pointer)
    masked = mask_line(raw, finding.pointer)
    index = shift_column(min(max(finding.column - 1, 0), len(raw)), spans)
    # Expanding and escaping the prefix alone keeps the caret under the same
    # character the expanded, escaped line shows.
    shown = printable(masked.expandtabs(4))
    caret_at = min(len(printable(masked[:index].expandtabs(4))), len(shown.rstrip()))
    shown, caret_at = _window(shown, caret_at)
    number = str(finding.line)
    pad = " " * len(number)
    caret = paint("^", _BOLD, _SEVERITY_COLOR[finding.severity])
    frame = [
        paint(f"{pad} |", _GUTTER),
        paint(f"{number} |", _GUTTER) + (f" {shown}" if shown else ""),
        paint(f"{pad} |", _GUTTER) + " " + " " * caret_at + caret,
    ]
    if finding.fix is not None:
        frame.append(paint(f"{pad} =", _GUTTER) + f" help: {printable(finding.fix.title)}")
    return frame


def _window(line: str, caret_at: int) -> tuple[str, int]:
    """A long line (minified JSON, an encoded poller config) cut to the caret's area."""
    if len(line) <= _WIDTH:
        return line, caret_at
    start = min(max(caret_at - _WIDTH // 2, 0), len(line) - _WIDTH)
    head = "…" if start > 0 else ""
    tail = "…" if start + _WIDTH < len(line) else ""
    return head + line[start : start + _WIDTH] + tail, caret_at - start + len(head)


class _LineCache:
    """Split each quoted file once, by ``\\n`` only (as YAML and JSON count lines)."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._lines: dict[str, list[str]] = {}

    def __call__(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = self._sources.get(path)
            if text is None:
                return None
            self._lines[path] = [line.rstrip("\r") for line in text.split("\n")]
        return self._lines[path]
