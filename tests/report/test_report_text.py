"""The text report: concise lines, ruff-style source frames, summary, color."""

from __future__ import annotations

from sage200cfg.findings import Finding, Severity
from sage200cfg.report import render_findings


def _finding(line: int, column: int, pointer: str = "") -> Finding:
    return Finding("a.yaml", line, column, "S201", "n", Severity.ERROR, "msg", pointer)


def test_concise_report(findings, snapshot):
    assert render_findings(findings, "text", files_checked=4) == snapshot


def test_full_report_with_source_frames(findings, sources, snapshot):
    assert render_findings(findings, "text", files_checked=4, sources=sources) == snapshot


def test_lines_are_sorted_and_shaped_like_ruff_concise(findings):
    lines = render_findings(findings, "text", files_checked=4).splitlines()
    assert lines[0] == (
        "configs/dup.json:3:3: S002 [error] duplicate key `name`: the last one silently wins"
    )
    assert [line.split(":")[0:3] for line in lines[:5]] == [
        ["configs/dup.json", "3", "3"],
        ["configs/finance.yaml", "3", "19"],
        ["configs/finance.yaml", "6", "10"],
        ["configs/finance.yaml", "6", "57"],
        ["configs/finance.yaml", "7", "2"],
    ]
    assert lines[-2:] == [
        "Found 2 errors, 2 warnings, 1 info in 2 files (4 checked).",
        "1 fixable with --fix.",
    ]


def test_fixable_line_counts_safe_and_unsafe_fixes(findings):
    from dataclasses import replace

    from sage200cfg.findings import Edit, Fix

    unsafe = Fix("guess", (Edit("/x", 1),), safe=False)
    more = [*findings, replace(findings[0], code="S999", fix=unsafe)]
    assert render_findings(more, "text").splitlines()[-1] == (
        "1 fixable with --fix (1 more with --unsafe-fixes)."
    )
    no_fixes = [replace(f, fix=None) for f in findings]
    assert render_findings(no_fixes, "text").splitlines()[-1].startswith("Found ")


def test_source_frame_never_shows_a_secret(findings, sources, secret):
    out = render_findings(findings, "text", sources=sources)
    assert secret not in out
    assert "3 | oauth.api.secret: ****" in out


def test_caret_sits_under_the_column_even_after_a_tab():
    source = "a: 1\n\tidField: id\n"
    out = render_findings([_finding(2, 2)], "text", sources={"a.yaml": source})
    frame = out.splitlines()[1:4]
    assert frame == ["  |", "2 |     idField: id", "  |     ^"]


def test_caret_clamps_to_the_end_of_a_short_line():
    out = render_findings([_finding(1, 40)], "text", sources={"a.yaml": "a: 1\n"})
    assert out.splitlines()[3] == "  |     ^"


def test_no_frame_for_a_line_outside_the_file():
    out = render_findings([_finding(9, 1)], "text", sources={"a.yaml": "a: 1\n"})
    assert out == "a.yaml:9:1: S201 [error] msg\nFound 1 error in 1 file (1 checked).\n"


def test_crlf_sources_quote_without_carriage_returns():
    out = render_findings([_finding(2, 1)], "text", sources={"a.yaml": "a: 1\r\nb: 2\r\n"})
    assert "2 | b: 2\n" in out


def test_summary_when_everything_passes():
    assert render_findings([], "text", files_checked=4) == "All checks passed: 4 files.\n"
    assert render_findings([], "text", files_checked=1) == "All checks passed: 1 file.\n"
    assert render_findings([], "text") == "All checks passed.\n"


def test_color_only_when_asked(findings, sources, secret):
    plain = render_findings(findings, "text", sources=sources)
    colored = render_findings(findings, "text", sources=sources, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1m\x1b[31mS201\x1b[0m" in colored  # errors in red
    assert "\x1b[33m[warning]\x1b[0m" in colored  # warnings in yellow
    assert secret not in colored


def test_long_lines_are_cut_around_the_caret_and_still_masked():
    pairs = ", ".join(f'"key{n}": "value {n}"' for n in range(30))
    line = '{"name": "x", "oauth.api.secret": "hunter2", ' + pairs + "}"
    column = line.index('"key20"') + 1
    out = render_findings([_finding(1, column)], "text", sources={"a.yaml": line})
    quoted, caret = out.splitlines()[2], out.splitlines()[3]
    assert "hunter2" not in out
    assert quoted.startswith("1 | …") and quoted.endswith("…")
    assert len(quoted) == len("1 | ") + 102
    assert quoted[caret.index("^")] == '"' and quoted[caret.index("^") + 1 :].startswith('key20"')
