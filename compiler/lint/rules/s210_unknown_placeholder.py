"""The URL holds a `${...}` placeholder the poller does not expand.

Why:
The poller expands only `${date:F}`, `${gmtDate:F}`, `${dateTimeZone:ZONE:F}`,
`${epoch}` and `${epoch:s|ms|us}` (and the legacy `${date}`). Anything else,
such as `${DateTimeZone:...}`, `${milliseconds}` or `${epoch:millis}`, is sent
to the API verbatim, so the `where` clause compares against garbage and the
poll either fails or silently matches nothing.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${GMTDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Respell a known placeholder written in the wrong case, such as `${GMTDate:...}`
or `${DateTimeZone:...}` (safe); `${milliseconds}` becomes `${epoch}`, which
expands to epoch milliseconds (unsafe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ...placeholders import KINDS, Placeholder
from ..context import LintContext, ResourceBlock, Violation
from ._sites import block_check, block_holders, per_block

CODE = "S210"
NAME = "unknown-placeholder"
SEVERITY = Severity.ERROR

ALLOWED = "${date:F}, ${gmtDate:F}, ${dateTimeZone:ZONE:F}, ${epoch} and ${epoch:s|ms|us}"
_BY_LOWER = {kind.lower(): kind for kind in KINDS}


def _respelled(holder: Placeholder) -> tuple[str, bool] | None:
    body = holder.raw[2:-1]
    head, sep, rest = body.partition(":")
    if head.lower() in ("milliseconds", "epochms", "epoch_ms") and not sep:
        return "${epoch}", False
    kind = _BY_LOWER.get(head.lower())
    if kind is None or kind == head:
        return None
    return "${" + kind + sep + rest + "}", True


def _fix(block: ResourceBlock, holder: Placeholder) -> Fix | None:
    respelled = _respelled(holder)
    if respelled is None or block.url is None:
        return None
    new, safe = respelled
    url = block.url[: holder.start] + new + block.url[holder.end :]
    return Fix(f"Write `{new}`", (Edit(block.ptr("url"), url),), safe=safe)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    for holder in block_holders(block):
        if holder.problem is None:
            continue
        yield Violation(
            block.ptr("url"),
            f"{holder.problem} in `{holder.raw}`: the poller expands only {ALLOWED}, "
            "and sends anything else verbatim",
            fix=_fix(block, holder),
            offset=holder.start,
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
