"""A regex tokenizer and a cursor over its tokens, for the small query languages.

CEQL (the hub's ``where``), its OData translation and the simulator's OData
``$filter`` are each parsed by a few lines of recursive descent; the token
stream and how to walk it are the same for all of them, so they live here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["Cursor", "Token", "tokenize"]

#: (kind, text): ``kind`` is the name of the regex group that matched.
Token = tuple[str, str]
END: Token = ("end", "")


def tokenize(pattern: re.Pattern[str], text: str,
             error: Callable[[int, str], Exception]) -> list[Token]:
    """Split ``text`` with ``pattern`` (named groups, leading spaces allowed in it).

    ``error(position, text)`` builds the exception raised where nothing matches.
    """
    out: list[Token] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        match = pattern.match(text, pos)
        if match is None or match.end() == pos:
            raise error(pos, text)
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class Cursor:
    """Walks a token list; ``("end", "")`` past its end."""

    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> Token:
        return self.toks[self.i] if self.i < len(self.toks) else END

    def take(self) -> Token:
        tok = self.peek()
        self.i += 1
        return tok

    def keyword(self, word: str) -> bool:
        """Consume the word ``word`` (any case) if it comes next."""
        kind, text = self.peek()
        if kind == "word" and text.upper() == word:
            self.i += 1
            return True
        return False
