"""The URL uses the legacy `${date}` placeholder, which has no format.

Why:
`${date}` comes from the deprecated `event.poller.urls` format. It carries no
pattern, so the text it expands to is whatever the platform's default date
rendering is, not a format the API is known to accept. Write the pattern
explicitly, and prefer `gmtDate`, which is always in GMT.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${date}'",
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
Write `${gmtDate:PATTERN}` with the catalog's placeholder pattern for Sage 200,
or `${epoch}` when the record dates are `milliseconds`, or otherwise
`yyyy-MM-dd'T'HH:mm:ss'Z'` (unsafe: check the API accepts it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ...placeholders import Placeholder
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import block_holders

CODE = "S211"
NAME = "legacy-date-placeholder"
SEVERITY = Severity.WARNING

DEFAULT_PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'"


def _replacement(ctx: LintContext, block: ResourceBlock) -> str:
    if block.date_text("updatedDateFormat") == "milliseconds":
        return "${epoch}"
    pattern = DEFAULT_PATTERN
    if ctx.catalog is not None and (entry := ctx.catalog.get(block.key)) is not None:
        pattern = entry.placeholder_format
    return "${gmtDate:" + pattern + "}"


def _fix(ctx: LintContext, block: ResourceBlock, holder: Placeholder) -> Fix:
    new = _replacement(ctx, block)
    url = (block.url or "")[: holder.start] + new + (block.url or "")[holder.end :]
    return Fix(f"Write `{new}`", (Edit(block.ptr("url"), url),), safe=False)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    for holder in block_holders(block):
        if holder.legacy:
            yield Violation(
                block.ptr("url"),
                "`${date}` is the legacy placeholder with no pattern; write the format "
                "explicitly, e.g. `${gmtDate:" + DEFAULT_PATTERN + "}`",
                fix=_fix(ctx, block, holder),
                offset=holder.start,
            )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
