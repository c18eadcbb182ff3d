"""Zone IDs as Java's TimeZone.getTimeZone treats them, plus did-you-mean and ambiguity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sage200cfg.datefmt import format as format_date
from sage200cfg.datefmt import zones


@pytest.mark.parametrize(
    "zone_id", ["UTC", "GMT", "Europe/London", "EST", "BST", "GMT+05:30", "GMT-3", "GMT+0845"]
)
def test_known_ids(zone_id: str) -> None:
    assert zones.is_known(zone_id)


@pytest.mark.parametrize("zone_id", ["Z", "utc", "europe/london", "UTC+1", "GMT+24", "+05:00"])
def test_unknown_ids_fall_back_to_gmt_like_java(zone_id: str) -> None:
    assert not zones.is_known(zone_id)
    assert zones.resolve(zone_id).id == "GMT"


def test_custom_ids_are_normalized() -> None:
    assert [zones.resolve(z).id for z in ("GMT+5", "GMT+530", "GMT-0")] == [
        "GMT+05:00", "GMT+05:30", "GMT-00:00",
    ]  # fmt: skip


def test_suggest_prefers_a_case_insensitive_match() -> None:
    assert zones.suggest("europe/london") == ["Europe/London"]
    assert zones.suggest("America/NewYork")[0] == "America/New_York"
    assert zones.suggest("Europe/London") == []


@pytest.mark.parametrize(
    ("zone_id", "target"),
    [("BST", "Asia/Dhaka"), ("IST", "Asia/Kolkata"), ("CST", "America/Chicago"),
     ("PST", "America/Los_Angeles"), ("AST", "America/Anchorage")],
)  # fmt: skip
def test_ambiguous_legacy_ids_name_their_java_zone(zone_id: str, target: str) -> None:
    note = zones.ambiguity(zone_id)
    assert note is not None and target in note


def test_every_ambiguity_note_names_the_zone_java_really_uses() -> None:
    table = zones._table()["ids"]
    for zone_id in table:
        note = zones.ambiguity(zone_id)
        if note is None:
            continue
        target = table[zone_id][0]
        expected = f"fixed UTC{target}" if target[0] in "+-" else target
        assert expected in note, zone_id


def test_unambiguous_ids_have_no_note() -> None:
    assert zones.ambiguity("Europe/London") is None
    assert zones.ambiguity("UTC") is None


def test_est_is_a_fixed_offset_without_dst() -> None:
    summer = datetime(2024, 7, 1, 12, tzinfo=UTC)
    assert format_date("HH:mm Z z", summer, "EST") == "07:00 -0500 EST"
    assert format_date("HH:mm Z z", summer, "America/New_York") == "08:00 -0400 EDT"


def test_every_java_id_has_usable_rules() -> None:
    instant = datetime(2024, 7, 1, 12, tzinfo=UTC)
    for zone_id in zones.known_ids():
        zone = zones.resolve(zone_id)
        assert zone.id == zone_id
        assert instant.astimezone(zone.tzinfo).utcoffset() is not None
