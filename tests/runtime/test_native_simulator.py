"""The native simulator's sorted scan answers exactly what a full $filter scan answers."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sage200cfg.odata import utc_literal
from sage200cfg.runtime.simulator import ceql, odata

BASE = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)


def _at(ms: int) -> str:
    return utc_literal(datetime.fromtimestamp((BASE + ms) / 1000, UTC))


_instant = st.integers(0, 3000).map(lambda n: n * 250)  # quarter seconds: fractions and not
_leaf = st.one_of(
    st.tuples(st.sampled_from(["gt", "ge", "lt", "eq"]), _instant).map(
        lambda t: f"date_time_updated {t[0]} {_at(t[1])}"),
    st.tuples(st.sampled_from(["gt", "ge", "lt"]), st.integers(0, 40)).map(
        lambda t: f"id {t[0]} {t[1]}"),
    st.tuples(_instant, st.integers(0, 40)).map(
        lambda t: f"date_time_updated gt {_at(t[0])} or "
                  f"(date_time_updated ge {_at(t[0])} and id gt {t[1]})"),
)
_filter = st.recursive(
    _leaf,
    lambda inner: st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
        lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
    max_leaves=4,
)
_rows = st.lists(st.tuples(_instant, st.integers(0, 40)), min_size=1, max_size=30, unique=True)


@settings(max_examples=300, deadline=None)
@given(_filter, _rows)
def test_scan_from_the_bound_misses_nothing(text, rows):
    node = odata.parse(text)
    rows = sorted((BASE + u, i) for u, i in rows)

    def hit(row):
        values = {"date_time_updated": row[0], "id": row[1]}
        return ceql.matches(node, values.get, {"date_time_updated"})

    wanted = [r for r in rows if hit(r)]
    bound = odata.row_bound(node, "date_time_updated", "id")
    assert all(r >= bound for r in wanted), (bound, wanted)
    if odata.exact_bound(node, "date_time_updated", "id") == bound:
        assert wanted == [r for r in rows if r >= bound]
