"""Control characters out of everything a person or a terminal reads.

A config file is untrusted input: a key holding ``ESC [31m`` or ``ESC ]0;``
would repaint a reviewer's terminal or forge lines in a CI log if a report
printed it raw. Every human-facing writer (the text and GitHub reports,
``rule``, ``rules``, ``status``) passes what it prints through
:func:`printable`, which shows each character ``str.isprintable`` rejects
(C0 and C1 controls, DEL, bidi and other format characters, line separators,
lone surrogates) the way ``repr`` does: ``\\x1b``, ``\\u202e``.

The machine formats keep exact values and escape only in their own syntax:
:func:`json_controls` for JSON and SARIF, :func:`xml_controls` for JUnit.

This module imports nothing from the package, so any stage may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["json_controls", "printable", "xml_controls"]

# Everything outside printable ASCII is a candidate; ``isprintable`` decides.
_SUSPECT = re.compile(r"[^\x20-\x7e]")


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` with every non-printable character escaped as ``repr`` would.

    ``multiline`` keeps ``\\n`` (documentation, tables); a one-line field
    escapes it too, so a value cannot start a forged report line.
    """
    if text.isprintable():
        return text
    keep = "\n" if multiline else ""
    return _SUSPECT.sub(lambda match: _shown(match[0], keep), text)


def json_controls(document: str) -> str:
    """Serialized JSON with every non-printable character inside strings as ``\\u`` escapes.

    ``json.dumps`` escapes C0 controls only; DEL, C1 controls (``\\x9b`` is a
    CSI on some terminals) and bidi overrides would reach a ``cat`` raw. The
    JSON value is unchanged. Raw newlines are layout, never string content.
    """
    return _by_line(document, _json_escape)


def xml_controls(document: str) -> str:
    """Serialized XML with every non-printable character as a character reference.

    XML 1.0 cannot carry most C0 controls (nor lone surrogates) even as
    references; those become visible ``repr`` escapes. Carriage returns and
    tabs become ``&#xd;`` / ``&#x9;`` so a parser reads them back exactly
    instead of normalising them.
    """
    return _by_line(document, _xml_escape)


def _by_line(document: str, escape: Callable[[str], str]) -> str:
    # Reports run to megabytes of mostly printable text: skip clean lines at C speed.
    return "\n".join(
        line
        if line.isprintable()
        else _SUSPECT.sub(lambda match: _shown(match[0], "", escape), line)
        for line in document.split("\n")
    )


def _shown(char: str, keep: str, escape: Callable[[str], str] | None = None) -> str:
    if char.isprintable() or char in keep:
        return char
    return (escape or _repr_escape)(char)


def _repr_escape(char: str) -> str:
    return repr(char)[1:-1]


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells astral characters
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _xml_escape(char: str) -> str:
    code = ord(char)
    legal = code in (0x9, 0xD) or 0x7F <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    return f"&#x{code:x};" if legal or code > 0xFFFF else _repr_escape(char)
