"""Credentials in instance configs: which keys hold them, the env names they move to,
and how their values are masked wherever a source line is quoted.

A secret never travels in plain text past lint: configs should say
``${env:NAME}``, and when one does not, compile puts a reference to the
same ``NAME`` in the plan that lint's S275 suggests, so that exporting the
variable lint names is enough for ``sage200cfg run``.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

__all__ = [
    "DELIVERY_SECRET_KEYS", "ENV_REF", "INSTANCE_SECRET_KEYS", "MASK", "SECRET_KEYS", "env_name",
    "has_env_ref", "instance_prefix", "is_secret_key", "mask_line", "secret_spans", "shift_column",
]

#: The instance's own credentials; ``init`` writes ``${env:NAME}`` references for them.
INSTANCE_SECRET_KEYS = ("oauth.api.key", "oauth.api.secret", "subscription.key", "signing.key")
#: The credentials of event delivery (basic auth, the signature key).
DELIVERY_SECRET_KEYS = ("event.notification.basic.password", "event.notification.signature.key")
#: Every credential key of an instance config: the one list lint, compile and reports read.
SECRET_KEYS = INSTANCE_SECRET_KEYS + DELIVERY_SECRET_KEYS
#: ``${env:NAME}``: the value is read from the environment when the plan runs.
ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def has_env_ref(value: Any) -> bool:
    return isinstance(value, str) and ENV_REF.search(value) is not None


def env_name(key: str, prefix: str = "SAGE200") -> str:
    """``("oauth.api.key", "SAGE200")`` -> ``SAGE200_OAUTH_API_KEY``.

    ``event.notification.`` is dropped: ``basic.password`` -> ``..._BASIC_PASSWORD``.
    """
    tail = re.sub(r"[^A-Z0-9]+", "_", key.removeprefix("event.notification.").upper()).strip("_")
    return f"{prefix}_{tail}" if prefix else tail


def instance_prefix(instance: str) -> str:
    """The env prefix of an instance's secrets: ``myCool`` -> ``SAGE200CFG_MYCOOL``."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", instance).strip("_").upper() or "INSTANCE"
    return f"SAGE200CFG_{slug}"

# Masking. Messages are redacted by the rules, but a source frame quotes the
# file itself, and the line under a "plain-text secret" finding is exactly the
# secret. Any value whose key names a credential shows ``****`` instead, on a
# ``key: value`` line or in a ``"key": "value"`` pair anywhere (minified JSON);
# ``${env:NAME}`` references stay visible because they hold no secret.

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


def is_secret_key(key: str) -> bool:
    """Whether a config key (e.g. ``oauth.api.secret``) names a credential."""
    return bool(_SECRET_KEY.search(key)) or _misspelt_credential(key.strip("\"'"))


@lru_cache(maxsize=4096)
def _misspelt_credential(key: str) -> bool:
    # A misspelt credential key still holds a credential.
    # `oauth.api.secert` is reported as an unknown key, with its line quoted.
    return bool(difflib.get_close_matches(key, SECRET_KEYS, n=1, cutoff=0.85))


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
