"""Apply the fixes that lint findings carry, keeping every other byte.

Safe fixes apply by default; unsafe ones only with ``unsafe=True`` (ruff's
``--unsafe-fixes``). Two fixes that touch the same value, or a value and
something inside it, conflict: the first wins and the other is skipped, so a
second ``lint --fix`` run can pick it up against the new text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from ..findings import Edit, Finding
from ..secrets import MASK, is_secret_key, mask_line
from .splice import EditError, apply_edits

__all__ = ["FixOutcome", "apply_fixes", "unified_diff"]


@dataclass(frozen=True)
class FixOutcome:
    """The fixed text, the findings whose fixes went in, and those skipped (with why)."""

    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[tuple[Finding, str], ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def _overlaps(pointer: str, taken: set[str]) -> bool:
    for other in taken:
        if pointer == other or pointer.startswith(other + "/") or other.startswith(pointer + "/"):
            return True
    return False


def _skip_reason(finding: Finding, unsafe: bool, taken: set[str]) -> str | None:
    fix = finding.fix
    if fix is None or not fix.edits:
        return "no fix"
    if not fix.safe and not unsafe:
        return "unsafe fix (use --unsafe-fixes)"
    if any(_overlaps(edit.pointer, taken) for edit in fix.edits):
        return "conflicts with another fix"
    return None


def apply_fixes(
    text: str, fmt: str, findings: Sequence[Finding], *, unsafe: bool = False
) -> FixOutcome:
    """Apply the fixes of ``findings`` (in sorted order) to ``text`` (``fmt``: json|yaml)."""
    applied: list[Finding] = []
    skipped: list[tuple[Finding, str]] = []
    taken: set[str] = set()
    for finding in sorted(findings):
        if finding.fix is None:
            continue
        reason = _skip_reason(finding, unsafe, taken)
        if reason is None:
            edits: tuple[Edit, ...] = finding.fix.edits
            try:
                text = apply_edits(text, fmt, edits)
            except EditError as exc:
                reason = f"cannot apply: {exc}"
            else:
                applied.append(finding)
                taken.update(edit.pointer for edit in edits)
        if reason is not None:
            skipped.append((finding, reason))
    return FixOutcome(text, tuple(applied), tuple(skipped))


def unified_diff(path: str, old: str, new: str) -> str:
    """A ``git diff``-style unified diff of ``path`` (empty when nothing changed).

    Credential values are masked (``****``): a fix that moves a plain-text
    password to ``${env:NAME}`` must not print the password while doing so.
    """
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path.lstrip('/')}",
        tofile=f"b/{path.lstrip('/')}",
    )
    secrets = _secret_values(old) | _secret_values(new)
    out = []
    for index, line in enumerate(lines):
        if index >= 2 and line[:1] in (" ", "+", "-"):
            body = line[1:].rstrip("\n")
            masked = _mask_whole(body) if _inside_secret(body, secrets) else mask_line(body)
            line = line[0] + masked + line[1 + len(body) :]
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


_ENV_REF = re.compile(r"\$\{env:[A-Za-z_][A-Za-z0-9_]*\}")


def _secret_values(text: str) -> set[str]:
    """Plain-text credential values of a config (YAML parses the JSON ones too)."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # noqa: BLE001 - an unparsable text simply has nothing to add
        return set()
    found: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and is_secret_key(str(key)):
                    found.add(value)
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return {v for v in found if v.strip() and not _ENV_REF.fullmatch(v.strip())}


def _inside_secret(body: str, secrets: set[str]) -> bool:
    """A line of a secret written over several lines (a YAML block scalar, a folded
    long value) has no key of its own for ``mask_line`` to go by.

    Quoting and escapes differ between the source line and the value, so a line
    whose letters and digits (eight or more) occur in a secret's is part of it.
    """
    fragment = body.strip().strip("\"',")
    letters = _letters(fragment)
    return bool(fragment) and any(
        fragment in secret.splitlines() or (len(letters) >= 8 and letters in _letters(secret))
        for secret in secrets
    )


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _mask_whole(body: str) -> str:
    return body[: len(body) - len(body.lstrip())] + MASK
