"""compile_documents: configs -> plan, defaults made explicit, S4xx problems as findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sage200cfg.compile.pipeline import compile_documents
from sage200cfg.findings import Severity
from sage200cfg.load.documents import load_file
from sage200cfg.plan.model import Literal, Placeholder, Resource, SecretRef, dumps

FIXTURES = Path(__file__).parent / "fixtures"
WHERE = "/hubs/finance/customers?where=date_time_updated>='{}'"
GMT_WHERE = WHERE.format("${gmtDate:yyyy-MM-dd'T'HH:mm:ss}")
REFRESH = "event.poller.refresh_interval"


@pytest.fixture
def build(make_config: Any, make_document: Any) -> Any:
    """``build(resource, settings)``: compile BASE changed by those."""

    def run(resource: dict[str, Any] | None = None, settings: dict[str, Any] | None = None) -> Any:
        return compile_documents([make_document(make_config(resource, settings))])

    return run


@pytest.fixture
def customers(build: Any) -> Any:
    """``customers(resource, settings)``: the compiled customers resource (no errors)."""

    def run(resource: dict[str, Any] | None = None,
            settings: dict[str, Any] | None = None) -> Resource:
        result = build(resource, settings)
        assert result.errors == ()
        return result.plan.instances[0].resources[0]

    return run


def test_every_default_is_explicit(customers: Any) -> None:
    r = customers()
    assert (r.created_check_tolerance, r.filter_by_updated_date, r.filter_by_current_date,
            r.poll_delay, r.page_size, r.interval) == (0, True, False, 0, 200, 900)
    assert (r.method, r.hub, r.path, r.encoding) == ("GET", "finance", "/hubs/finance/customers",
                                                     "rfc3986")
    assert r.updated is not None and r.updated.zone == "UTC" and r.created is None


def test_settings_written_as_strings_are_read_as_cloud_elements_reads_them(customers: Any) -> None:
    r = customers({"pageSize": "50", "pollDelay": "30", "filterByCurrentDate": "TRUE"},
                  {REFRESH: "0.5"})
    assert (r.page_size, r.poll_delay, r.filter_by_current_date, r.interval) == (50, 30, True, 30)


@pytest.mark.parametrize(("placeholder", "expected"), [
    ("${date:yyyy-MM-dd}", Placeholder("date", "${date:yyyy-MM-dd}", "yyyy-MM-dd", "UTC")),
    ("${gmtDate:HH:mm}", Placeholder("gmtDate", "${gmtDate:HH:mm}", "HH:mm", "GMT")),
    ("${dateTimeZone:Europe/London:yyyy}",
     Placeholder("dateTimeZone", "${dateTimeZone:Europe/London:yyyy}", "yyyy", "Europe/London")),
    ("${dateTimeZone:-6:00:HH:mm}",
     Placeholder("dateTimeZone", "${dateTimeZone:-6:00:HH:mm}", "HH:mm", "GMT-6:00")),
    ("${dateTimeZone:+5:30:yyyy}",
     Placeholder("dateTimeZone", "${dateTimeZone:+5:30:yyyy}", "yyyy", "GMT+5:30")),
    ("${epoch}", Placeholder("epoch", "${epoch}", unit="ms")),
    ("${epoch:us}", Placeholder("epoch", "${epoch:us}", unit="us")),
])
def test_placeholders_are_typed_with_their_zone_or_unit(
        placeholder: str, expected: Any, customers: Any) -> None:
    r = customers({"url": WHERE.format(placeholder)})
    assert r.query[0].name == "where"
    assert r.query[0].value == (Literal("date_time_updated>='"), expected, Literal("'"))


def test_percent_encoded_url_compiles_like_the_plain_one(customers: Any) -> None:
    encoded = ("/hubs/finance/customers?where=date_time_updated%3E%3D%27"
               "%24%7BgmtDate%3Ayyyy-MM-dd%27T%27HH%3Amm%3Ass%7D%27")
    assert customers({"url": encoded}).query == customers().query


def test_query_params_keep_their_order(customers: Any) -> None:
    r = customers({"url": GMT_WHERE + "&orderBy=date_time_updated asc&fields=id"})
    assert [q.name for q in r.query] == ["where", "orderBy", "fields"]


@pytest.mark.parametrize(("id_field", "path"), [
    ("id", ("id",)),
    ("customer.id", ("customer", "id")),
    ("properties.createdate", ("properties", "createdate")),
    ("['Modified Time']", ("Modified Time",)),
    ('a["b.c"].d', ("a", "b.c", "d")),
    ("$.lines[0].id", ("lines", 0, "id")),
])
def test_id_field_becomes_path_segments(
        id_field: str, path: tuple[Any, ...], customers: Any) -> None:
    r = customers({"idField": id_field})
    assert (r.id_field, r.id_path) == (id_field, path)


def test_milliseconds_dates_and_created_extraction(customers: Any) -> None:
    dates = {"updatedDateField": "properties.modified", "updatedDateFormat": "milliseconds",
             "createdDateField": "created", "createdDateFormat": "yyyy-MM-dd",
             "createdDateTimezone": "GMT"}
    r = customers({"datesConfiguration": dates, "filterByUpdatedDate": False})
    assert r.updated is not None and r.created is not None
    assert (r.updated.path, r.updated.format, r.updated.pattern) == (
        ("properties", "modified"), "milliseconds", None)
    assert (r.created.pattern, r.created.zone, r.filter_by_updated_date) == (
        "yyyy-MM-dd", "GMT", False)


@pytest.mark.parametrize(("resource", "settings", "code"), [
    ({"url": WHERE.format("${date}")}, {}, "S401"),
    ({"url": WHERE.format("${milliseconds}")}, {}, "S401"),
    ({"url": WHERE.format("${epoch:minutes}")}, {}, "S401"),
    ({"url": "/hubs/finance/customers?where=x>='${date:yyyy"}, {}, "S401"),
    ({"idField": ""}, {}, "S402"),
    ({"idField": "a..b"}, {}, "S402"),
    ({"idField": "['open"}, {}, "S402"),
    ({"datesConfiguration": {}}, {}, "S403"),
    ({"filterByUpdatedDate": False}, {}, "S403"),
    ({"pageSize": 0}, {}, "S404"),
    ({"pageSize": "ten"}, {}, "S404"),
    ({"pollDelay": -1}, {}, "S404"),
    ({"createdCheckTolerance": 1.5}, {}, "S404"),
    ({"filterByCurrentDate": "yes"}, {}, "S404"),
    ({}, {REFRESH: "0"}, "S404"),
    ({"url": "/customers?where=x"}, {}, "S405"),
    ({"url": "https://api.example/hubs/finance/customers"}, {}, "S405"),
    ({"url": GMT_WHERE + "&pageSize=50"}, {}, "S405"),
    ({}, {"event.notification.callback.url": "ftp://hooks.example/cb"}, "S405"),
    ({}, {"event.poller.configuration": "{not json"}, "S409"),
    ({}, {"event.poller.configuration": {}}, "S409"),
    ({}, {"event.notification.signature.key": "${vault:hooks}"}, "S410"),
])
def test_unusable_input_is_an_error_and_leaves_the_instance_out(
        resource: dict[str, Any], settings: dict[str, Any], code: str, build: Any) -> None:
    result = build(resource, settings)
    assert [f.code for f in result.errors] == [code]
    assert result.errors[0].file == "unit.json" and result.errors[0].line > 1
    assert result.plan.instances == ()


def test_callback_credentials_are_refused_without_echoing_them(build: Any) -> None:
    result = build(None, {"event.notification.callback.url":
                          "https://hooks:S3cr3tInUrl@hooks.example/cb"})
    assert [f.code for f in result.errors] == ["S405"]
    assert "S3cr3tInUrl" not in result.errors[0].message


def test_disabled_instance_is_left_out_with_a_warning(build: Any) -> None:
    result = build(None, {"event.notification.enabled": False})
    assert [(f.code, f.severity) for f in result.findings] == [("S407", Severity.WARNING)]
    assert result.plan.instances == ()


def test_plain_secret_becomes_an_env_reference_and_a_warning(build: Any) -> None:
    result = build(None, {"event.notification.basic.username": "hooks",
                          "event.notification.basic.password": "hunter2-plain"})
    assert [f.code for f in result.findings] == ["S406"]
    assert "$SAGE200CFG_UNIT_BASIC_PASSWORD" in result.findings[0].message
    auth = result.plan.instances[0].delivery.basic_auth
    assert auth is not None and auth.username == "hooks"
    assert auth.password == SecretRef("SAGE200CFG_UNIT_BASIC_PASSWORD", "plain")
    assert "hunter2-plain" not in dumps(result.plan)


def test_env_references_are_kept_as_references(build: Any) -> None:
    result = build(None, {"event.notification.basic.username": "${env:HOOK_USER}",
                          "event.notification.basic.password": "${env:HOOK_PW}",
                          "event.notification.signature.key": "${env:HOOK_SIG}"})
    delivery = result.plan.instances[0].delivery
    assert result.findings == ()
    assert delivery.secrets() == [SecretRef("HOOK_SIG"), SecretRef("HOOK_USER"),
                                  SecretRef("HOOK_PW")]


def test_duplicate_instance_names_are_an_error_naming_the_first_file(
        make_config: Any, make_document: Any) -> None:
    docs = [make_document(make_config(), "a.json"), make_document(make_config(), "b.json")]
    result = compile_documents(docs)
    assert [(f.code, f.file) for f in result.errors] == [("S408", "b.json")]
    assert "a.json" in result.errors[0].message


def test_input_order_does_not_change_the_plan() -> None:
    docs = [load_file(str(FIXTURES / "acme.yaml")), load_file(str(FIXTURES / "seed-fixed.json"))]
    assert dumps(compile_documents(docs).plan) == dumps(compile_documents(docs[::-1]).plan)


def test_findings_inside_an_encoded_poller_string_point_at_the_real_line(tmp_path: Any) -> None:
    text = (FIXTURES / "acme.yaml").read_text().replace('"idField": "lines[0].id"',
                                                         '"idField": "lines[0"')
    bad = tmp_path / "acme.yaml"
    bad.write_text(text)
    [finding] = compile_documents([load_file(str(bad))]).errors
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"lines[0"' in t)
    assert (finding.code, finding.line) == ("S402", line)


def test_offset_zones_format_at_that_offset(customers: Any) -> None:
    from datetime import UTC, datetime

    r = customers({"url": WHERE.format("${dateTimeZone:-6:00:yyyy-MM-dd HH:mm}")})
    assert r.query_values(datetime(2026, 1, 1, tzinfo=UTC)) == [
        ("where", "date_time_updated>='2025-12-31 18:00'")]
