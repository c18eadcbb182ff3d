"""The poll time placeholder does not write the UTC date literal Sage 200 filters need.

Why:
Sage 200 compares `date_time_updated` with an ISO literal, and "when including
the time, you must specify the UTC timezone (Z at the end)" (Sage 200 API
query guide). Cloud Elements' own example, `${date:yyyy-MM-dd'T'HH:mm:ss}`,
writes the time without the `Z`; an offset (`+01:00`), an epoch number or a
US-style date is not an ISO UTC literal either. Sage 200 then rejects the
filter or reads it in another zone, and changes are missed. A date-only
pattern (`yyyy-MM-dd`) is accepted. How Cloud Elements hands the literal on
is not documented, so this is a warning.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Write `${gmtDate:...}` with the catalog's placeholder pattern,
`yyyy-MM-dd'T'HH:mm:ss'Z'` (unsafe: the query changes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache

from ...catalog import CATALOG_FILE
from ...datefmt import format as format_date
from ...findings import Edit, Fix, Severity
from ...placeholders import Placeholder
from ...resources import load_schema
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._dates import problems
from ._sites import block_holders, catalog_entry

CODE = "S254"
NAME = "placeholder-without-utc-marker"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)

#: An instant with every field distinct, so a wrong field shows in the output.
SAMPLE = datetime(2024, 5, 23, 22, 4, 20, 567000, tzinfo=UTC)
_SAGE_LITERAL = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,7})?)?Z)?\Z")


@lru_cache(maxsize=1024)
def rendered(pattern: str, zone: str) -> str | None:
    """What the placeholder writes for ``SAMPLE``; None when the pattern is invalid."""
    if problems(pattern):
        return None  # S213 reports it
    try:
        return format_date(pattern, SAMPLE, zone)
    except ValueError:
        return None


def _problem(holder: Placeholder) -> str | None:
    if holder.kind == "epoch":
        return f"`{holder.raw}` writes an epoch number, not a date"
    if not holder.pattern or holder.problem is not None:
        return None
    zone = "GMT" if holder.kind in ("gmtDate", "date") else holder.zone or "GMT"
    text = rendered(holder.pattern, zone)
    if text is None or _SAGE_LITERAL.match(text):
        return None
    return f"`{holder.raw}` writes `{text}`, not an ISO date or a UTC time ending in Z"


def _pattern(ctx: LintContext, block: ResourceBlock) -> str:
    entry = catalog_entry(ctx, block)
    if entry is not None:
        return entry.placeholder_format
    return str(load_schema(CATALOG_FILE)["datetimes"]["placeholder_format"])


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if ctx.catalog is None or block.url is None:
        return
    for holder in block_holders(block):
        if (why := _problem(holder)) is None:
            continue
        new = "${gmtDate:" + _pattern(ctx, block) + "}"
        url = block.url[: holder.start] + new + block.url[holder.end :]
        yield Violation(
            block.ptr("url"),
            f"{why}; Sage 200 filters need a UTC literal such as 2024-05-23T22:04:20Z",
            fix=Fix(f"Write `{new}`", (Edit(block.ptr("url"), url),), safe=False),
            offset=holder.start,
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    if ctx.catalog is None:
        return iter(())
    return per_block(ctx, CODE)
