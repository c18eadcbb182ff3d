"""Every code a report can carry, explained: ``sage200cfg rules`` / ``rule CODE`` and SARIF.

Lint rules document themselves in their docstrings; loading, schema,
generation and suppression codes are described in ``lint.codes``; compile
codes in ``compile_codes.CODES``. This index puts them side by side.
"""

from __future__ import annotations

from functools import cache

from .codes import RuleDoc, parse_doc
from .compile.codes import CODES
from .lint.codes import BUILTIN_DOCS
from .lint.rules import RULES

__all__ = ["all_docs", "known_codes"]


def _compile_docs() -> dict[str, RuleDoc]:
    return {
        code: RuleDoc(code, name, severity, summary, why, "", "", "", f"{summary}\n\nWhy:\n{why}")
        for code, (name, severity, summary, why) in CODES.items()
    }


@cache
def all_docs() -> dict[str, RuleDoc]:
    """Code -> documentation, sorted by code."""
    docs = {**BUILTIN_DOCS, **_compile_docs()}
    for code, rule in RULES.items():
        docs[code] = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)
    return dict(sorted(docs.items()))


def known_codes() -> set[str]:
    """Every code, without parsing any documentation (for validating selectors)."""
    return {*BUILTIN_DOCS, *CODES, *RULES}
