"""From one polled record to an event, a skip, or a quarantine reason.

Dates are read as Java's ``DateFormat.parse(String)`` reads them: a prefix
parse that ignores trailing text, so ``yyyy-MM-dd'T'HH:mm:ss`` reads Sage
200's ``2024-02-28T14:06:36.61Z`` (as 14:06:36). Because the pattern can be
coarser than the data, the lower bound a record is compared with is the
watermark cut to the same precision (formatted and parsed back with the same
pattern): a record updated in the watermark's own second is kept, and the
seen-set makes sure it is sent once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple

from ..plan.model import DateExtraction, Resource

__all__ = ["Classifier", "Event", "Rejected", "read_path", "to_ms"]

_MISSING = object()


def to_ms(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def read_path(record: Any, path: tuple[str | int, ...]) -> Any:
    """The value at a JSON path, or ``_MISSING``."""
    value = record
    for segment in path:
        try:
            value = value[segment]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return value


def _epoch_ms(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("not epoch milliseconds")
    return int(value)


# Patterns whose Java prefix parse, on text this regex matches with in-range
# fields, is plain ISO arithmetic in a zero-offset zone. Anything else (other
# patterns, zones, shapes, lenient roll-overs) goes through the datefmt engine.
_FAST = {
    "yyyy-MM-dd'T'HH:mm:ss": re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?!\d)"),
    "yyyy-MM-dd HH:mm:ss": re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?!\d)"),
    "yyyy-MM-dd'T'HH:mm:ss'Z'": re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z"),
}
_ZERO_ZONES = frozenset({"UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z", "Zulu", "Universal"})
# Where those patterns print four-digit Gregorian years (the engine's range for them).
_FAST_MS = range(int(datetime(1600, 1, 1, tzinfo=UTC).timestamp()) * 1000,
                 int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()) * 1000)


@lru_cache(maxsize=4096)
def _day_ms(date: str) -> int | None:
    """``yyyy-MM-dd`` (already shaped by the regex) as epoch ms, None if not a real day."""
    year, month, day = int(date[:4]), int(date[5:7]), int(date[8:10])
    if year < 1600:  # Java switches to the Julian calendar before 1582
        return None
    try:
        return int(datetime(year, month, day, tzinfo=UTC).timestamp()) * 1000
    except ValueError:
        return None


def _fast(regex: re.Pattern[str], text: str) -> int | None:
    match = regex.match(text)
    if match is None:
        return None
    day = _day_ms(text[:10])
    hour, minute, second = int(match[4]), int(match[5]), int(match[6])
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    return day + (hour * 3600 + minute * 60 + second) * 1000


@lru_cache(maxsize=256)
def _parser(fmt: str, pattern: str | None, zone: str) -> Callable[[Any], int]:
    if fmt == "milliseconds":
        return _epoch_ms
    from ..datefmt import compile as compile_pattern

    compiled = compile_pattern(pattern or "")
    regex = _FAST.get(pattern or "") if zone in _ZERO_ZONES else None

    last: list[Any] = [None, 0]  # created and updated are often the same text

    def parse(value: Any) -> int:
        if value == last[0]:
            return int(last[1])
        if not isinstance(value, str):
            raise ValueError("not a string")
        quick = _fast(regex, value) if regex is not None else None
        result = quick if quick is not None else to_ms(compiled.parse(value, zone, strict=False))
        last[:] = [value, result]
        return result

    return parse


def floor_ms(extraction: DateExtraction | None, ms: int) -> int:
    """``ms`` cut to the precision of the extraction's pattern, in its zone."""
    if extraction is None or extraction.format == "milliseconds":
        return ms
    pattern = extraction.pattern or ""
    if pattern in _FAST and extraction.zone in _ZERO_ZONES and ms in _FAST_MS:
        return ms - ms % 1000  # formatted and read back, these patterns keep the second
    from ..datefmt import format as format_date

    text = format_date(pattern, from_ms(ms), extraction.zone)
    return _parser("pattern", pattern, extraction.zone)(text)


_THREE_HOURS = 3 * 3_600_000


def dst_slack_ms(extraction: DateExtraction | None, a_ms: int, b_ms: int) -> int:
    """How far a date read in the extraction's zone can be misplaced between two instants.

    A pattern without an offset field, in a zone whose offset changes between
    ``a_ms`` and ``b_ms`` (a DST change in or near the poll window), reads a wall time of
    the repeated hour as the other of its two instants. Widening the window by
    the change keeps such records; the seen-set drops the repeats.
    """
    if extraction is None or extraction.format == "milliseconds":
        return 0
    if extraction.zone in _ZERO_ZONES:
        return 0  # no DST, no offset change: nothing to widen
    pattern = extraction.pattern or ""
    if any(letter in _unquoted(pattern) for letter in "XZzx"):
        return 0
    # A record read an hour off may sit just outside the window: look 3 h beyond it.
    around = (a_ms - _THREE_HOURS, a_ms, b_ms, b_ms + _THREE_HOURS)
    zone = _tzinfo(extraction.zone)
    minutes = [_offset_minutes(datetime.fromtimestamp(ms / 1000, zone)) for ms in around]
    return (max(minutes) - min(minutes)) * 60_000


