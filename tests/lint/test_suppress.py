"""Inline ``# sage200cfg: ignore[...]`` suppressions in YAML, and stale ones (S901/S902)."""

from __future__ import annotations

import pytest

from sage200cfg.findings import Finding, Severity
from sage200cfg.lint.suppress import apply_suppressions, parse_suppressions


def _f(line: int, code: str, file: str = "a.yaml", column: int = 3) -> Finding:
    return Finding(file, line, column, code, "rule", Severity.ERROR, "msg", "/x")


def _apply(text: str, *findings: Finding, path: str = "a.yaml") -> list[tuple[int, int, str]]:
    kept = apply_suppressions(list(findings), {path: text})
    return [(f.line, f.column, f.code) for f in kept]


def _messages(text: str, *findings: Finding) -> list[str]:
    kept = apply_suppressions(list(findings), {"a.yaml": text})
    return [f"{f.code} {f.name} {f.severity.value}: {f.message}" for f in kept]


def test_trailing_comment_suppresses_named_codes_on_its_line():
    text = "a: 1\nurl: /hubs/x  # sage200cfg: ignore[S201, s230] shared hub\n"
    assert _apply(text, _f(2, "S201"), _f(2, "S230"), _f(2, "S240"), _f(1, "S201")) == [
        (1, 3, "S201"),
        (2, 3, "S240"),
    ]


def test_standalone_comment_applies_to_the_next_content_line():
    text = "a: 1\n# sage200cfg: ignore[S231]\n# another comment\n\nupdatedDateField: x\nb: 2\n"
    assert _apply(text, _f(5, "S231"), _f(6, "S231")) == [(6, 3, "S231")]


def test_stacked_standalone_comments_combine():
    text = "# sage200cfg: ignore[S201]\n# sage200cfg: ignore[S230]\nurl: x\n"
    assert _apply(text, _f(3, "S201"), _f(3, "S230")) == []


def test_unused_suppression_is_reported_at_the_comment():
    text = "a: 1\nurl: x  # sage200cfg: ignore[S201,S230]\n"
    assert _apply(text, _f(2, "S201")) == [(2, 9, "S901")]
    assert _messages(text, _f(2, "S201")) == [
        "S901 unused-suppression warning: unused suppression: no S230 finding on line 2"
    ]


def test_suppression_on_the_last_line_has_nothing_to_apply_to():
    text = "a: 1\n  # sage200cfg: ignore[S205]\n"
    assert _messages(text) == [
        "S901 unused-suppression warning: unused suppression of S205: no line follows the comment"
    ]
    assert _apply(text) == [(2, 3, "S901")]


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("# sage200cfg: ignore", "a suppression must name its codes, so it suppresses nothing"),
        ("# sage200cfg: ignore[]", "`ignore[]` names no code, so it suppresses nothing"),
        ("# sage200cfg: ignore[S2]", "'S2' is not a rule code (use full codes like S201)"),
        ("# sage200cfg: ignore[all]", "'ALL' is not a rule code (use full codes like S201)"),
        ("# sage200cfg: disable[S201]", "unknown directive `sage200cfg: disable`"),
    ],
)
def test_bare_or_malformed_suppressions_suppress_nothing_and_are_reported(comment, problem):
    text = f"url: x  {comment}\n"
    kept = apply_suppressions([_f(1, "S201")], {"a.yaml": text})
    assert [(f.line, f.column, f.code) for f in kept] == [(1, 3, "S201"), (1, 9, "S902")]
    assert kept[1].name == "invalid-suppression"
    assert kept[1].severity is Severity.WARNING
    assert kept[1].message.startswith(problem)


@pytest.mark.parametrize(
    "line",
    [
        'name: "quoted # sage200cfg: ignore[S201]"',
        "name: 'single # sage200cfg: ignore[S201]'",
        "url: /a#sage200cfg: ignore[S201]",  # no space before '#': not a comment
        'name: "esc \\" # sage200cfg: ignore[S201]"',
    ],
)
def test_hash_inside_a_value_is_not_a_comment(line):
    assert _apply(line + "\n", _f(1, "S201")) == [(1, 3, "S201")]


def test_apostrophes_in_plain_scalars_do_not_hide_comments():
    text = "name: it's mine  # sage200cfg: ignore[S201]\n"
    assert _apply(text, _f(1, "S201")) == []


def test_single_quoted_value_with_doubled_quote():
    text = "name: 'it''s'  # sage200cfg: ignore[S201]\n"
    assert _apply(text, _f(1, "S201")) == []


def test_json_files_are_never_scanned():
    text = '{"url": "x  # sage200cfg: ignore[S201]"}\n'
    assert _apply(text, _f(1, "S201", "a.json"), path="a.json") == [(1, 3, "S201")]


def test_files_without_sources_keep_their_findings():
    kept = apply_suppressions([_f(1, "S201", "b.yaml")], {"a.yaml": "# sage200cfg: ignore[S1]\n"})
    assert [(f.file, f.code) for f in kept] == [("a.yaml", "S902"), ("b.yaml", "S201")]


def test_clean_yaml_file_with_a_stale_suppression_is_reported():
    kept = apply_suppressions([], {"c.yml": "a: 1  # sage200cfg: ignore[S201]\n"})
    assert [(f.file, f.line, f.code) for f in kept] == [("c.yml", 1, "S901")]


def test_crlf_line_endings():
    text = "a: 1\r\nurl: x  # sage200cfg: ignore[S201]\r\n"
    assert _apply(text, _f(2, "S201")) == []


def test_parse_suppressions_reports_targets():
    text = "# sage200cfg: ignore[S201]\n\nurl: x # sage200cfg: ignore[S230]\n"
    suppressions, problems = parse_suppressions("a.yaml", text)
    assert problems == []
    assert [(s.line, s.column, s.codes, s.target) for s in suppressions] == [
        (1, 1, ("S201",), 3),
        (3, 8, ("S230",), 3),
    ]
