"""Mask secret values in the source lines the text report quotes.

Messages are redacted by the rules, but a source frame quotes the file itself,
and the line under a "plain-text secret" finding is exactly the secret. Any
value whose key names a credential shows ``****`` instead, on a ``key: value``
line or in a ``"key": "value"`` pair anywhere (minified JSON); ``${env:NAME}``
references stay visible because they hold no secret.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

__all__ = ["MASK", "is_secret_key", "mask_line", "secret_spans", "shift_column"]

MASK = "****"

_SECRET_KEY = re.compile(
    r"password|passwd|secret|token|private|credential|signing\.key|signature\.key"
    r"|subscription\.key|api\.key|apikey",
    re.IGNORECASE,
)
# `key: value` (YAML) or `"key": value` (JSON), optionally as a list item.
_KEY_VALUE = re.compile(
    r"""^(?P<head>\s*(?:-\s+)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<plain>[^\s"'#{\[][^:#]*?))"""
    r"""\s*:(?:\s+|(?=["'\d\[{])))(?P<value>.*)$"""
)
# A `"key": "value"` pair anywhere in a line: minified JSON puts a whole config on one.
_INLINE_PAIR = re.compile(r'(?P<key>"(?:[^"\\]|\\.)*")\s*:\s*(?P<value>"(?:[^"\\]|\\.)*")')
# A `key: value` pair inside a YAML flow mapping (`{a: b, c: d}`), plain or quoted;
# a quoted value may run on past the end of the line.
_FLOW_PAIR = re.compile(
    r"""(?:^|[{,])\s*(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s{}\[\],:"'#][^{}\[\],:#]*?)"""
    r"""\s*:\s+(?P<value>"(?:[^"\\]|\\.)*\\?(?:"|$)|'(?:[^']|'')*(?:'|$)|[^\s{}\[\],"'][^{}\[\],]*?)"""
    r"""(?=\s*(?:[,}\]]|$))"""
)
_ENV_REFERENCE = re.compile(r"""^["']?\$\{env:[A-Za-z_][A-Za-z0-9_]*\}["']?,?\s*$""")

Span = tuple[int, int]


# The credential keys of an instance config; a misspelt one still holds a credential.
_CREDENTIAL_KEYS = (
    "oauth.api.key",
    "oauth.api.secret",
    "subscription.key",
    "signing.key",
    "event.notification.basic.password",
    "event.notification.signature.key",
)


def is_secret_key(key: str) -> bool:
    """Whether a config key (e.g. ``oauth.api.secret``) names a credential."""
    return bool(_SECRET_KEY.search(key)) or _misspelt_credential(key.strip("\"'"))


@lru_cache(maxsize=4096)
def _misspelt_credential(key: str) -> bool:
    # `oauth.api.secert` is reported as an unknown key, with its line quoted.
    return bool(difflib.get_close_matches(key, _CREDENTIAL_KEYS, n=1, cutoff=0.85))


def mask_line(line: str, pointer: str = "") -> str:
    """The line with every credential value replaced by :data:`MASK`."""
    out, last = [], 0
    for start, end in secret_spans(line, pointer):
        out += [line[last:start], MASK]
        last = end
    return "".join(out) + line[last:]


def shift_column(index: int, spans: list[Span]) -> int:
    """Where character ``index`` of the raw line sits in the masked line."""
    shift = 0
    for start, end in spans:
        if index >= end:
            shift += (end - start) - len(MASK)
        elif index > start:
            return start - shift  # inside a masked value: point at the mask
    return index - shift


def secret_spans(line: str, pointer: str = "") -> list[Span]:
    """The sorted, disjoint ``[start, end)`` spans of credential values in ``line``.

    ``pointer`` is the finding's JSON pointer: a line inside a multi-line
    secret (a YAML block scalar) has no key of its own, so when the pointer
    names a secret and the line names no key, the whole line is masked.
    """
    spans = _leading_span(line, pointer)
    for match in (*_INLINE_PAIR.finditer(line), *_FLOW_PAIR.finditer(line)):
        start, end = match.span("value")
        overlaps = any(start < s_end and s_start < end for s_start, s_end in spans)
        if is_secret_key(match["key"]) and not _ENV_REFERENCE.match(match["value"]):
            spans += [] if overlaps else [(start, end)]
    return sorted(spans)


def _leading_span(line: str, pointer: str) -> list[Span]:
    match = _KEY_VALUE.match(line)
    if match is None:
        last_token = pointer.rsplit("/", 1)[-1]
        if last_token and is_secret_key(last_token) and line.strip():
            return [(len(line) - len(line.lstrip()), len(line.rstrip()))]
        return []
    key = match["dq"] if match["dq"] is not None else match["sq"] or match["plain"] or ""
    value = match["value"].rstrip()
    if not is_secret_key(key) or not value or _ENV_REFERENCE.match(value):
        return []
    start = match.start("value")
    # Keep a JSON line's trailing comma; a YAML trailing comment goes with the value.
    return [(start, start + len(value) - value.endswith(","))]