@lru_cache(maxsize=256)
def _tzinfo(zone_id: str) -> tzinfo:
    """The rules the date patterns use for ``zone_id`` (Java's zone IDs)."""
    from ..datefmt import zones

    return zones.resolve(zone_id).tzinfo


def _offset_minutes(local: datetime) -> int:
    """The UTC offset in whole minutes, truncated toward zero as Java's ``Z`` prints it."""
    offset = local.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() / 60)


def _unquoted(pattern: str) -> str:
    return "".join(pattern.split("'")[::2])


class Event(NamedTuple):
    """A record that becomes an event (a tuple: built once per record, so cheap)."""

    object_id: str
    updated_ms: int  #: -1 when the plan extracts no updated date
    updated_text: str  #: the updated value as the API sent it: the dedupe key, full precision
    filter_ms: int
    event_type: str  #: CREATED | UPDATED
    record: dict[str, Any]


class Rejected(NamedTuple):
    """A record that cannot become an event."""

    object_id: str | None
    reason: str
    record: str


class _DateField:
    """Reads one configured date: raw value by path, then epoch ms by pattern."""

    def __init__(self, extraction: DateExtraction) -> None:
        self.extraction = extraction
        self.get = _getter(extraction.path)
        self.parse = _parser(extraction.format, extraction.pattern, extraction.zone)

    def problem(self, raw: Any) -> str:
        ext = self.extraction
        shown = ext.pattern if ext.format == "pattern" else "milliseconds"
        return f"{ext.field} {raw!r} does not parse as {shown!r} ({ext.zone})"


def _getter(path: tuple[str | int, ...]) -> Callable[[Any], Any]:
    """A reader for one JSON path; a single key (the usual case) is one dict lookup."""
    if len(path) == 1 and isinstance(path[0], str):
        key = path[0]
        return lambda record: record.get(key, _MISSING) if type(record) is dict else _MISSING
    return lambda record: read_path(record, path)


class Classifier:
    """Applies one resource's extraction and filter rules to its records."""

    def __init__(self, resource: Resource, lower_ms: int, poll_start_ms: int) -> None:
        self.resource = resource
        self.lower_ms = lower_ms
        self.upper_ms = poll_start_ms if resource.filter_by_current_date else None
        self.tolerance_ms = resource.created_check_tolerance * 1000
        self._id = _getter(resource.id_path)
        self._updated = _DateField(resource.updated) if resource.updated else None
        self._created = _DateField(resource.created) if resource.created else None

    def classify(self, record: Any) -> Event | Rejected | None:
        """An event, a rejection, or None when the record is filtered out."""
        res = self.resource
        object_id = self._id(record)
        if object_id is _MISSING or object_id is None or object_id == "" or not isinstance(
            object_id, str | int | float
        ):
            return Rejected(None, f"no id at idField {res.id_field!r}", _text(record))
        oid = str(object_id)
        updated = created = None
        raw_updated: Any = None
        if self._updated is not None:
            raw_updated = self._updated.get(record)
            if raw_updated is _MISSING or raw_updated is None:
                return Rejected(oid, f"no {self._updated.extraction.field} at its path",
                                _text(record))
            try:
                updated = self._updated.parse(raw_updated)
            except (ValueError, TypeError, OverflowError):
                return Rejected(oid, self._updated.problem(raw_updated), _text(record))
        if self._created is not None:
            raw_created = self._created.get(record)
            if raw_created is not _MISSING and raw_created is not None:
                try:
                    created = self._created.parse(raw_created)
                except (ValueError, TypeError, OverflowError):
                    return Rejected(oid, self._created.problem(raw_created), _text(record))
                if raw_updated is None:
                    raw_updated = raw_created
        filter_ms = updated if res.filter_by_updated_date or created is None else created
        if filter_ms is not None and filter_ms < self.lower_ms:
            return None
        if self.upper_ms is not None and updated is not None and updated > self.upper_ms:
            return None
        is_new = (
            created is not None
            and updated is not None
            and abs(updated - created) <= self.tolerance_ms
        )
        key = updated if updated is not None else (created if created is not None else -1)
        # Dedupe on the text as sent: a pattern that drops the milliseconds must
        # not make two updates in one second look like the same change.
        text = "" if raw_updated is None else (
            raw_updated if isinstance(raw_updated, str) else str(raw_updated)
        )
        return Event(oid, key, text, filter_ms if filter_ms is not None else key,
                     "CREATED" if is_new else "UPDATED", record)


def _text(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)[:20_000]
