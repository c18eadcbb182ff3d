"""A plan resource as native Sage 200 requests: $filter in UTC, key paging, $top."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from sage200cfg.runtime.errors import SetupError
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json
from sage200cfg.runtime.transports.native_query import native_query

AT = datetime(2026, 7, 1, 12, 30, 15, 678000, tzinfo=UTC)


def _resource(name="customers", **opts):
    plan = plan_from_instances([instance_json("i", "https://x.invalid/cb",
                                              [resource_json(name, **opts)])])
    return plan.instances[0].resources[0]


def test_the_placeholder_instant_is_written_in_utc_at_its_patterns_precision():
    query = native_query(_resource())  # ${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}
    assert query.filter(AT, None) == "date_time_updated ge 2026-07-01T12:30:15Z"
    local = native_query(_resource(placeholder="dateTimeZone", where_zone="America/New_York",
                                   where_pattern="yyyy-MM-dd HH:mm"))
    assert local.filter(AT, None) == "date_time_updated ge 2026-07-01T12:30:00Z"


def test_key_paging_after_the_last_record():
    query = native_query(_resource("transactions", page_size=7000))
    assert query.collection == "sales_posted_transactions" and query.top == 5000
    cursor = query.cursor({"id": 42, "date_time_updated": "2024-02-28T14:06:36.61Z"})
    assert query.filter(AT, cursor) == (
        "(date_time_updated ge 2026-07-01T12:30:15Z) and (date_time_updated gt "
        "2024-02-28T14:06:36.610Z or (date_time_updated ge 2024-02-28T14:06:36.610Z and id gt 42))"
    )
    params = parse_qs(query.query(AT, None))
    assert params["$orderby"] == ["date_time_updated,id"] and params["$top"] == ["5000"]
    assert "$skip" not in params
    older = query.cursor({"id": 7, "date_time_updated": "2017-06-05T09:56:51.967"})  # no Z
    assert "2017-06-05T09:56:51.967Z and id gt 7" in str(query.filter(AT, older))


def test_post_only_and_untranslatable_resources_are_refused():
    with pytest.raises(SetupError, match="sales_payments has no list to poll.*'transactions'"):
        native_query(_resource("payments"))
    res = _resource()
    bad = res.__class__(**{**res.__dict__, "id_path": ("lines", 0, "id")})
    with pytest.raises(SetupError, match="top-level id field"):
        native_query(bad)


def test_the_company_is_picked_by_name_or_the_error_lists_them():
    from sage200cfg.runtime.transports.sites import pick_site

    sites = [{"site_id": "s-1", "company_id": 1, "company_name": "Demo Ltd"},
             {"site_id": "s-2", "company_id": 2, "company_name": "Twin"},
             {"site_id": "s-3", "company_id": 3, "company_name": "twin"},
             {"site_id": "s-4", "company_id": 4, "company_name": "Twin"}]
    assert pick_site(sites, "demo ltd", "i").headers() == {"X-Site": "s-1", "X-Company": "1"}
    assert pick_site(sites, "twin", "i").company_id == "3"  # an exact match wins
    with pytest.raises(SetupError, match="'Twin' matches more than one company; the companies "
                                         "are: 'Demo Ltd' \\(company 1, site s-1\\)"):
        pick_site(sites, "Twin", "i")
    with pytest.raises(SetupError, match="lists no companies"):
        pick_site([], "Twin", "i")
