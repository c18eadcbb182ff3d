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
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

A known placeholder that lacks its `$` (`{gmtDate:...}`) is reported too.

Fix:
Respell a known placeholder written in the wrong case, such as `${GMTDate:...}`
or `${DateTimeZone:...}`, or add a missing `$` (safe); `${milliseconds}`
becomes `${epoch}`, which expands to epoch milliseconds (unsafe).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ...placeholders import KINDS, Placeholder
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import block_holders

CODE = "S210"
NAME = "unknown-placeholder"
SEVERITY = Severity.ERROR

ALLOWED = "${date:F}, ${gmtDate:F}, ${dateTimeZone:ZONE:F}, ${epoch} and ${epoch:s|ms|us}"
_BY_LOWER = {kind.lower(): kind for kind in KINDS}
_NO_DOLLAR = re.compile(r"(?<!\$)\{(?:" + "|".join(KINDS) + r")(?=[:}])", re.I)


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


def _inside(at: int, holders: tuple[Placeholder, ...]) -> bool:
    return any(h.start <= at < h.end for h in holders)


def _dollarless(block: ResourceBlock, holders: tuple[Placeholder, ...]) -> Iterator[Violation]:
    url = block.url or ""
    for match in _NO_DOLLAR.finditer(url):
        at = match.start()
        if _inside(at, holders):
            continue
        fixed = url[:at] + "$" + url[at:]
        yield Violation(
            block.ptr("url"),
            f"`{match.group(0)}...` lacks its `$`, so the poller sends it to the API as text",
            fix=Fix("Write `${`", (Edit(block.ptr("url"), fixed),), safe=True),
            offset=at,
        )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    holders = block_holders(block)
    if block.url is not None and "{" in block.url:
        yield from _dollarless(block, holders)
    for holder in holders:
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
