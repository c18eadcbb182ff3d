"""The native simulator keeps Sage 200's rules, and the transport copes with them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from native_helpers import auth_file, run_native
from rt_helpers import make_plan, now_ms, res, since_iso

from sage200cfg.runtime.simulator.httpd import Response
from sage200cfg.runtime.simulator.native import SITES

SITE = {"X-Site": str(SITES[0]["site_id"]), "X-Company": str(SITES[0]["company_id"])}


def _token(sim):
    from sage200cfg.runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET

    refresh = sim.call("/_sim/oauth/issue", {})["refresh_token"]
    status, body = sim.sim.sage_id.token(
        f"grant_type=refresh_token&refresh_token={refresh}&client_id={CLIENT_ID}"
        f"&client_secret={CLIENT_SECRET}".encode())
    assert status == 200
    return str(body["access_token"])


def _get(sim, path, token, headers=SITE):
    request = urllib.request.Request(sim.sim.native_base + path,
                                     headers={"Authorization": f"Bearer {token}", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        return exc.code, json.loads(body) if body else None


@pytest.mark.parametrize(("query", "message"), [
    ("$filter=date_time_updated%20ge%202026-01-01T00:00:00", "must specify the UTC timezone"),
    ("$top=5001", "limit of '5000'"),
    ("$skip=10", "$skip requires $orderby"),
    ("$filter=name%20like%20'x'", "unknown operator"),
])
def test_sage_rules_are_400s(sim, query, message):
    status, body = _get(sim, "/customers?" + query, _token(sim))
    assert status == 400 and message in body["Message"]


def test_lists_are_bare_arrays_capped_at_500_by_default(sim):
    sim.create("customers", 520, now_ms() - 1000)
    token = _token(sim)
    status, body = _get(sim, "/customers", token)
    assert status == 200 and isinstance(body, list) and len(body) == 500
    status, body = _get(sim, "/customers?$filter=id%20eq%20100000%20or%20id%20eq%20100003"
                             "&$orderby=id%20desc", token)
    assert [r["id"] for r in body] == [100003, 100000]


def test_sites_needs_no_site_headers_but_data_does(sim):
    token = _token(sim)
    status, sites = _get(sim, "/sites", token, headers={})
    assert status == 200 and {s["company_name"] for s in sites} >= {"Cloud-Elements Demodata"}
    status, body = _get(sim, "/customers", token, headers={})
    assert status == 400 and "X-Site" in body["Message"]
    assert _get(sim, "/customers", "not-a-token")[0] == 401
    assert _get(sim, "/sales_invoices", token)[0] == 404  # POST only in Sage 200


def test_an_unknown_company_lists_the_companies(sim, tmp_path):
    plan = make_plan(sim, [res("customers")])
    auth = auth_file(sim, tmp_path, company="Nope Ltd")
    from sage200cfg.runtime.errors import SetupError

    with pytest.raises(SetupError) as info:
        run_native(sim, plan, tmp_path / "s.db", auth)
    text = str(info.value)
    assert "'Nope Ltd' matches no company" in text
    assert "'Cloud-Elements Demodata' (company 1, site" in text and "'APITestCompany'" in text


def test_post_only_resources_are_refused_naming_what_to_poll(sim, tmp_path):
    plan = make_plan(sim, [res("invoices")])
    from sage200cfg.runtime.errors import SetupError

    with pytest.raises(SetupError, match="sales_invoices has no list to poll .*'transactions'"):
        run_native(sim, plan, tmp_path / "s.db", auth_file(sim, tmp_path))


def test_native_collections_and_dates_without_fraction_digits(sim, tmp_path):
    """transactions -> sales_posted_transactions; Sage's 0-3 digit fractions type correctly."""
    base = (now_ms() - 3000) // 1000 * 1000
    sim.create("transactions", 1, base)  # ...:00Z, no fraction
    sim.create("transactions", 1, base + 610)  # .61Z
    sim.create("products/groups", 2, base + 5)  # .005Z
    plan = make_plan(sim, [res("transactions"), res("products/groups")])
    state = tmp_path / "s.db"
    assert run_native(sim, plan, state, auth_file(sim, tmp_path), since=since_iso(10)) == 0
    received = sim.received()
    assert set(received) == sim.changes()
    assert {kind for _, kind in received.values()} == {"CREATED"}
    assert sim.requests() == {"transactions": 2, "products/groups": 2}  # a page, then empty


