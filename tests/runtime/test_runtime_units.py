"""The runtime's small parts on their own: CEQL, hub paging, date reading, envelope, store."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import sqlite3

import pytest

from sage200cfg.datefmt import ParseError
from sage200cfg.datefmt import format as java_format
from sage200cfg.datefmt import parse as java_parse
from sage200cfg.plan.model import DateExtraction
from sage200cfg.runtime.envelope import java_date, sign
from sage200cfg.runtime.errors import StateFileError
from sage200cfg.runtime.records import _parser, dst_slack_ms, floor_ms, from_ms, to_ms
from sage200cfg.runtime.simulator import ceql
from sage200cfg.runtime.simulator.hub import Hub, sage_time
from sage200cfg.runtime.store.base import Outgoing, Page, Watermark
from sage200cfg.runtime.store.sqlite import SqliteStore


def _match(where: str, record: dict[str, object]) -> bool:
    return ceql.matches(ceql.parse(where), record.get, {"date_time_updated"})


def test_ceql_compares_dates_as_instants():
    record = {"date_time_updated": ceql.parse_instant_ms("2024-02-28T14:06:36.61Z"),
              "code": "1200", "balance": 10}
    assert _match("date_time_updated>='2024-02-28T14:06:36'", record)
    assert not _match("date_time_updated>'2024-02-28T14:06:37'", record)
    assert _match("date_time_updated>='2024-02-28T15:06:00+01:00' AND code='1200'", record)
    assert _match("(code='9' OR balance>5) AND code LIKE '12%'", record)
    assert _match("code IN ('1', '1200') AND missing IS NULL", record)
    with pytest.raises(ceql.CeqlError, match="not a date/time literal"):
        _match("date_time_updated>='28/02/2024'", record)
    with pytest.raises(ceql.CeqlError):
        ceql.parse("date_time_updated>=")


def test_sage_time_trims_trailing_zeros_like_sage_200():
    assert sage_time(ceql.parse_instant_ms("2024-02-28T14:06:36.610Z")) == (
        "2024-02-28T14:06:36.61Z"
    )
    assert sage_time(ceql.parse_instant_ms("2024-01-02T00:00:00Z")) == "2024-01-02T00:00:00Z"


def test_hub_keyset_paging_survives_updates_between_pages():
    hub = Hub()
    base = ceql.parse_instant_ms("2026-01-01T00:00:00Z")
    hub.create("customers", 5, base, base + 4000)
    where = "date_time_updated>='2026-01-01T00:00:00'"
    first, token = hub.page("customers", where, 2, None)
    assert [json.loads(r)["id"] for r in first] == [100_000, 100_001]
    hub.update("customers", [100_000], 0, base + 9000)  # moves behind the cursor
    rest, token = hub.page("customers", where, 10, token)
    assert [json.loads(r)["id"] for r in rest] == [100_002, 100_003, 100_004, 100_000]
    assert token is not None
    assert hub.page("customers", where, 10, token) == ([], None)


def test_fast_date_path_agrees_with_the_java_engine():
    rng = random.Random(5)
    shapes = ["{y:04d}-{m:02d}-{d:02d}T{h:02d}:{i:02d}:{s:02d}{tail}",
              "{y:04d}-{m:02d}-{d:02d} {h:02d}:{i:02d}:{s:02d}{tail}"]
    tails = ["", "Z", ".61Z", ".5", "7", "+01:00", " x"]
    patterns = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'"]
    for _ in range(600):
        text = rng.choice(shapes).format(
            y=rng.choice([1500, 1970, 2024, 2025]), m=rng.randint(0, 13), d=rng.randint(0, 32),
            h=rng.randint(0, 25), i=rng.randint(0, 61), s=rng.randint(0, 61),
            tail=rng.choice(tails))
        for pattern in patterns:
            try:
                expected: object = to_ms(java_parse(pattern, text, "GMT", strict=False))
            except ParseError:
                expected = ParseError
            try:
                got: object = _parser("pattern", pattern, "GMT")(text)
            except ParseError:
                got = ParseError
            assert got == expected, (pattern, text)


def test_the_watermark_cut_to_a_patterns_precision_agrees_with_the_java_engine():
    # A window's lower bound is the watermark formatted with the pattern and read
    # back; the runtime skips that round trip where it knows the answer.
    rng = random.Random(11)
    instants = [rng.randrange(-12_000_000_000_000, 253_402_300_800_000) for _ in range(300)]
    instants += [-11_676_096_000_001, -11_676_096_000_000, 0, 999, -1,
                 253_402_300_798_999, 253_402_300_799_000, 253_402_300_799_999]
    patterns = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'",
                "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm"]
    for pattern in patterns:
        for zone in ("UTC", "GMT", "Europe/London"):
            extraction = DateExtraction("updated", ("updated",), "pattern", pattern, zone)
            for ms in instants:
                text = java_format(pattern, from_ms(ms), zone)
                expected = to_ms(java_parse(pattern, text, zone, strict=False))
                assert floor_ms(extraction, ms) == expected, (pattern, zone, ms)


def test_dst_slack_is_the_offset_change_around_the_window_and_none_in_utc():
    july, october_end = 1_719_792_000_000, 1_730_000_000_000  # 2024-07-01, 2024-10-27 03:33Z
    for zone in ("UTC", "GMT", "Etc/UTC"):
        utc = DateExtraction("updated", ("updated",), "pattern", "yyyy-MM-dd HH:mm:ss", zone)
        assert dst_slack_ms(utc, july, october_end) == 0
    london = DateExtraction("updated", ("updated",), "pattern", "yyyy-MM-dd HH:mm:ss",
                            "Europe/London")
    assert dst_slack_ms(london, july, july + 60_000) == 0
    assert dst_slack_ms(london, october_end - 3_600_000, october_end) == 3_600_000


def test_signature_is_base64_hmac_sha256_of_the_raw_body():
    body = b'{"message":{"events":[]}}'
    digest = hmac.new(b"MySecretEventSignatureKey", body, hashlib.sha256).digest()
    assert sign(b"MySecretEventSignatureKey", body) == "sha256=" + base64.b64encode(
        digest).decode()
    assert java_date(1582303421000) == "Fri Feb 21 16:43:41 UTC 2020"


def test_state_file_is_private_wal_and_versioned(tmp_path):
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    store.init_watermark("i", "r", Watermark(1000, "now"))
    body = json.dumps({"pad": "x" * 9000}).encode()  # stored compressed, read back as sent
    store.commit_page(Page("i", "r", [Outgoing("w1", body, 1)], [(("1", "t"), 1000)]))
    [row] = store.claim_due(10**13, 5)
    assert row.body == body and row.webhook_id == "w1"
    assert store.claim_due(10**13, 5) == []  # leased while in flight
    store.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.execute("UPDATE meta SET value='99' WHERE key='schema'")
    db.commit()
    db.close()
    with pytest.raises(StateFileError, match="has layout 99"):
        SqliteStore(path)


def test_a_layout_1_state_file_is_upgraded_and_its_zlib_bodies_still_read(tmp_path):
    import zlib

    path = tmp_path / "state.db"
    store = SqliteStore(path)
    store.init_watermark("i", "r", Watermark(1000, "now"))
    store.close()
    body = json.dumps({"pad": "y" * 9000}).encode()
    db = sqlite3.connect(path)  # as sage200cfg before layout 2 left it: zlib, zipped=1
    db.execute("UPDATE meta SET value='1' WHERE key='schema'")
    db.execute("INSERT INTO outbox (webhook_id, rid, body, zipped, events) "
               "SELECT 'old', rid, ?, 1, 1 FROM resources", (zlib.compress(body, 1),))
    db.commit()
    db.close()
    store = SqliteStore(path)
    [row] = store.claim_due(10**13, 5)
    assert (row.webhook_id, row.body) == ("old", body)
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("2",)
    db.close()


def _classifier(lower_ms=0, start_ms=10**13, **opts):
    from sage200cfg.runtime.records import Classifier
    from sage200cfg.runtime.simulator.plans import instance_json as inst
    from sage200cfg.runtime.simulator.plans import plan_from_instances, resource_json

    plan = plan_from_instances([inst("i", "http://127.0.0.1/sink", [resource_json("r", **opts)])])
    return Classifier(plan.instances[0].resources[0], lower_ms, start_ms)


def _at(text: str) -> int:
    return ceql.parse_instant_ms(text)


def test_event_type_uses_the_created_check_tolerance():
    record = {"id": 7, "date_time_created": "2024-02-28T14:06:30Z",
              "date_time_updated": "2024-02-28T14:06:36.61Z"}
    assert _classifier().classify(record).event_type == "UPDATED"
    event = _classifier(created_check_tolerance=10).classify(record)
    assert (event.event_type, event.object_id, event.updated_text) == (
        "CREATED", "7", "2024-02-28T14:06:36.61Z")
    no_created = {k: v for k, v in record.items() if k != "date_time_created"}
    assert _classifier(created_check_tolerance=10).classify(no_created).event_type == "UPDATED"


def test_filters_by_last_poll_and_current_date():
    record = {"id": 1, "date_time_created": "2024-02-28T14:00:00Z",
              "date_time_updated": "2024-02-28T14:06:36Z"}
    assert _classifier(lower_ms=_at("2024-02-28T14:06:37Z")).classify(record) is None
    assert _classifier(lower_ms=_at("2024-02-28T14:06:36Z")).classify(record) is not None
    later = _classifier(start_ms=_at("2024-02-28T14:06:35Z"), filter_by_current_date=True)
    assert later.classify(record) is None
    by_created = _classifier(lower_ms=_at("2024-02-28T14:05:00Z"), filter_by_updated_date=False)
    assert by_created.classify(record) is None  # created before the last poll


def test_epoch_milliseconds_and_nested_ids():
    classifier = _classifier(id_field="properties.hs_object_id", date_pattern="milliseconds",
                             updated_field="updatedAt", created_field="createdAt")
    record = {"properties": {"hs_object_id": "42"}, "updatedAt": 1709129196610,
              "createdAt": 1709129196610}
    event = classifier.classify(record)
    assert (event.object_id, event.updated_ms, event.event_type) == ("42", 1709129196610,
                                                                     "CREATED")
    assert classifier.classify({"updatedAt": 1}).reason == (
        "no id at idField 'properties.hs_object_id'")
    bad = classifier.classify({"properties": {"hs_object_id": 1}, "updatedAt": "soon"})
    assert bad.reason == "updatedAt 'soon' does not parse as 'milliseconds' (GMT)"


def test_the_real_sage_customer_saved_once_is_created_with_the_sage200_tolerance():
    import json
    from pathlib import Path

    from sage200cfg.catalog import SAGE200_CREATED_TOLERANCE

    samples = Path(__file__).parents[3] / "shared" / "sage200-samples"
    path = samples / "customers.82660.json"
    if not path.exists():  # CI lays shared/ beside the clone; the worktree has it at /work
        path = Path("/work/shared/sage200-samples/customers.82660.json")
    record = json.loads(path.read_text())
    # One save: created 22:04:20.567, updated 22:04:22.863.
    assert (record["date_time_created"], record["date_time_updated"]) == (
        "2024-05-23T22:04:20.567Z", "2024-05-23T22:04:22.863Z")
    pattern = "yyyy-MM-dd'T'HH:mm:ss"
    assert _classifier(date_pattern=pattern).classify(record).event_type == "UPDATED"
    tolerant = _classifier(date_pattern=pattern,
                           created_check_tolerance=SAGE200_CREATED_TOLERANCE)
    assert tolerant.classify(record).event_type == "CREATED"
