"""Which store a ``--state`` names: a ``postgresql://`` URI, or an SQLite file path."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["is_postgres", "redact_uri"]

_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(state: str) -> bool:
    """True for a libpq URI (``postgresql://…`` or ``postgres://…``)."""
    return state.lower().startswith(_SCHEMES)


def redact_uri(uri: str) -> str:
    """The URI with any password (in the authority or ``?password=``) replaced by ***."""
    parts = urlsplit(uri)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        if ":" in userinfo:
            user, _, password = userinfo.partition(":")
            userinfo = f"{user}:***" if password else f"{user}:"
        netloc = f"{userinfo}@{host}"
    query = re.sub(r"(?i)(^|&)(password)=[^&]*", r"\1\2=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
