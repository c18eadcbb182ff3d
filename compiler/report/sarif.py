"""SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other viewers.

One run; ``tool.driver.rules`` holds every documented rule plus any code a
finding uses without docs, so ``ruleIndex`` always resolves. Each result has
a physical location (1-based line and column, as SARIF requires) and, for a
finding inside the document, a logical location whose ``fullyQualifiedName``
is the RFC 6901 JSON pointer (also in ``properties.pointer``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Severity
from .base import ReportContext
from .ruledoc import RuleDoc, help_text

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "artifact_uri", "render_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], context: ReportContext) -> str:
    """A SARIF log with one run of sage200cfg."""
    rules = _rules(findings, context.rule_docs)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    uris = {path: artifact_uri(path) for path in {finding.file for finding in findings}}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": _driver(rules)},
                "results": [_result(f, index[f.code], uris) for f in findings],
            }
        ],
    }
    # Compact on purpose: json.dumps falls back to its pure-Python encoder
    # when indenting, which is 10x slower on a run with thousands of results.
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


def artifact_uri(path: str) -> str:
    """A file path as a SARIF ``uri``: relative stays relative, ``/`` separators."""
    if os.path.isabs(path):
        return _file_uri(path)
    return quote(path.replace(os.sep, "/"), safe="/")


def _file_uri(path: str) -> str:
    posix = path.replace(os.sep, "/")
    if not posix.startswith("/"):
        posix = "/" + posix  # a Windows drive path: file:///C:/...
    return "file://" + quote(posix, safe="/:")


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "sage200cfg", "version": __version__}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return driver


def _information_uri() -> str | None:
    """The project's home page from the installed metadata, if it declares one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("sage200cfg").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "home", "documentation", "source"}:
            return url.strip()
    return None


def _rules(findings: Sequence[Finding], docs: Mapping[str, RuleDoc]) -> list[dict[str, Any]]:
    by_code = {code: _rule(doc) for code, doc in docs.items()}
    for finding in findings:
        if finding.code not in by_code:
            by_code[finding.code] = _undocumented_rule(finding)
    return [by_code[code] for code in sorted(by_code)]


def _rule(doc: RuleDoc) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": doc.code,
        "name": doc.name,
        "shortDescription": {"text": doc.summary or doc.name},
    }
    details = help_text(doc)
    if details:
        rule["fullDescription"] = {"text": doc.text.strip()}
        rule["help"] = {"text": details, "markdown": details}
    rule["defaultConfiguration"] = {"level": _LEVEL[doc.severity]}
    return rule


def _undocumented_rule(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
    }


def _result(finding: Finding, rule_index: int, uris: Mapping[str, str]) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uris[finding.file]},
            "region": {
                "startLine": max(finding.line, 1),
                "startColumn": max(finding.column, 1),
            },
        }
    }
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer}]
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "properties": {"pointer": finding.pointer},
    }
