"""The plan's wire format: round trip, version, schema and hash checks."""

from __future__ import annotations

import gc
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sage200cfg.plan.errors import PlanHashError, PlanSchemaError, PlanVersionError
from sage200cfg.plan.model import (
    BasicAuth,
    DateExtraction,
    Delivery,
    Instance,
    Literal,
    Placeholder,
    Plan,
    QueryParam,
    Resource,
    RetryPolicy,
    SecretRef,
    dumps,
    loads,
)


def _resource(name: str = "customers", unit: str = "s", delay: int = 0) -> Resource:
    where = (Literal("date_time_updated>='"), Placeholder("epoch", f"${{epoch:{unit}}}", unit=unit),
             Literal("'"))
    return Resource(
        name, "finance", f"/hubs/finance/{name}", "as written", (QueryParam("where", where),),
        "customer.id", ("customer", "id"),
        DateExtraction("date_time_updated", ("date_time_updated",), "pattern",
                       "yyyy-MM-dd'T'HH:mm:ss", "UTC"),
        None, poll_delay=delay,
    )


def _plan() -> Plan:
    delivery = Delivery("https://hooks.example/cb", BasicAuth("user", SecretRef("PW", "plain")),
                        SecretRef("SIG"))
    return Plan((Instance("acme", "sage200", delivery, (_resource(),), ("t1",)),))


def test_round_trip_is_lossless_and_byte_stable() -> None:
    text = dumps(_plan())
    assert loads(text) == _plan()
    assert dumps(loads(text)) == text
    assert text.endswith("}\n")


def test_unknown_version_is_refused_with_a_clear_message() -> None:
    data = json.loads(dumps(_plan()))
    data["version"] = 2
    with pytest.raises(PlanVersionError, match="plan version 2 is not supported.*recompile"):
        Plan.from_dict(data)


def test_hand_edited_plan_is_refused() -> None:
    data = json.loads(dumps(_plan()))
    data["instances"][0]["resources"][0]["pageSize"] = 5
    with pytest.raises(PlanHashError, match="edited after compiling"):
        Plan.from_dict(data)


def test_schema_violation_names_the_place() -> None:
    data = json.loads(dumps(_plan()))
    data["instances"][0]["resources"][0]["pageSize"] = 0
    with pytest.raises(PlanSchemaError, match="/instances/0/resources/0/pageSize"):
        Plan.from_dict(data)


def test_not_json_is_a_plan_error() -> None:
    with pytest.raises(PlanSchemaError, match="not valid JSON"):
        loads("{nope")


def test_loading_leaves_the_garbage_collector_as_it_found_it() -> None:
    # loads() pauses the collector while it builds; a refused plan must not leave it off.
    text = dumps(_plan())
    assert gc.isenabled()
    loads(text)
    assert gc.isenabled()
    with pytest.raises(PlanHashError):
        loads(text.replace('"pageSize":200', '"pageSize":199'))
    assert gc.isenabled()
    gc.disable()
    try:
        loads(text)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


@pytest.mark.parametrize(("unit", "value"), [("s", "1767225600"), ("ms", "1767225600000"),
                                             ("us", "1767225600000000")])
def test_request_url_fills_epoch_and_encodes(unit: str, value: str) -> None:
    url = _resource(unit=unit).request_url(datetime(2026, 1, 1, tzinfo=UTC), page_token="a+b=")
    assert url == (f"/hubs/finance/customers?where=date_time_updated%3E%3D%27{value}%27"
                   "&pageSize=200&nextPage=a%2Bb%3D")


def test_poll_delay_is_subtracted_before_formatting() -> None:
    pairs = _resource(delay=30).query_values(datetime(2026, 1, 1, tzinfo=UTC))
    assert pairs == [("where", "date_time_updated>='1767225570'")]


def test_retry_policy_defaults_follow_cloud_elements() -> None:
    policy = RetryPolicy()
    assert policy.max_attempts == 10
    assert [policy.delay(n) for n in (1, 2, 9)] == [4, 16, 262144]
    assert policy.exhausted == "dead-letter"


def test_delivery_lists_its_secret_references() -> None:
    assert _plan().instances[0].delivery.secrets() == [SecretRef("SIG"), SecretRef("PW", "plain")]


@given(st.lists(st.tuples(st.text(min_size=1).filter(lambda s: "\x00" not in s),
                          st.text()), max_size=4))
def test_encoding_round_trips_any_query_text(pairs: list[tuple[str, str]]) -> None:
    from urllib.parse import parse_qsl, urlsplit

    query = tuple(QueryParam(k, (Literal(v),) if v else ()) for k, v in pairs)
    resource = replace(_resource(), query=query)
    url = resource.request_url(datetime(2026, 1, 1, tzinfo=UTC))
    decoded = parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert decoded == [*pairs, ("pageSize", "200")]
    assert all(c.isascii() and c not in " '<>\"" for c in url)


def test_hash_is_sha256_of_the_canonical_body_anyone_can_recompute() -> None:
    import hashlib

    data = json.loads(dumps(_plan()))
    stored = data.pop("hash")
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_canonical_encoding_is_what_stdlib_json_writes(value: object) -> None:
    from sage200cfg.plan.serialize import _CANONICAL

    stdlib = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    try:
        assert _CANONICAL(value) == stdlib
    except TypeError:  # orjson refuses lone surrogates, which no plan can hold
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in stdlib)
