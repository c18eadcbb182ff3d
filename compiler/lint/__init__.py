"""Lint instance configs: loading, schema and semantic rules, as findings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..findings import Finding
from ..loader import Document, load_paths, load_text
from .engine import lint_document

__all__ = ["LintResult", "lint_data", "lint_document", "lint_paths"]


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.documents)


def lint_paths(
    paths: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> LintResult:
    """Lint every file under ``paths`` (folders recurse; ``-`` is stdin)."""
    result = LintResult()
    for doc in load_paths(paths, include, exclude):
        result.documents.append(doc)
        result.findings.extend(lint_document(doc))
    result.findings.sort()
    return result


def lint_data(data: object, *, path: str = "<memory>", text: str | None = None) -> list[Finding]:
    """Lint an already-parsed document; positions come from ``text`` when given."""
    if text is None:
        text = json.dumps(data, indent=2)
        return lint_document(load_text(path, text, "json"))
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    return lint_document(load_text(path, text, fmt))