def test_a_400_shows_sages_message_and_keeps_the_watermark(sim, tmp_path):
    plan = make_plan(sim, [res("customers", where_pattern="yyyy-MM-dd'T'HH:mm:ss")])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    sim.create("customers", 3, now_ms() - 1000)
    original = sim.sim.native.handle
    refusal = Response(400, b'{"Message": "The field \'frobnicate\' is not valid."}')
    sim.sim.native.handle = lambda request, rest: (
        original(request, rest) if rest == "sites" else (None, refusal))
    since = since_iso(10)
    assert run_native(sim, plan, state, auth, since=since) == 1
    from rt_helpers import status_json

    row = status_json(state)["resources"][0]
    assert "The field 'frobnicate' is not valid." in row["lastError"]
    assert row["watermark"] is None  # a poll that did not complete sets none (issue 11)
    sim.sim.native.handle = original
    assert run_native(sim, plan, state, auth, since=since) == 0
    assert set(sim.received()) == sim.changes()


def test_a_busy_sites_call_at_start_is_asked_again_by_the_first_poll(sim, tmp_path):
    sim.create("customers", 5, now_ms() - 1000)
    sim.call("/_sim/api/faults", {"fail_next": [503] * 5})  # every try of the first /sites
    plan = make_plan(sim, [res("customers")])
    state = tmp_path / "s.db"
    assert run_native(sim, plan, state, auth_file(sim, tmp_path), since=since_iso(10)) == 0
    assert set(sim.received()) == sim.changes() and len(sim.changes()) == 5


def test_an_omitted_created_field_types_the_event_updated(sim, tmp_path):
    """Sage omits null fields: a record without date_time_created is UPDATED, not lost."""
    first = sim.sim.hub.resources["customers"].next_id
    sim.create("customers", 2, now_ms() - 1500)
    sim.call("/_sim/override", {"resource": "customers", "id": first + 1,
                                "drop": ["date_time_created"]})
    plan = make_plan(sim, [res("customers")])
    state = tmp_path / "s.db"
    assert run_native(sim, plan, state, auth_file(sim, tmp_path), since=since_iso(10)) == 0
    kinds = {key[1]: kind for key, (_, kind) in sim.received().items()}
    assert kinds == {str(first): "CREATED", str(first + 1): "UPDATED"}


def _page_ids(sim, token, query):
    status, body = _get(sim, "/customers?" + query, token)
    assert status == 200, body
    return [r["id"] for r in body], body


@pytest.mark.parametrize("paging", ["skip", "key"])
def test_offset_paging_loses_a_record_that_key_paging_keeps(sim, paging):
    """Three records of page 1 are updated before page 2 is read: with $skip the
    rest move up three places and three unread records are never seen."""
    from urllib.parse import quote

    from sage200cfg.runtime.simulator.plans import resource_json
    from sage200cfg.runtime.transports.native_query import native_query

    first = sim.sim.hub.resources["customers"].next_id
    start = now_ms() - 60_000
    sim.create("customers", 30, start, start + 29_000)
    token = _token(sim)
    where = "date_time_updated ge " + "2000-01-01T00:00:00Z"
    query = native_query(make_plan(sim, [resource_json("customers", page_size=10)])
                         .instances[0].resources[0])
    seen: set[int] = set()
    cursor, offset = None, 0
    for page in range(6):
        if paging == "skip":
            text = (f"$filter={quote(where)}&$orderby=date_time_updated,id&$top=10"
                    f"&$skip={offset}")
        else:
            text = query.query(datetime(2000, 1, 1, tzinfo=UTC), cursor)
        ids, body = _page_ids(sim, token, text)
        if not ids:
            break
        seen.update(ids)
        offset += len(ids)
        cursor = query.cursor(body[-1])
        if page == 0:  # changes between pages 1 and 2
            sim.sim.hub.update("customers", ids[:3], 0, now_ms())
    created = set(range(first, first + 30))
    missing = created - seen
    assert (len(missing) == 3) if paging == "skip" else not missing, sorted(missing)
