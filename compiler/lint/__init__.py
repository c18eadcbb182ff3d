"""Lint instance configs: loading, schema and semantic rules, as findings."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..findings import Finding
from ..load.documents import STDIN, Document, discover, load_file, load_text
from ..load.kinds import not_a_config
from .engine import lint_document

#: below this many files, starting worker processes costs more than it saves
PARALLEL_MIN_FILES = 150

__all__ = ["LintResult", "lint_data", "lint_document", "lint_paths"]


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    #: (path, why) of the files found that are not instance configs
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.documents)


_Linted = tuple[Document, list[Finding], str | None]


def _lint_file(path: str, stdin_name: str | None = None, keep_data: bool = True) -> _Linted:
    doc = load_file(path, stdin_name)
    if doc.ok and (why := not_a_config(doc.data)) is not None:
        return doc.without_node(keep_data), [], why
    # The YAML node served the positions; it never travels back from a worker,
    # nor does the parsed data when the caller needs only the text.
    return doc.without_node(keep_data), lint_document(doc), None


def _jobs(files: list[str], jobs: int | None) -> int:
    if jobs is None:
        jobs = os.cpu_count() or 1
    if len(files) < PARALLEL_MIN_FILES or STDIN in files or not hasattr(os, "fork"):
        return 1
    return jobs


def _lint_files(
    files: list[str], jobs: int, stdin_name: str | None, keep_data: bool
) -> Iterator[_Linted]:
    if jobs <= 1:
        yield from (_lint_file(path, stdin_name, keep_data) for path in files)
        return
    import multiprocessing  # only large runs pay for it
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # fork: workers inherit the loaded schema, catalog and rules, so they start warm.
    # Linting the first file here builds them (and YAML's parser, if any file needs
    # it) once, instead of once in every worker.
    yield _lint_file(files[0], stdin_name, keep_data)
    files = files[1:]
    if any(name.endswith((".yaml", ".yml")) for name in files):
        from ..load import yaml_safe  # noqa: F401 - imported before the fork
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        work = partial(_lint_file, stdin_name=None, keep_data=keep_data)
        yield from pool.map(work, files, chunksize=max(1, len(files) // (jobs * 8)))


def lint_paths(
    paths: Iterable[str],
    accept: Callable[[str], bool] | None = None,
    *,
    jobs: int | None = None,
    stdin_name: str | None = None,
    keep_data: bool = True,
) -> LintResult:
    """Lint every file under ``paths`` (folders recurse; ``-`` is stdin).

    ``accept`` filters the files found inside folders (include/exclude globs);
    ``stdin_name`` is the name stdin is reported (and its format guessed) under.
    Files that are not instance configs (plans, ``package.json``) are skipped
    and listed in ``skipped``. ``keep_data=False`` leaves ``data`` out of the
    documents returned (the lint command needs only their text).
    Large sets are spread over ``jobs`` worker processes (default: one per core).
    """
    files = discover(paths, accept)
    result = LintResult()
    for doc, findings, skipped in _lint_files(files, _jobs(files, jobs), stdin_name, keep_data):
        if skipped is not None:
            result.skipped.append((doc.path, skipped))
            continue
        result.documents.append(doc)
        result.findings.extend(findings)
    result.findings.sort()
    return result


def lint_data(data: object, *, path: str = "<memory>", text: str | None = None) -> list[Finding]:
    """Lint an already-parsed document; positions come from ``text`` when given."""
    if text is None:
        text = json.dumps(data, indent=2)
        return lint_document(load_text(path, text, "json"))
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    return lint_document(load_text(path, text, fmt))
