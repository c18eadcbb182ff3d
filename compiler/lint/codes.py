"""Documentation for the codes that are not rule modules: loading, schema, suppressions.

Together with the rule docstrings this makes every code that can appear in a
report explainable with ``sage200cfg rule CODE``.
"""

from __future__ import annotations

from ..codes import RuleDoc
from ..findings import Severity

__all__ = ["BUILTIN_DOCS"]


def _doc(
    code: str, name: str, summary: str, why: str, severity: Severity = Severity.ERROR
) -> RuleDoc:
    text = f"{summary}\n\nWhy:\n{why}"
    return RuleDoc(code, name, severity, summary, why, "", "", "", text)


_LOAD = "Nothing else can be checked in a file that cannot be read; other files are still linted."

BUILTIN_DOCS: dict[str, RuleDoc] = {
    doc.code: doc
    for doc in (
        _doc(
            "S000",
            "internal-error",
            "A rule crashed on this file.",
            "This is a bug in sage200cfg; please report it with the file. The other rules still ran.",
        ),
        _doc("S001", "syntax-error", "The file is not valid JSON or YAML.", _LOAD),
        _doc(
            "S002",
            "duplicate-key",
            "A key appears twice in the same object.",
            "JSON and YAML parsers keep the last value silently, so the first one is dead text that readers still trust.",
        ),
        _doc(
            "S003", "unreadable-file", "The file cannot be read (missing, or no permission).", _LOAD
        ),
        _doc(
            "S004",
            "encoding-error",
            "The file is not UTF-8.",
            "Cloud Elements and every JSON tool expect UTF-8; other encodings corrupt names and URLs.",
        ),
        _doc("S005", "binary-file", "The file is binary, not JSON or YAML.", _LOAD),
        _doc(
            "S006",
            "empty-file",
            "The file is empty.",
            "An empty config is almost always a failed write or a placeholder that was never filled.",
        ),
        _doc(
            "S007",
            "file-too-large",
            "The file is larger than the size limit (8 MiB).",
            "Instance configs are small; a huge file is a mistake or an attack, and is refused before it is loaded.",
        ),
        _doc(
            "S008",
            "unsafe-yaml",
            "The YAML uses object tags, or aliases that expand beyond the limit.",
            "Configs are data. Tags can construct objects, and a 'billion laughs' alias bomb exhausts memory; both are refused.",
        ),
        _doc(
            "S009",
            "poller-configuration-syntax",
            "The JSON-encoded `event.poller.configuration` string is not valid JSON.",
            "Cloud Elements stores the poller configuration as a string; when it does not parse, polling silently does nothing.",
        ),
        _doc(
            "S010",
            "nesting-too-deep",
            "The document nests deeper than 100 levels.",
            "Instance configs are a few levels deep; thousands of levels are a mistake or an attack, and are refused instead of crashing.",
        ),
        _doc(
            "S011",
            "too-many-resources",
            "The poller configuration has more resources than the 5,000 limit.",
            "Instances poll a few dozen resources. A file with many thousands is generated or corrupted; the schema is still checked, but the semantic rules are skipped so that lint answers in seconds.",
        ),
        _doc(
            "S101",
            "unknown-key",
            "A key the schema does not know (often a typo).",
            "Unknown keys are ignored by Cloud Elements, so a misspelt setting silently keeps its default.",
        ),
        _doc(
            "S102",
            "wrong-type",
            "A value has the wrong type.",
            "The poller reads these values with fixed types; a wrong type is rejected or misread.",
        ),
        _doc(
            "S103",
            "missing-key",
            "A required key is missing.",
            "The parameter table requires it; without it the instance or the resource cannot poll.",
        ),
        _doc(
            "S104",
            "invalid-value",
            "A value is outside what the parameter allows.",
            "Out-of-range values are rejected by Cloud Elements or make the poller misbehave.",
        ),
        _doc(
            "S105",
            "schema-mismatch",
            "A value matches none of the allowed forms.",
            "The parameter accepts a few shapes only; this one matches none of them.",
        ),
        _doc(
            "S301",
            "unknown-catalog-resource",
            "`generate` was asked for a resource the Sage 200 catalog does not serve.",
            "Blocks are built from the catalog so that URLs and field names cannot be copied wrong; an unknown name gets a did-you-mean and the list of served resources.",
        ),
        _doc(
            "S302",
            "resource-not-pollable",
            "`generate` was asked for a resource that cannot be polled by date.",
            "Without an updated-date field or a GET list, every poll would read everything, so no block is generated.",
        ),
        _doc(
            "S303",
            "template-error",
            "A template has a syntax error, an undefined name, or tried to leave the sandbox.",
            "Templates (including user templates from --templates) are untrusted: they render in a Jinja2 sandbox with StrictUndefined, and any failure stops generation with the template's file and line.",
        ),
        _doc(
            "S304",
            "template-output-invalid",
            "A template rendered something that is not a JSON object.",
            "Generated blocks are parsed and linted before they are printed or written; text that is not a config is refused.",
        ),
        _doc(
            "S305",
            "into-refused",
            "`generate --into` cannot add the block to that file.",
            "The resource already exists (use --force), or the file has no poller configuration object to add it to; the file is left untouched.",
        ),
        _doc(
            "S306",
            "generated-config-has-errors",
            "The generated or edited config has lint errors.",
            "Generation must never produce or write a config that lints with errors; nothing is printed or written.",
        ),
        _doc(
            "S901",
            "unused-suppression",
            "A `# sage200cfg: ignore[...]` comment suppresses nothing.",
            "Stale suppressions hide future problems on that line; remove them.",
            Severity.WARNING,
        ),
        _doc(
            "S902",
            "invalid-suppression",
            "A `# sage200cfg:` comment is not a valid suppression (no codes, or an unknown directive).",
            "A suppression must name the codes it silences, like `# sage200cfg: ignore[S231]`; a bare or misspelt one silences nothing while looking as if it did.",
            Severity.WARNING,
        ),
    )
}
