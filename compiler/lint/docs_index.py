"""Every explainable code, for ``sage200cfg rules`` and the SARIF report."""

from __future__ import annotations

from functools import cache

from .codes import BUILTIN_DOCS
from .docs import RuleDoc, parse_doc
from .rules import RULES

__all__ = ["all_docs"]


@cache
def all_docs() -> dict[str, RuleDoc]:
    """Code -> documentation, rule modules and built-in codes together, sorted."""
    docs = dict(BUILTIN_DOCS)
    for code, rule in RULES.items():
        docs[code] = parse_doc(code, rule.NAME, rule.SEVERITY, rule.__doc__)
    return dict(sorted(docs.items()))
