"""CEQL where -> Sage 200 $filter: exact forms, refusals, and no wrong query (a property)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sage200cfg.odata import ODataError, Slot, translate, utc_literal
from sage200cfg.runtime.simulator import ceql
from sage200cfg.runtime.simulator import odata as sage_filter


@pytest.mark.parametrize(("where", "odata"), [
    ("date_time_updated>='2026-01-01T00:00:00'", "date_time_updated ge 2026-01-01T00:00:00Z"),
    ("date_time_updated>'2026-01-01T01:00:00+01:00'", "date_time_updated gt 2026-01-01T00:00:00Z"),
    ("a=1 AND (b='x' OR c<>2)", "a eq 1 and (b eq 'x' or c ne 2)"),
    ("name='O''Neil'", "name eq 'O''Neil'"),
    ("document_date<='2026-02-01'", "document_date le 2026-02-01"),
    ("reference='2026-02-01'", "reference eq '2026-02-01'"),
    ("x IS NULL or y IS NOT NULL", "x eq null or y ne null"),
    ("id IN (1, 2)", "(id eq 1 or id eq 2)"),
    ("`balance` < 10.5", "balance lt 10.5"),
])
def test_exact_translations(where, odata):
    assert translate([where]).render([]) == odata


def test_a_placeholder_becomes_a_slot_written_in_utc():
    translated = translate(["date_time_updated>='", 0, "' and id > ", 1])
    assert translated.parts == ("date_time_updated ge ", Slot(0), " and id gt ", Slot(1))
    local = datetime(2026, 7, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert utc_literal(local) == "2026-07-01T12:30:00Z"
    assert utc_literal(datetime(2026, 1, 1, 0, 0, 0, 610000, tzinfo=UTC)) == (
        "2026-01-01T00:00:00.610Z")


@pytest.mark.parametrize(("parts", "message"), [
    (["name LIKE 'a%'"], r"LIKE has no \$filter form"),
    (["name NOT LIKE 'a%'"], r"LIKE has no \$filter form"),
    (["d>='x ", 0, "'"], "placeholder must be the whole value"),
    (["customer.id=1"], "cannot be named"),
    (["a=1 AND"], "expected a field name"),
    (["(a=1"], "not closed"),
    (["a=1 b=2"], "unexpected"),
])
def test_what_cannot_be_translated_is_refused(parts, message):
    with pytest.raises(ODataError, match=message):
        translate(parts)


_FIELDS = ("a", "b", "date_time_updated")
_values = st.integers(-3, 3)
_cmp = st.tuples(st.sampled_from(_FIELDS[:2]), st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
                 _values).map(lambda t: f"{t[0]}{t[1]}{t[2]}")
_date_cmp = st.tuples(st.sampled_from([">", ">=", "<", "="]), st.integers(0, 4)).map(
    lambda t: f"date_time_updated{t[0]}'2026-01-01T00:00:0{t[1]}'")
_null = st.sampled_from(["a IS NULL", "b IS NOT NULL"])
_leaf = st.one_of(_cmp, _date_cmp, _null)
_where = st.recursive(_leaf, lambda inner: st.tuples(
    inner, st.sampled_from([" AND ", " OR "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
    max_leaves=6)
_record = st.fixed_dictionaries({"a": st.one_of(st.none(), _values), "b": _values,
                                 "date_time_updated": st.integers(0, 4)})


@settings(max_examples=300, deadline=None)
@given(_where, st.lists(_record, min_size=1, max_size=5))
def test_the_filter_selects_what_the_where_selects(where, records):
    """Hub semantics (CEQL) and Sage semantics ($filter) pick the same records."""
    base = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)
    dates = {"date_time_updated"}
    hub = ceql.parse(where)
    native = sage_filter.parse(translate([where]).render([]))
    for record in records:
        row = {**record, "date_time_updated": base + 1000 * record["date_time_updated"]}
        assert ceql.matches(hub, row.get, dates) == ceql.matches(native, row.get, dates), where
