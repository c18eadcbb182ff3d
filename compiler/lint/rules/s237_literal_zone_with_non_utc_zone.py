"""A date pattern writes a literal `'Z'` (UTC) but is read in a zone that is not UTC.

Why:
A quoted `'Z'` is plain text: it claims the time is UTC, but the pattern is
formatted and parsed in the configured zone. With `America/New_York` the
values are off by four or five hours while still ending in Z. A literal
`'Z'` is right only in UTC (`GMT`, `UTC`, `Etc/UTC`, `gmtDate`); use `X` to
write the real offset.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sageone"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "contacts": {"url": "/hubs/finance/contacts?where=updated_at>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'", "updatedDateTimezone": "America/New_York",
      "createdDateField": "created_at",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sageone"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "contacts": {"url": "/hubs/finance/contacts?where=updated_at>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "updated_at",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'", "updatedDateTimezone": "GMT",
      "createdDateField": "created_at",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Severity
from ..context import LintContext, Violation
from ._blocks import block_check, per_block
from ._dates import is_utc, trap_check
from ._sites import PatternSite

CODE = "S237"
NAME = "literal-zone-with-non-utc-zone"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _non_utc(site: PatternSite) -> bool:
    return not is_utc(site.zone)


_check = block_check(CODE)(trap_check("literal-zone", applies=_non_utc))


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
