"""Every code a report can carry, in one place: ``sage200cfg rules``, ``rule CODE``,
settings validation and SARIF read it.

Each stage declares its own codes (``load.codes``, ``lint.codes``,
``generate.codes``, ``compile.codes``) and the S2xx lint rules document
themselves in their docstrings; all of them are :class:`~.codes.RuleDoc`.
"""

from __future__ import annotations

from functools import cache

from .codes import RuleDoc, parse_doc
from .compile.codes import COMPILE_CODES
from .generate.codes import GENERATE_CODES
from .lint.codes import LINT_CODES
from .lint.rules import RULES
from .load.codes import LOAD_CODES

__all__ = ["all_docs", "known_codes"]

_DECLARED = (LOAD_CODES, LINT_CODES, GENERATE_CODES, COMPILE_CODES)


@cache
def all_docs() -> dict[str, RuleDoc]:
    """Code -> documentation, sorted by code."""
    docs: dict[str, RuleDoc] = {}
    for declared in _DECLARED:
        docs.update(declared)
    for code, rule in RULES.items():
        docs[code] = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)
    return dict(sorted(docs.items()))


def known_codes() -> set[str]:
    """Every code, without parsing any documentation (for validating selectors)."""
    return {code for declared in _DECLARED for code in declared} | set(RULES)
