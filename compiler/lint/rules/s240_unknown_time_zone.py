"""A time zone ID is not one Java knows, so Java silently uses GMT.

Why:
`updatedDateTimezone`, `createdDateTimezone` and the zone of a
`${dateTimeZone:ZONE:...}` placeholder are Java time-zone IDs. Java's
`TimeZone.getTimeZone` does not fail on an unknown ID: it quietly returns GMT.
A typo such as `Europe/Londen` or `US/Eastern Time` therefore shifts every
date by the zone's offset with no error anywhere. Offsets written as Cloud
Elements documents them for placeholders (`-6:00`, `+5:30`) are accepted.

Bad:
```json
{"element": {"key": "sageone"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "contacts": {"url": "/hubs/finance/contacts?where=updated_at>='${date:yyyy-MM-dd'T'HH:mm:ss}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "Europe/Londen",
      "createdDateField": "created_at",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateTimezone": "Europe/London"}}}}}
```

Good:
```json
{"element": {"key": "sageone"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "contacts": {"url": "/hubs/finance/contacts?where=updated_at>='${date:yyyy-MM-dd'T'HH:mm:ss}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "Europe/London",
      "createdDateField": "created_at",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateTimezone": "Europe/London"}}}}}
```

Fix:
Use the closest known ID (safe when only the letter case differs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...datefmt import zones
from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import DATE_KEYS, block_holders

CODE = "S240"
NAME = "unknown-time-zone"
SEVERITY = Severity.ERROR

# Cloud Elements documents bare offsets for ${dateTimeZone:...} (e.g. -6:00).
_CE_OFFSET = re.compile(r"[+-]\d{1,2}(:\d\d)?\Z")


def _message(zone: str, guesses: list[str]) -> str:
    hint = f"; did you mean `{guesses[0]}`?" if guesses else ""
    return f"`{zone}` is not a Java time-zone ID, so Java silently uses GMT{hint}"


def _fix(ptr: str, new_value: str, zone: str, guess: str) -> Fix:
    return Fix(f"Use `{guess}`", (Edit(ptr, new_value),), safe=guess.lower() == zone.lower())


def _record_zones(block: ResourceBlock) -> Iterator[Violation]:
    for _, key in DATE_KEYS:
        zone = block.date_text(key)
        if zone and zone.strip() and not zones.is_known(zone):
            guesses = zones.suggest(zone)
            ptr = block.ptr("datesConfiguration", key)
            fix = _fix(ptr, guesses[0], zone, guesses[0]) if guesses else None
            yield Violation(ptr, _message(zone, guesses), fix=fix)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    yield from _record_zones(block)
    for holder in block_holders(block):
        zone = holder.zone
        if not zone or zones.is_known(zone) or _CE_OFFSET.match(zone):
            continue
        guesses = zones.suggest(zone)
        url = block.url or ""
        at = holder.start + len("${dateTimeZone:")
        fix = None
        if guesses:
            fixed = url[:at] + guesses[0] + url[at + len(zone) :]
            fix = _fix(block.ptr("url"), fixed, zone, guesses[0])
        yield Violation(block.ptr("url"), _message(zone, guesses), fix=fix, offset=at)


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
