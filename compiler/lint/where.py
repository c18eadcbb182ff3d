"""A small CEQL ``where`` reader: tokens, comparisons and problems, never raising.

Placeholders are atomic tokens: ``'${gmtDate:yyyy-MM-dd'T'HH:mm:ss}'`` carries
quotes inside its pattern, so a plain quote count would call every documented
example unbalanced. CEQL itself is small (Cloud Elements' CEQL guide):
``= != < > <= >=``, ``LIKE``, ``IN``, ``IS [NOT] NULL``, ``AND``, ``OR``,
``NOT``, parentheses, single-quoted values and backticked column names.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..placeholders import Placeholder, scan

__all__ = ["Comparison", "WhereProblem", "Token", "Where", "analyse"]

SYMBOLS = frozenset({"=", "!=", "<", ">", "<=", ">="})
KEYWORDS = frozenset({"and", "or", "not", "like", "in", "is", "null"})
#: Operators people carry over from OData, SQL or C, with their CEQL spelling.
REPLACEMENTS = {
    "==": "=", "=>": ">=", "=<": "<=", "<>": "!=", "&&": "AND", "||": "OR",
    "gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "!=",
}  # fmt: skip
_OP_CHARS = "=<>!&|"
_BREAK = " \t\r\n+'\"`(),"


@dataclass(frozen=True)
class Token:
    """``kind``: ident, string, number, placeholder, op, keyword, word, '(' , ')' or ','."""

    kind: str
    text: str
    start: int
    end: int
    placeholder: Placeholder | None = None  # a bare or quoted date/epoch placeholder

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Comparison:
    left: Token
    op: Token
    right: Token


@dataclass(frozen=True)
class WhereProblem:
    """``kind``: unclosed-quote, unbalanced-parenthesis or unknown-operator."""

    kind: str
    start: int
    end: int
    message: str
    replacement: str | None = None


@dataclass(frozen=True)
class Where:
    text: str
    tokens: tuple[Token, ...]
    comparisons: tuple[Comparison, ...]
    problems: tuple[WhereProblem, ...]

    def of_kind(self, kind: str) -> tuple[WhereProblem, ...]:
        if not self.problems:
            return ()
        return tuple(p for p in self.problems if p.kind == kind)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.holders = {p.start: p for p in scan(text).placeholders}
        self.tokens: list[Token] = []
        self.problems: list[WhereProblem] = []

    def run(self) -> None:
        pos = 0
        while pos < len(self.text):
            pos = self._step(pos)

    def _step(self, pos: int) -> int:
        char = self.text[pos]
        if char in " \t\r\n+":
            return pos + 1
        if pos in self.holders:
            holder = self.holders[pos]
            return self._add("placeholder", pos, holder.end, holder)
        if char in "'\"`":
            return self._quoted(pos, char)
        if char in "(),":
            return self._add(char, pos, pos + 1)
        if char in _OP_CHARS:
            end = pos
            while end < len(self.text) and self.text[end] in _OP_CHARS:
                end += 1
            return self._add("op", pos, end)
        end = pos
        while end < len(self.text) and self.text[end] not in _BREAK + _OP_CHARS:
            end += 1
        return self._word(pos, max(end, pos + 1))

    def _add(self, kind: str, start: int, end: int, holder: Placeholder | None = None) -> int:
        self.tokens.append(Token(kind, self.text[start:end], start, end, holder))
        return end

    def _word(self, start: int, end: int) -> int:
        text = self.text[start:end]
        kind = "keyword" if text.lower() in KEYWORDS else "word"
        if text.replace(".", "", 1).lstrip("-").isdigit():
            kind = "number"
        return self._add(kind, start, end)

    def _quoted(self, start: int, quote: str) -> int:
        pos, inner = start + 1, None
        while pos < len(self.text):
            if pos in self.holders:
                inner = self.holders[pos] if inner is None and pos == start + 1 else inner
                pos = self.holders[pos].end
                continue
            if self.text[pos] == quote:
                if quote != "`" and self.text[pos + 1 : pos + 2] == quote:
                    pos += 2  # '' is an escaped quote inside a value
                    continue
                whole = inner is not None and inner.end == pos
                kind = "ident" if quote == "`" else "string"
                return self._add(kind, start, pos + 1, inner if whole else None)
            pos += 1
        what = "backtick" if quote == "`" else "quote"
        self.problems.append(
            WhereProblem(
                "unclosed-quote", start, len(self.text), f"the {what} {quote} never closes"
            )
        )
        return len(self.text)


_OPERANDS = frozenset({"word", "ident", "string", "number", "placeholder"})
MAX_DEPTH = 64  # parentheses nested deeper are read flat, so input cannot exhaust the stack


class _Parser:
    """Recursive descent over the tokens; records comparisons and operator problems."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.comparisons: list[Comparison] = []
        self.problems: list[WhereProblem] = []
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        self.pos += token is not None
        return token

    def expression(self) -> None:
        self.unary()
        while (token := self.peek()) is not None and token.kind != ")":
            self.pos += 1
            if token.kind == "op" and token.text in ("&&", "||"):
                self._unknown(token)
            self.unary()

    def unary(self) -> None:
        while (token := self.peek()) is not None and token.lower == "not":
            self.pos += 1  # a loop, not recursion: NOT NOT NOT ... has no depth limit
        if token is None:
            return
        if token.kind == "(":
            self.pos += 1
            if self.depth >= MAX_DEPTH:
                return  # deeper nesting is read flat; the parenthesis check still counts it
            self.depth += 1
            self.expression()
            self.depth -= 1
            if (close := self.peek()) is not None and close.kind == ")":
                self.pos += 1
        elif token.kind in _OPERANDS or token.lower == "null":
            self.pos += 1
            self.predicate(token)

    def predicate(self, left: Token) -> None:
        token = self.peek()
        if token is None or token.kind in (")", ","):
            return
        if token.kind == "keyword":
            self._keyword_predicate(token)
            return
        self.pos += 1
        if token.kind == "op" and token.text in SYMBOLS:
            right = self.take()
            if right is not None:
                self.comparisons.append(Comparison(left, token, right))
        elif token.kind in ("op", "word"):
            self._unknown(token)
            self.take()
        else:
            self.problems.append(
                WhereProblem(
                    "unknown-operator",
                    token.start,
                    token.end,
                    f"no operator between `{left.text}` and `{token.text}`",
                )
            )

    def _keyword_predicate(self, token: Token) -> None:
        if token.lower in ("and", "or"):
            return  # a bare boolean column
        self.pos += 1
        if token.lower == "not":
            token = self.take() or token
        if token.lower == "is":
            if (nxt := self.peek()) is not None and nxt.lower == "not":
                self.pos += 1
            self.take()  # NULL
        elif token.lower == "like":
            self.take()
        elif token.lower == "in":
            self._list()

    def _list(self) -> None:
        if (token := self.peek()) is None or token.kind != "(":
            return
        while (token := self.take()) is not None and token.kind != ")":
            pass

    def _unknown(self, token: Token) -> None:
        replacement = REPLACEMENTS.get(token.lower)
        hint = f"; CEQL writes `{replacement}`" if replacement else ""
        self.problems.append(
            WhereProblem(
                "unknown-operator",
                token.start,
                token.end,
                f"`{token.text}` is not a CEQL operator{hint}",
                replacement,
            )
        )


def _parentheses(tokens: list[Token]) -> list[WhereProblem]:
    opened: list[Token] = []
    problems: list[WhereProblem] = []
    for token in tokens:
        if token.kind == "(":
            opened.append(token)
        elif token.kind == ")":
            if opened:
                opened.pop()
            elif not problems:  # the first stray one; the rest usually follow from it
                problems.append(
                    WhereProblem(
                        "unbalanced-parenthesis", token.start, token.end, "`)` closes nothing"
                    )
                )
    if opened:  # the outermost unclosed one
        problems.append(
            WhereProblem(
                "unbalanced-parenthesis", opened[0].start, opened[0].end, "`(` is never closed"
            )
        )
    return problems


def analyse(text: str) -> Where:
    """Tokenise and read ``text`` (a decoded ``where`` value)."""
    lexer = _Lexer(text)
    lexer.run()
    parser = _Parser(lexer.tokens)
    while parser.peek() is not None:
        start = parser.pos
        parser.expression()
        parser.pos += parser.pos == start  # skip a stray token such as ')'
    problems = [*lexer.problems, *_parentheses(lexer.tokens), *parser.problems]
    return Where(text, tuple(lexer.tokens), tuple(parser.comparisons), tuple(problems))
