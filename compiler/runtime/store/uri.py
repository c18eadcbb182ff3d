"""Which store a ``--state`` names: a ``postgresql://`` URI, or an SQLite file path."""

from __future__ import annotations

import re

__all__ = ["is_postgres", "redact_uri"]

_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(state: str) -> bool:
    """True for a libpq URI (``postgresql://…`` or ``postgres://…``)."""
    return state.lower().startswith(_SCHEMES)


def redact_uri(uri: str) -> str:
    """The URI with any password (in the authority, ``?password=``, or the client key's
    ``?sslpassword=``) replaced by ***."""
    uri = _AUTHORITY_PASSWORD.sub(r"\1:***@", uri, count=1)
    return _QUERY_PASSWORD.sub(r"\1***", uri)


_AUTHORITY_PASSWORD = re.compile(r"^([a-zA-Z]+://[^:/@?]*):[^@/?]+@")
_QUERY_PASSWORD = re.compile(r"(?i)([?&](?:ssl)?password=)[^&]*")
