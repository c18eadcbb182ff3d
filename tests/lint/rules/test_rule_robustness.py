"""No rule crashes on schema-invalid input: any JSON value at any place yields findings,
never an ``S000`` internal error."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sage200cfg.lint import lint_data

BASE = yaml.safe_load((Path(__file__).parent / "cases" / "_base.yaml").read_text())
POLLER = ("configuration", "event.poller.configuration")
PLACES = [
    ("element", "key"),
    ("name",),
    ("tags",),
    ("configuration",),
    ("configuration", "event.notification.enabled"),
    ("configuration", "event.notification.callback.url"),
    ("configuration", "event.notification.basic.username"),
    ("configuration", "oauth.api.secret"),
    ("configuration", "event.poller.refresh_interval"),
    POLLER,
    (*POLLER, "customers"),
    (*POLLER, "customers", "url"),
    (*POLLER, "customers", "idField"),
    (*POLLER, "customers", "filterByUpdatedDate"),
    (*POLLER, "customers", "datesConfiguration"),
    (*POLLER, "customers", "datesConfiguration", "updatedDateField"),
    (*POLLER, "customers", "datesConfiguration", "updatedDateFormat"),
    (*POLLER, "customers", "datesConfiguration", "updatedDateTimezone"),
    (*POLLER, "customers", "datesConfiguration", "createdDateField"),
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.text(alphabet=st.sampled_from("${}()'`\"<>=!:% aZT/yMdHms.-+%&|\\"), max_size=40),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=VALUES)
def test_no_rule_crashes(place: tuple[str, ...], value: object) -> None:
    doc = copy.deepcopy(BASE)
    parent = doc
    for token in place[:-1]:
        parent = parent[token]
    parent[place[-1]] = value
    crashes = [f.message for f in lint_data(doc) if f.code == "S000"]
    assert crashes == []


@settings(max_examples=200, deadline=None)
@given(
    url=st.text(
        alphabet=st.sampled_from("${}()'`\"<>=!:% aZT/yMdHms.-+&|?ehwrubfinac"), max_size=60
    )
)
def test_no_rule_crashes_on_any_url(url: str) -> None:
    doc = copy.deepcopy(BASE)
    doc["configuration"]["event.poller.configuration"]["customers"]["url"] = url
    assert [f.message for f in lint_data(doc) if f.code == "S000"] == []
