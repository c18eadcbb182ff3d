"""SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other viewers.

One run; ``tool.driver.rules`` holds every documented rule plus any code a
finding uses without docs, so ``ruleIndex`` always resolves. Each result has
a physical location (1-based line and column, as SARIF requires; columns
count Unicode code points, declared in ``columnKind``), relative to the base
folder named in ``originalUriBaseIds`` (see ``paths``), a fingerprint that
survives unrelated edits (see ``fingerprint``) and, for a finding inside the
document, a logical location whose ``fullyQualifiedName`` is the RFC 6901
JSON pointer (also in ``properties.pointer``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import __version__
from ..findings import Finding, Severity
from .base import ReportContext
from .escape import json_controls
from .fingerprint import FINGERPRINT_KEY, fingerprints
from .paths import SRCROOT, artifact_location, base_dir_uri, default_base_dir
from .ruledoc import RuleDoc, help_text

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "render_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], context: ReportContext) -> str:
    """A SARIF log with one run of sage200cfg."""
    rules = _rules(findings, context.rule_docs)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    base_dir = context.base_dir or default_base_dir()
    where = {path: artifact_location(path, base_dir) for path in {f.file for f in findings}}
    uris = {path: location["uri"] for path, location in where.items()}
    prints = fingerprints(findings, uris, context.data)
    run = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": {SRCROOT: {"uri": base_dir_uri(base_dir)}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, index[f.code], where[f.file], fingerprint)
            for f, fingerprint in zip(findings, prints, strict=True)
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    # Compact on purpose: json.dumps falls back to its pure-Python encoder
    # when indenting, which is 10x slower on a run with thousands of results.
    return json_controls(json.dumps(log, ensure_ascii=False, separators=(",", ":"))) + "\n"


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


def _result(
    finding: Finding, rule_index: int, artifact: dict[str, str], fingerprint: str
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": artifact,
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
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"pointer": finding.pointer},
    }
