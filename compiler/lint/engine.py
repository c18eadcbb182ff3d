"""Run every check on one document and place each finding in the file.

Order of work: loading findings, then the schema, then the semantic rules.
Positions are computed only when there is something to report. A rule that
crashes becomes an ``S000`` finding rather than a traceback, so one bug never
hides the other files' results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..codes import RuleDoc
from ..findings import Finding, Severity
from ..load.codes import LOAD_CODES
from ..load.documents import Document
from .codes import LINT_CODES
from .context import POLLER_POINTER, LintContext, Violation, build_context
from .locate import Locator
from .rules import RULES, Rule
from .schema import schema_errors

__all__ = ["MAX_RESOURCES", "lint_document"]

#: Cloud Elements instances poll a few dozen resources; far more is a generated
#: or corrupted file, and the semantic rules are refused rather than run for minutes.
MAX_RESOURCES = 5_000


@dataclass(frozen=True)
class _Raw:
    code: str
    name: str
    severity: Severity
    violation: Violation


def _raw(doc: RuleDoc, violation: Violation) -> _Raw:
    return _Raw(doc.code, doc.name, doc.severity, violation)


def _loading(doc: Document, locator: Locator) -> Iterator[_Raw]:
    if doc.has_duplicates:
        for pointer in locator.outer.duplicates:
            message = f"duplicate key `{pointer.rsplit('/', 1)[-1]}`: the last one silently wins"
            violation = Violation(pointer, message, at_key=True)
            yield _raw(LOAD_CODES["S002"], violation)
    if (problem := locator.poller_syntax_error()) is not None:
        message, offset = problem
        violation = Violation(POLLER_POINTER, message, offset=offset)
        yield _raw(LOAD_CODES["S009"], violation)


def _schema(doc: Document) -> Iterator[_Raw]:
    for error in schema_errors(doc.data):
        violation = Violation(error.pointer, error.message, at_key=error.at_key)
        yield _Raw(error.code, error.name, Severity.ERROR, violation)


def _run_rule(rule: Rule, ctx: LintContext) -> Iterator[_Raw]:
    try:
        for violation in rule.check(ctx):
            yield _Raw(rule.CODE, rule.NAME, violation.severity or rule.SEVERITY, violation)
    except Exception as exc:  # noqa: BLE001 - reported as a finding, never a traceback
        message = f"rule {rule.CODE} failed on this file ({type(exc).__name__}: {exc})"
        yield _raw(LINT_CODES["S000"], Violation("", message))


def _place(doc: Document, locator: Locator, raw: _Raw) -> Finding:
    v = raw.violation
    line, column = locator.locate(v.pointer, v.at_key, v.offset)
    return Finding(
        doc.path, line, column, raw.code, raw.name, raw.severity, v.message, v.pointer, v.fix
    )


def _too_many(ctx: LintContext) -> _Raw | None:
    if len(ctx.resources) <= MAX_RESOURCES:
        return None
    message = (
        f"{len(ctx.resources):,} resources in one instance; the limit is {MAX_RESOURCES:,}, "
        "so the semantic rules were skipped (split the instance)"
    )
    return _raw(LOAD_CODES["S011"], Violation(POLLER_POINTER, message))


def lint_document(doc: Document, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """All findings for ``doc``, sorted by line, column and code."""
    if not doc.ok:
        return sorted(doc.findings)
    locator = Locator(doc.text, doc.fmt, doc.data, node=doc.node)
    ctx = build_context(doc.path, doc.data)
    raws = [*_loading(doc, locator), *_schema(doc)]
    if (refused := _too_many(ctx)) is not None:
        raws.append(refused)
    else:
        for rule in RULES.values() if rules is None else rules:
            raws.extend(_run_rule(rule, ctx))
    locator.want(raw.violation.pointer for raw in raws)
    return sorted(_place(doc, locator, raw) for raw in raws)
