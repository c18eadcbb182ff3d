"""The escape helpers: visible for people, exact for JSON and XML parsers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from sage200cfg.report.escape import json_controls, printable, xml_controls

AWKWARD = "a\x1b[31mb\x01\x00\x7f\x9b\u202e\u2028\ufeff\ud800\U000e0001\t\r\n"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain ascii, ünïcödé, 東京, emoji 🙂", "plain ascii, ünïcödé, 東京, emoji 🙂"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("tab\tcr\rlf\n", "tab\\tcr\\rlf\\n"),
        ("\x7f\x9b\xa0", "\\x7f\\x9b\\xa0"),  # DEL, C1 CSI, no-break space
        ("rtl \u202eevil\u2066", "rtl \\u202eevil\\u2066"),  # bidi overrides
        ("\u2028\ufeff\ud800", "\\u2028\\ufeff\\ud800"),
        ("tag \U000e0041", "tag \\U000e0041"),
        ("back\\slash", "back\\slash"),  # printable: unchanged
    ],
)
def test_printable(text, shown):
    assert printable(text) == shown


def test_printable_keeps_newlines_only_when_multiline():
    assert printable("a\nb\x1b", multiline=True) == "a\nb\\x1b"
    assert printable("a\nb", multiline=False) == "a\\nb"


def test_json_controls_keeps_the_value():
    document = json.dumps({"k": AWKWARD, AWKWARD: 1}, ensure_ascii=False, indent=2)
    escaped = json_controls(document)
    assert json.loads(escaped) == json.loads(document)
    assert [c for c in escaped if not c.isprintable()] == ["\n"] * escaped.count("\n")
    assert "\\u009b" in escaped and "\\udb40\\udc01" in escaped  # C1; an astral pair


def test_xml_controls_keeps_what_xml_can_hold():
    element = ET.Element("a", b="\x9b\u202e\t")
    element.text = "cr\r tab\t del\x7f esc\x1b"
    escaped = xml_controls(ET.tostring(element, "unicode"))
    assert [c for c in escaped if not c.isprintable()] == []
    parsed = ET.fromstring(escaped)
    assert parsed.text == "cr\r tab\t del\x7f esc\\x1b"  # ESC is not an XML character
    assert parsed.get("b") == "\x9b\u202e\t"
