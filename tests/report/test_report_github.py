"""GitHub workflow commands: shape, escaping, error-first order and the cap notice."""

from __future__ import annotations

import re

from sage200cfg.findings import Finding, Severity
from sage200cfg.report import render_findings

_COMMAND = re.compile(r"^::(?P<command>\w+) (?P<properties>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    """What the Actions runner does to data and property values."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, line
    properties = dict(pair.split("=", 1) for pair in match["properties"].split(","))
    unescaped = {key: _unescape(value) for key, value in properties.items()}
    return match["command"], unescaped, _unescape(match["message"])


def _many(severity: Severity, count: int) -> list[Finding]:
    return [
        Finding(f"c{index:02}.json", 1, 1, "S201", "n", severity, f"m{index}", "")
        for index in range(count)
    ]


def test_commands(findings, snapshot):
    assert render_findings(findings, "github", files_checked=4) == snapshot


def test_errors_come_first_then_warnings_then_notices(findings):
    lines = render_findings(findings, "github").splitlines()
    commands = [_parse(line)[0] for line in lines[:-1]]
    assert commands == ["error", "error", "warning", "warning", "notice"]
    assert lines[-1].startswith("Found 2 errors")


def test_properties_carry_position_and_title(findings):
    first = render_findings(findings, "github").splitlines()[0]
    command, properties, message = _parse(first)
    assert (command, properties) == (
        "error",
        {"file": "configs/dup.json", "line": "3", "col": "3", "title": "S002 duplicate-key"},
    )
    assert message == "configs/dup.json:3:3: duplicate key `name`: the last one silently wins"


def test_escaping_round_trips_through_the_runner_rules():
    message = "100% wrong, with: colons"
    path = "dir,with:odd%chars/a.yaml"
    finding = Finding(path, 2, 5, "S201", "n", Severity.ERROR, message, "/a")
    line = render_findings([finding], "github").splitlines()[0]
    assert line.startswith("::error file=dir%2Cwith%3Aodd%25chars/a.yaml,line=2,col=5,")
    _, properties, parsed = _parse(line)
    assert properties["file"] == path
    assert parsed == f"{path}:2:5: {message}"


def test_line_breaks_and_terminal_escapes_are_shown_not_sent():
    """The runner turns %0A into a line break in the log; a config must not forge lines."""
    message = "key `a\r\n::error::forged\x1b[31m`"
    finding = Finding("a\x1b.yaml", 1, 1, "S101", "n", Severity.ERROR, message, "/a")
    line = render_findings([finding], "github").splitlines()[0]
    _, properties, parsed = _parse(line)
    assert properties["file"] == "a\\x1b.yaml"
    assert parsed == "a\\x1b.yaml:1:1: key `a\\r\\n::error::forged\\x1b[31m`"


def test_cap_notice_counts_what_github_will_not_show():
    findings = _many(Severity.ERROR, 12) + _many(Severity.WARNING, 11) + _many(Severity.INFO, 3)
    lines = render_findings(findings, "github").splitlines()
    command, properties, message = _parse(lines[0])
    assert command == "notice"
    assert properties == {"title": "sage200cfg: annotations capped"}
    assert "2 errors, 1 warning appear only in this log" in message
    assert "--format sarif" in message
    # Every finding is still printed, errors first.
    commands = [_parse(line)[0] for line in lines[1:-1]]
    assert commands == ["error"] * 12 + ["warning"] * 11 + ["notice"] * 3


def test_no_cap_notice_at_the_cap():
    lines = render_findings(_many(Severity.ERROR, 10), "github").splitlines()
    assert len(lines) == 11
    assert all(line.startswith("::error ") for line in lines[:-1])


def test_clean_run_prints_only_the_summary():
    assert render_findings([], "github", files_checked=2) == "All checks passed: 2 files.\n"
