"""A three-letter time zone ID does not mean what it usually means.

Why:
Java keeps the JDK 1.1 three-letter IDs, and several surprise people: `BST`
is Bangladesh (UTC+6), not British Summer Time; `IST` is India; `EST` and
`MST` are fixed offsets that never switch to daylight time. Dates read or
written in such a zone are hours off. Write the region ID instead
(`Europe/London`, `America/New_York`).

Bad:
```json
{"element": {"key": "sageone"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "contacts": {"url": "/hubs/finance/contacts?where=updated_at>='${date:yyyy-MM-dd'T'HH:mm:ss}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "BST",
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
"""

from __future__ import annotations

from collections.abc import Iterator

from ...datefmt import zones
from ...findings import Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import DATE_KEYS, block_holders

CODE = "S241"
NAME = "ambiguous-time-zone"
SEVERITY = Severity.WARNING


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    for _, key in DATE_KEYS:
        zone = block.date_text(key)
        if zone and (note := zones.ambiguity(zone.strip())) is not None:
            yield Violation(block.ptr("datesConfiguration", key), note)
    for holder in block_holders(block):
        if holder.zone and (note := zones.ambiguity(holder.zone)) is not None:
            offset = holder.start + len("${dateTimeZone:")
            yield Violation(block.ptr("url"), note, offset=offset)


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
