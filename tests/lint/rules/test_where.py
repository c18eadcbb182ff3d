"""The CEQL ``where`` reader: placeholders are atomic, quotes and operators are found."""

from __future__ import annotations

import pytest

from sage200cfg.lint.where import analyse

PH = "${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}"


def test_a_quoted_placeholder_is_one_value_despite_its_inner_quotes() -> None:
    where = analyse(f"date_time_updated>='{PH}'")
    assert where.problems == ()
    [cmp] = where.comparisons
    assert (cmp.left.text, cmp.op.text) == ("date_time_updated", ">=")
    assert cmp.right.placeholder is not None and cmp.right.placeholder.kind == "gmtDate"


def test_an_unquoted_epoch_is_a_placeholder_operand() -> None:
    [cmp] = analyse("`meta.updated` > ${epoch:s}").comparisons
    assert cmp.left.kind == "ident" and cmp.right.placeholder.unit == "s"


def test_plus_reads_as_a_space_and_keywords_ignore_case() -> None:
    where = analyse(f"date_time_updated>='{PH}'+and+on_hold='false'")
    assert [c.left.text for c in where.comparisons] == ["date_time_updated", "on_hold"]
    assert where.problems == ()


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        ("name='unclosed", "unclosed-quote", 5),
        ("`col = 'x'", "unclosed-quote", 0),
        ("(a='x'", "unbalanced-parenthesis", 0),
        ("a='x')", "unbalanced-parenthesis", 5),
        ("a gt 'x'", "unknown-operator", 2),
        ("a => 'x'", "unknown-operator", 2),
        ("a 'x'", "unknown-operator", 2),
    ],
)
def test_problems_point_at_their_culprit(text: str, kind: str, start: int) -> None:
    [problem] = analyse(text).problems
    assert (problem.kind, problem.start) == (kind, start)


def test_escaped_quotes_and_lists_and_null_checks_are_fine() -> None:
    text = "name='O''Brien' AND code IN ('A','B') AND x IS NOT NULL AND NOT y LIKE 'a%'"
    assert analyse(text).problems == ()


def test_replacements_for_foreign_operators() -> None:
    found = {p.replacement for p in analyse("a==1 AND b<>2 AND c ge 3 OR d||e=1").problems}
    assert found == {"=", "!=", ">=", "OR"}


def test_never_raises_on_garbage() -> None:
    for text in ["", "'", "(((", ")))", "${", "= = =", "AND OR NOT", "a IN (", "a IS"]:
        analyse(text)


def test_deep_nesting_and_long_not_chains_do_not_exhaust_the_stack() -> None:
    nested = analyse("(" * 5000 + "a='1'" + ")" * 5000)
    assert nested.problems == ()
    assert analyse("NOT " * 5000 + "a='1'").problems == ()
    [problem] = analyse("(" * 5000 + "a='1'").problems
    assert (problem.kind, problem.start) == ("unbalanced-parenthesis", 0)
