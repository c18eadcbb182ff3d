"""Every code a report can carry, in one place: ``sage200cfg rules``, ``rule CODE``,
settings validation and SARIF read it.

Each stage declares its own codes (``load.codes``, ``lint.codes``,
``generate.codes``, ``compile.codes``) and the S2xx lint rules document
themselves in their docstrings; all of them are :class:`~.codes.RuleDoc`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

from .codes import RuleDoc, parse_doc
from .compile.codes import COMPILE_CODES
from .generate.codes import GENERATE_CODES
from .lint.codes import LINT_CODES
from .lint.rules import RULES
from .load.codes import LOAD_CODES

__all__ = ["all_docs", "known_codes", "rules_listing"]

_DECLARED = (LOAD_CODES, LINT_CODES, GENERATE_CODES, COMPILE_CODES)


@cache
def all_docs() -> dict[str, RuleDoc]:
    """Code -> documentation, sorted by code."""
    docs: dict[str, RuleDoc] = {}
    for declared in _DECLARED:
        docs.update(declared)
    for code, rule in RULES.items():
        doc = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)
        docs[code] = replace(doc, strict=bool(getattr(rule, "LOSES_EVENTS", False)))
    return dict(sorted(docs.items()))


def rules_listing(fmt: str = "text") -> str:
    """``sage200cfg rules``: every code as text lines, or as a JSON array."""
    docs = all_docs().values()
    if fmt == "json":
        rows = [
            {
                "code": d.code,
                "name": d.name,
                "severity": d.severity.value,
                "strict": d.strict,
                "summary": d.summary,
                "fix": bool(d.fix),
            }
            for d in docs
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; choose text or json")
    mark = " (an error with --strict)"
    return "".join(
        f"{d.code}  {d.name:<34} {d.severity.value:<8} {d.summary}{mark if d.strict else ''}\n"
        for d in docs
    )


def known_codes() -> set[str]:
    """Every code, without parsing any documentation (for validating selectors)."""
    return {code for declared in _DECLARED for code in declared} | set(RULES)
