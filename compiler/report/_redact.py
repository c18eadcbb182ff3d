"""Mask secret values in the source lines the text report quotes.

Messages are redacted by the rules, but a source frame quotes the file itself,
and the line under a "plain-text secret" finding is exactly the secret. Any
line whose key names a credential shows ``****`` instead of its value;
``${env:NAME}`` references stay visible because they hold no secret.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "is_secret_key", "mask_line"]

MASK = "****"

_SECRET_KEY = re.compile(
    r"password|passwd|secret|token|private|credential|signing\.key|signature\.key"
    r"|subscription\.key|api\.key|apikey",
    re.IGNORECASE,
)
# `key: value` (YAML) or `"key": value` (JSON), optionally as a list item.
_KEY_VALUE = re.compile(
    r"""^(?P<head>\s*(?:-\s+)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<plain>[^\s"'#][^:#]*?))"""
    r"""\s*:(?:\s+|(?=["'\d\[{])))(?P<value>.*)$"""
)
_ENV_REFERENCE = re.compile(r"""^["']?\$\{env:[A-Za-z_][A-Za-z0-9_]*\}["']?,?\s*$""")


def is_secret_key(key: str) -> bool:
    """Whether a config key (e.g. ``oauth.api.secret``) names a credential."""
    return bool(_SECRET_KEY.search(key))


def mask_line(line: str, pointer: str = "") -> str:
    """The line with any credential value replaced by :data:`MASK`.

    ``pointer`` is the finding's JSON pointer: a line inside a multi-line
    secret (a YAML block scalar) has no key of its own, so when the pointer
    names a secret and the line names no key, the whole line is masked.
    """
    match = _KEY_VALUE.match(line)
    if match is None:
        last_token = pointer.rsplit("/", 1)[-1]
        if last_token and is_secret_key(last_token) and line.strip():
            indent = line[: len(line) - len(line.lstrip())]
            return indent + MASK
        return line
    key = match["dq"] if match["dq"] is not None else match["sq"] or match["plain"] or ""
    value = match["value"]
    if not is_secret_key(key) or not value.strip() or _ENV_REFERENCE.match(value):
        return line
    comma = "," if value.rstrip().endswith(",") else ""
    return match["head"] + MASK + comma
