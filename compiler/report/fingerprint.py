"""SARIF ``partialFingerprints``: the same problem keeps its identity when lines move.

GitHub matches alerts across commits by fingerprint; a result without one is
matched by its line, so an upload through the API after an unrelated edit
closes every alert below the edit and opens it again. A fingerprint here
hashes what identifies the problem and nothing about where it sits:

- the rule, the file's SARIF ``uri`` and the finding's JSON pointer;
- the value at that pointer, so fixing it one way and breaking it another is
  a new alert. Only scalars count (an edit inside an object a finding points
  at is unrelated to it), and never a credential: a value under a key that
  names one is left out, and so are the user and password of a URL, since a
  hash of a short password can be reversed by guessing.

Identical results in one file (the same strict comparison twice in a URL)
are told apart by a ``:N`` occurrence count, as GitHub's own line hashes are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..findings import Finding
from ..pointer import split
from ..secrets import is_secret_key

__all__ = ["FINGERPRINT_KEY", "fingerprints"]

#: the ``partialFingerprints`` property; bump the version if the recipe changes
FINGERPRINT_KEY = "sage200cfgFinding/v1"

_USERINFO = re.compile(r"(?<=//)[^/@\s]*@")
_ABSENT = object()


def fingerprints(
    findings: Sequence[Finding], uris: Mapping[str, str], data: Mapping[str, Any]
) -> list[str]:
    """One fingerprint per finding, in order: ``<32 hex digits>:<occurrence>``."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        value = _value(data[finding.file], finding.pointer) if finding.file in data else ""
        parts = (finding.code, uris[finding.file], finding.pointer, value)
        digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        seen[digest] += 1
        out.append(f"{digest[:32]}:{seen[digest]}")
    return out


def _value(document: Any, pointer: str) -> str:
    """What of the value at ``pointer`` may go into a fingerprint."""
    try:
        tokens = split(pointer)
    except ValueError:
        return ""
    if any(is_secret_key(token) for token in tokens):
        return "<credential>"
    value = _resolve(document, tokens)
    if value is _ABSENT:
        return "<absent>"
    if isinstance(value, dict | list):
        return f"<{type(value).__name__}>"
    if isinstance(value, str):
        value = _USERINFO.sub("", value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _resolve(value: Any, tokens: Iterable[str]) -> Any:
    try:
        for token in tokens:
            if isinstance(value, str):
                value = json.loads(value)  # the poller configuration may be JSON-encoded
            if isinstance(value, dict):
                value = value[token]
            elif isinstance(value, list):
                value = value[int(token)]
            else:
                return _ABSENT
    except (LookupError, ValueError):
        return _ABSENT
    return value
