"""Read instance configs from files, folders or stdin into ``Document`` values.

Loading never stops the run: a file that cannot be read or parsed comes back
as a ``Document`` whose ``findings`` say why, with the real line and column,
so one bad file never hides the others (check-jsonschema's ``iter_files``).
The fast C parsers do the work; positions are computed later, only when a
file has something to report.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..findings import Finding
from . import problems
from .failures import is_parse_failure, to_finding

__all__ = ["MAX_FILE_BYTES", "Document", "discover", "load_file", "load_paths", "load_text"]

MAX_FILE_BYTES = 8 * 1024 * 1024
SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
STDIN = "-"


@dataclass(frozen=True)
class Document:
    """One input file: its text, its parsed data, and what loading found."""

    path: str
    fmt: str
    text: str
    data: Any = None
    findings: tuple[Finding, ...] = ()
    ok: bool = True
    has_duplicates: bool = field(default=False, compare=False)
    #: the composed YAML node, so positions need not parse the text again; it
    #: stays in the process that loaded it (``without_node`` before pickling)
    node: Any = field(default=None, compare=False, repr=False)

    def without_node(self, keep_data: bool = True) -> Document:
        """This document without its YAML node (and without ``data`` unless kept)."""
        if self.node is None and (keep_data or self.data is None):
            return self
        return replace(self, node=None, data=self.data if keep_data else None)


def _dict_no_dup_check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise problems.DuplicateKeys()
    return result


def _parse(text: str, fmt: str) -> tuple[Any, bool, Any]:
    """Parse with the C parsers; report whether keys repeat (positions come later)."""
    if fmt == "json":
        constant = problems.reject_constant(text)
        try:
            return json.loads(
                text, object_pairs_hook=_dict_no_dup_check, parse_constant=constant
            ), False, None
        except problems.DuplicateKeys:
            return json.loads(text, parse_constant=constant), True, None
    from .yaml_safe import load_yaml_node  # PyYAML is imported only for YAML files

    return load_yaml_node(text)


def load_text(path: str, text: str, fmt: str) -> Document:
    """Parse ``text``; failures become findings on the returned document."""
    if not text.strip():
        return Document(path, fmt, text, None, (problems.empty(path),), ok=False)
    try:
        data, duplicates, node = _parse(text, fmt)
    except RecursionError:
        return Document(path, fmt, text, None, (problems.too_deep(path),), ok=False)
    except Exception as exc:
        if not is_parse_failure(exc):
            raise
        return Document(path, fmt, text, None, (to_finding(path, text, exc),), False)
    if problems.nests_too_deeply(text, data, fmt):
        return Document(path, fmt, text, None, (problems.too_deep(path),), ok=False)
    if (surrogate := problems.lone_surrogate(path, text, data)) is not None:
        return Document(path, fmt, text, None, (surrogate,), ok=False)
    return Document(path, fmt, text, data, has_duplicates=duplicates, node=node)


def _guess_format(path: str, text: str) -> str:
    suffix = SUFFIXES.get(Path(path).suffix.lower())
    if suffix:
        return suffix
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def _decode(path: str, raw: bytes) -> str | Finding:
    if len(raw) > MAX_FILE_BYTES:
        return problems.too_large(path, len(raw), MAX_FILE_BYTES)
    if b"\x00" in raw[:8192]:
        return problems.binary(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return problems.not_utf8(path, raw, exc)


def load_file(path: str, stdin_name: str | None = None) -> Document:
    """Read one file (``-`` is stdin, reported as ``stdin_name`` when given) and parse it."""
    name = stdin_name if path == STDIN and stdin_name else path
    try:
        raw = sys.stdin.buffer.read() if path == STDIN else _read_bounded(path)
    except OSError as exc:
        finding = problems.unreadable(name, exc)
        return Document(name, SUFFIXES.get(Path(name).suffix, "json"), "", None, (finding,), False)
    text = _decode(name, raw)
    if isinstance(text, Finding):
        return Document(name, "json", "", None, (text,), ok=False)
    return load_text(name, text, _guess_format(name, text))


def _read_bounded(path: str) -> bytes:
    # Read one byte past the limit so a huge file is refused without loading it whole.
    with open(path, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _walk(folder: str) -> Iterator[str]:
    # Hidden files and folders (.git, .venv, editor droppings) are never configs.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield os.path.join(root, name)


def discover(paths: Iterable[str], accept: Callable[[str], bool] | None = None) -> list[str]:
    """Expand folders recursively, keeping the files ``accept`` lets through.

    Files named explicitly are always kept, whatever their suffix (as in ruff:
    naming a file is the strongest way to ask for it).
    """
    found: list[str] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found.extend(p for p in _walk(path) if accept is None or accept(p))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def load_paths(
    paths: Iterable[str], accept: Callable[[str], bool] | None = None
) -> Iterator[Document]:
    """Every input as a ``Document``, in a stable order."""
    for path in discover(paths, accept):
        yield load_file(path)
