"""Rule documentation as the reporters see it: a structural protocol.

Reporters take ``rule_docs: Mapping[str, RuleDoc]`` and never import the rule
registry, so any object with these attributes will do; ``lint.docs.RuleDoc``
(parsed from the rule docstrings, plus ``lint.codes.BUILTIN_DOCS`` for the
loading, schema and suppression codes) is the one the CLI passes.
"""

from __future__ import annotations

from typing import Protocol

from ..findings import Severity

__all__ = ["RuleDoc", "help_text"]


class RuleDoc(Protocol):
    """What a report may say about one rule code."""

    @property
    def code(self) -> str:
        """``S201``."""

    @property
    def name(self) -> str:
        """Kebab-case, e.g. ``url-resource-mismatch``."""

    @property
    def severity(self) -> Severity:
        """The severity the rule reports by default."""

    @property
    def summary(self) -> str:
        """One line (the docstring's first line)."""

    @property
    def text(self) -> str:
        """The whole documentation: summary, then Why/Bad/Good/Fix sections."""


def help_text(doc: RuleDoc) -> str:
    """The documentation without its summary line (SARIF's ``help``)."""
    first, _, rest = doc.text.strip().partition("\n")
    return rest.strip() if first.strip() == doc.summary.strip() else doc.text.strip()
