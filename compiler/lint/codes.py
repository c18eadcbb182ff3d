"""The lint codes that are not rule modules: S000 (a rule crashed), S1xx (the schema),
S9xx (suppressions). The S2xx rules document themselves (``lint/rules``)."""

from __future__ import annotations

from ..codes import describe, table
from ..findings import Severity

__all__ = ["LINT_CODES"]

LINT_CODES = table(
    describe(
        "S000",
        "internal-error",
        "A rule crashed on this file.",
        "This is a bug in sage200cfg; please report it with the file. The other rules still ran.",
    ),
    describe(
        "S101",
        "unknown-key",
        "A key the schema does not know (often a typo).",
        "Unknown keys are ignored by Cloud Elements, so a misspelt setting silently keeps its default.",
    ),
    describe(
        "S102",
        "wrong-type",
        "A value has the wrong type.",
        "The poller reads these values with fixed types; a wrong type is rejected or misread.",
    ),
    describe(
        "S103",
        "missing-key",
        "A required key is missing.",
        "The parameter table requires it; without it the instance or the resource cannot poll.",
    ),
    describe(
        "S104",
        "invalid-value",
        "A value is outside what the parameter allows.",
        "Out-of-range values are rejected by Cloud Elements or make the poller misbehave.",
    ),
    describe(
        "S105",
        "schema-mismatch",
        "A value matches none of the allowed forms.",
        "The parameter accepts a few shapes only; this one matches none of them.",
    ),
    describe(
        "S901",
        "unused-suppression",
        "A `# sage200cfg: ignore[...]` comment suppresses nothing.",
        "Stale suppressions hide future problems on that line; remove them.",
        Severity.WARNING,
    ),
    describe(
        "S902",
        "invalid-suppression",
        "A `# sage200cfg:` comment is not a valid suppression (no codes, or an unknown directive).",
        "A suppression must name the codes it silences, like `# sage200cfg: ignore[S231]`; a bare or misspelt one silences nothing while looking as if it did.",
        Severity.WARNING,
    ),
)
