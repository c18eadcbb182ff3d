"""Which parser failed, and where: the dispatcher above the JSON and YAML parsers.

PyYAML is imported only when a YAML file is read, so a YAML error can exist
only when ``yaml`` is already loaded; this module never imports it itself.
"""

from __future__ import annotations

import json
import sys

from ..findings import Finding
from .problems import LoadRefused, finding

__all__ = ["is_parse_failure", "to_finding"]


def to_finding(path: str, text: str, exc: Exception) -> Finding:
    """A parse failure as a finding at its real line and column."""
    if isinstance(exc, LoadRefused):
        return finding(path, "S008", str(exc), exc.line, exc.column)
    if isinstance(exc, json.JSONDecodeError):
        return finding(path, "S001", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
    if _is_yaml_error(exc):
        from .yaml_safe import yaml_finding

        return yaml_finding(path, text, exc)
    return finding(path, "S001", f"cannot parse: {exc}")


def _is_yaml_error(exc: Exception) -> bool:
    yaml = sys.modules.get("yaml")  # loaded whenever a YAML error can exist
    return yaml is not None and isinstance(exc, yaml.YAMLError)


def is_parse_failure(exc: Exception) -> bool:
    """Whether ``exc`` is the parser saying no (as opposed to a bug)."""
    return isinstance(exc, ValueError | LoadRefused) or _is_yaml_error(exc)
