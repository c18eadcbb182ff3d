"""RFC 6901 JSON Pointers: build, split and resolve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["escape", "join", "resolve", "split", "unescape"]


def escape(token: str | int) -> str:
    text = str(token)
    if "~" not in text and "/" not in text:  # nearly every key: no copies
        return text
    return text.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, *tokens: str | int) -> str:
    """``join("/configuration", "a/b")`` -> ``"/configuration/a~1b"``."""
    if len(tokens) == 1:  # the source maps' case, hundreds of thousands of times a run
        return base + "/" + escape(tokens[0])
    return base + "".join("/" + escape(t) for t in tokens)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def resolve(data: Any, tokens: Iterable[str]) -> Any:
    """The value at ``tokens``; raises ``LookupError`` when the path is absent."""
    for token in tokens:
        if isinstance(data, dict):
            data = data[token]
        elif isinstance(data, list):
            data = data[int(token)]
        else:
            raise KeyError(token)
    return data
