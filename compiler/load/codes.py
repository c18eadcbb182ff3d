"""S0xx: what can go wrong before a document exists."""

from __future__ import annotations

from ..codes import describe, table

__all__ = ["LOAD_CODES"]

_LOAD = "Nothing else can be checked in a file that cannot be read; other files are still linted."

LOAD_CODES = table(
    describe("S001", "syntax-error", "The file is not valid JSON or YAML.", _LOAD),
    describe(
        "S002",
        "duplicate-key",
        "A key appears twice in the same object.",
        "JSON and YAML parsers keep the last value silently, so the first one is dead text that readers still trust.",
    ),
    describe(
        "S003", "unreadable-file", "The file cannot be read (missing, or no permission).", _LOAD
    ),
    describe(
        "S004",
        "encoding-error",
        "The file is not UTF-8.",
        "Cloud Elements and every JSON tool expect UTF-8; other encodings corrupt names and URLs.",
    ),
    describe("S005", "binary-file", "The file is binary, not JSON or YAML.", _LOAD),
    describe(
        "S006",
        "empty-file",
        "The file is empty.",
        "An empty config is almost always a failed write or a placeholder that was never filled.",
    ),
    describe(
        "S007",
        "file-too-large",
        "The file is larger than the size limit (8 MiB).",
        "Instance configs are small; a huge file is a mistake or an attack, and is refused before it is loaded.",
    ),
    describe(
        "S008",
        "unsafe-yaml",
        "The YAML uses object tags, or aliases that expand beyond the limit.",
        "Configs are data. Tags can construct objects, and a 'billion laughs' alias bomb exhausts memory; both are refused.",
    ),
    describe(
        "S009",
        "poller-configuration-syntax",
        "The JSON-encoded `event.poller.configuration` string is not valid JSON.",
        "Cloud Elements stores the poller configuration as a string; when it does not parse, polling silently does nothing.",
    ),
    describe(
        "S010",
        "nesting-too-deep",
        "The document nests deeper than 100 levels.",
        "Instance configs are a few levels deep; thousands of levels are a mistake or an attack, and are refused instead of crashing.",
    ),
    describe(
        "S011",
        "too-many-resources",
        "The poller configuration has more resources than the 5,000 limit.",
        "Instances poll a few dozen resources. A file with many thousands is generated or corrupted; the schema is still checked, but the semantic rules are skipped so that lint answers in seconds.",
    ),
)
