"""No report, nor ``rule`` or ``status``, sends a control character from its input raw.

Property-tested: fuzzed paths, messages, pointers, fix titles and quoted
lines through every format, and fuzzed config keys and values through the
real ``lint`` command. A raw character is one ``str.isprintable`` rejects,
other than the newlines that separate lines.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.findings import Finding, Fix, Severity
from sage200cfg.report import REPORTERS, render_findings
from sage200cfg.runtime.store.base import Page, Quarantined
from sage200cfg.runtime.store.sqlite import SqliteStore

HERE = Path(__file__).parent
SAMPLE = HERE.parents[1] / "samples" / "valid" / "sage200-instance.json"
JUNIT_XSD = etree.XMLSchema(etree.parse(str(HERE / "junit-10.xsd")))
# Terminal and log escapes, line breaks, C1 CSI, bidi, BOM, non-characters, surrogates.
CONTROLS = (
    "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\u200b\u200e\u202e\u2028\u2029\u2066"
    "\ufeff\ufffe\uffff\ud800\udfff\U000e0001"
)
TEXT = st.text(st.one_of(st.characters(), st.sampled_from(CONTROLS)), max_size=12)
# SQLite stores UTF-8 only: a lone surrogate never reaches a state file.
STORABLE = TEXT.filter(lambda text: not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
SGR = re.compile("\x1b\\[[0-9;]*m")
FUZZ = settings(max_examples=200, deadline=None)


def raw_controls(out: str) -> list[str]:
    return [char for char in out if not char.isprintable() and char != "\n"]


def _xml_char(char: str) -> bool:
    """The ``Char`` production of XML 1.0."""
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD


@FUZZ
@given(file=TEXT.filter(bool), message=TEXT, pointer=TEXT, title=TEXT)
def test_every_format_escapes_fuzzed_findings(file, message, pointer, title):
    finding = Finding(file, 1, 2, "S101", "n", Severity.ERROR, message, "/" + pointer)
    finding_with_fix = Finding(file, 1, 2, "S101", "n", Severity.ERROR, message, "/" + pointer,
                               Fix(title, ()))  # fmt: skip
    sources = {file: f"k: {message}{title}\n"}  # the quoted line holds the same characters
    for fmt in REPORTERS:
        out = render_findings([finding_with_fix], fmt, sources=sources, checked_files=[file])
        assert raw_controls(out) == [], fmt
        out.encode("utf-8")  # no lone surrogate left to crash the write
    # One line per finding, whatever the message holds: no forged lines.
    assert len(render_findings([finding], "text").splitlines()) == 2
    assert len(render_findings([finding], "github").splitlines()) == 2
    # Color adds only its own SGR sequences.
    plain = render_findings([finding_with_fix], "text", sources=sources)
    colored = render_findings([finding_with_fix], "text", sources=sources, color=True)
    assert SGR.sub("", colored) == plain


@FUZZ
@given(message=TEXT, pointer=TEXT)
def test_machine_formats_keep_the_exact_value(message, pointer):
    finding = Finding("a.yaml", 1, 1, "S101", "n", Severity.ERROR, message, "/" + pointer)
    (item,) = json.loads(render_findings([finding], "json"))["findings"]
    assert (item["message"], item["pointer"]) == (message, "/" + pointer)
    (result,) = json.loads(render_findings([finding], "sarif"))["runs"][0]["results"]
    assert (result["message"]["text"], result["properties"]["pointer"]) == (message, "/" + pointer)
    root = etree.fromstring(render_findings([finding], "junit").encode("utf-8"))
    assert JUNIT_XSD.validate(root), JUNIT_XSD.error_log
    if all(_xml_char(char) for char in message):
        assert next(root.iter("failure")).get("message") == message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=TEXT.filter(bool), value=TEXT, raw=st.booleans())
def test_lint_of_a_config_with_a_fuzzed_key_and_value(key, value, raw):
    """Written JSON-escaped, or raw inside the quotes (a parse error quoting the line)."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["configuration"]["@key@"] = value
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    quoted = key if raw else json.dumps(key, ensure_ascii=False)[1:-1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(text.replace("@key@", quoted).encode("utf-8", "surrogatepass"))
        for fmt in REPORTERS:
            args = ["lint", "-f", fmt, "--exit-zero", "--no-color", str(path)]
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, result.output
            assert raw_controls(result.stdout) == [], fmt


@settings(max_examples=30, deadline=None)
@given(code=TEXT.filter(bool))
def test_rule_never_echoes_a_control_character(code):
    # After "--": a code starting with "-" reaches `rule`, not click's option parser.
    result = CliRunner().invoke(app, ["rule", "--", code])
    assert result.exit_code in (0, 2)
    assert raw_controls(result.stdout) == raw_controls(result.stderr) == []


def test_an_unknown_option_is_named_without_its_escapes():
    result = CliRunner().invoke(app, ["rule", "-\x1b]0;owned\x07"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_rule_and_rules_print_the_documentation_unchanged():
    listing = CliRunner().invoke(app, ["rules"]).stdout
    assert raw_controls(listing) == []
    doc = CliRunner().invoke(app, ["rule", "S201"]).stdout
    assert doc.startswith("S201 url-resource-mismatch [error]\n\n")
    assert "\n```json\n" in doc  # multi-line text keeps its lines


@settings(max_examples=30, deadline=None)
@given(instance=STORABLE, resource=STORABLE, error=STORABLE, object_id=STORABLE, reason=STORABLE)
def test_status_escapes_what_the_api_and_the_config_said(
    instance, resource, error, object_id, reason
):
    with tempfile.TemporaryDirectory() as folder:
        state = str(Path(folder) / "state.db")
        store = SqliteStore(state)
        try:
            store.record_error(instance, resource, error)
            quarantined = Quarantined(object_id, reason, "{}")
            store.commit_page(Page(instance, resource, quarantined=[quarantined]))
        finally:
            store.close()
        result = CliRunner().invoke(app, ["status", "--state", state])
    assert result.exit_code == 0, result.output
    assert raw_controls(result.stdout) == []
    # header, one resource, a blank line, the quarantine heading and its record
    assert len(result.stdout.splitlines()) == 5


def test_plan_show_and_render_escape_names_from_the_config(tmp_path):
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["name"] = "acme\x1b]0;owned\x07\u202e"
    resources = doc["configuration"]["event.poller.configuration"]
    # Not a near-miss of `customers` (lint would refuse that as a typo): a warning only.
    resources["feed\x1b[2J"] = resources.pop("customers")
    config, plan = tmp_path / "c.json", tmp_path / "plan.json"
    config.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    compiled = CliRunner().invoke(app, ["compile", str(config), "-o", str(plan)])
    assert compiled.exit_code == 0, compiled.output
    shown = CliRunner().invoke(app, ["plan", "show", str(plan)]).stdout
    assert "instance acme\\x1b]0;owned\\x07\\u202e (sage200)" in shown
    rendered = CliRunner().invoke(app, ["render", str(plan), "--at", "2026-01-01T00:00:00Z"])
    assert "/feed\\x1b[2J  placeholders" in rendered.stdout
    assert raw_controls(shown) == raw_controls(rendered.stdout) == []
