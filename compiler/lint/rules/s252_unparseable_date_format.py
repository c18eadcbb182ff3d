"""A record date format cannot parse the datetimes Sage 200 returns.

Why:
Sage 200 writes datetimes in UTC with a `Z` and 0 to 3 fractional digits,
trailing zeros trimmed: `2024-02-28T14:06:36.61Z`, `2024-05-23T22:04:20.567Z`,
`2024-01-02T00:00:00Z`. The poller parses them the way Java's
`DateFormat.parse` does: a prefix must match, the rest is ignored. Cloud
Elements' own example, `yyyy-MM-dd'T'HH:mm:ss'Z'`, fails on every value with
a fraction (the `.` is not `Z`), so those records' dates cannot be read.
A format that parses but lands on another instant (read in a non-UTC zone,
or `milliseconds` reading the year as epoch milliseconds) is reported too.
The observed values come from the catalog (partly inferred), so this is a
warning.
It loses events in production, so `lint --strict` makes it an error.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'", "updatedDateTimezone": "GMT", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateTimezone": "GMT"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "updatedDateTimezone": "GMT", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateTimezone": "GMT"}}}}}
```

Fix:
Use the catalog's recommended format, `yyyy-MM-dd'T'HH:mm:ss` read in GMT
(safe when the catalog entry is confirmed).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from ...catalog import CATALOG_FILE
from ...datefmt import parse
from ...findings import Edit, Fix, Severity
from ...resources import load_schema
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._dates import problems
from ._sites import PatternSite, block_records, catalog_entry

CODE = "S252"
NAME = "unparseable-date-format"
SEVERITY = Severity.WARNING
LOSES_EVENTS = True  # an error under `lint --strict` (lint/strict.py)


def _datetimes() -> dict[str, object]:
    value = load_schema(CATALOG_FILE).get("datetimes", {})
    return value if isinstance(value, dict) else {}


def observed() -> tuple[str, ...]:
    """Datetimes as Sage 200 writes them (the catalog's samples)."""
    samples = _datetimes().get("observed", ())
    return tuple(s for s in samples if isinstance(s, str)) if isinstance(samples, list) else ()


def _misread(pattern: str, sample: str, zone: str) -> str | None:
    """Why ``pattern`` misreads ``sample``, or None when it reads the right instant."""
    try:
        got = parse(pattern, sample, zone, strict=False)
    except ValueError:
        return "cannot parse"
    true = datetime.fromisoformat(sample.replace("Z", "+00:00"))
    # Dropping the fraction is fine: >= in the where clause and pollDelay absorb it.
    if abs((got - true).total_seconds()) >= 1:
        return f"reads as {got.isoformat()}, not the instant of"
    return None


@lru_cache(maxsize=1024)
def first_failure(pattern: str, zone: str) -> tuple[str, str] | None:
    """The first observed value ``pattern`` misreads, and how, or None when all read right."""
    for sample in observed():
        if (why := _misread(pattern, sample, zone)) is not None:
            return sample, why
    return None


def _fix(ctx: LintContext, site: PatternSite) -> Fix | None:
    entry = catalog_entry(ctx, site.block)
    recommended = entry.date_format if entry else _datetimes().get("date_format")
    if not isinstance(recommended, str) or recommended == site.pattern:
        return None
    safe = entry is not None and entry.confidence == "confirmed"
    return Fix(f"Use `{recommended}`", (Edit(site.pointer, recommended),), safe=safe)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if ctx.catalog is None:
        return
    for site in block_records(block):
        if problems(site.pattern):
            continue  # S230 reports invalid patterns
        failed = first_failure(site.pattern, (site.zone or "GMT").strip())
        if failed is not None:
            sample, why = failed
            yield Violation(
                site.pointer,
                f"{site.label} `{site.pattern}` {why} `{sample}`, a datetime as "
                "Sage 200 returns it (UTC, Z, 0-3 fraction digits)",
                fix=_fix(ctx, site),
            )


def check(ctx: LintContext) -> Iterator[Violation]:
    if ctx.catalog is None:
        return iter(())
    return per_block(ctx, CODE)
