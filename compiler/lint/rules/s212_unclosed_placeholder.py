"""A `${` in the URL is never closed by `}`.

Why:
An unclosed placeholder is not expanded: the poller sends `${gmtDate:...` to
the API as text, so the `where` clause is broken on every poll. It is usually
a lost `}` after the pattern. A `}` that closes nothing (`${epoch}}`) is sent
as text too.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z''",
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
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Severity
from ...placeholders import Scan
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import url_scan

CODE = "S212"
NAME = "unclosed-placeholder"
SEVERITY = Severity.ERROR


def _stray_closers(scanned: Scan) -> Iterator[int]:
    """Offsets of ``}`` outside placeholders that close no ``{`` (one pass over the parts)."""
    depth = offset = 0
    for part in scanned.parts:
        if not isinstance(part, str):
            offset = part.end
            continue
        for at, char in enumerate(part, offset):
            if char == "{":
                depth += 1
            elif char == "}":
                if depth:
                    depth -= 1
                else:
                    yield at
        offset += len(part)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if block.url is None:
        return
    scanned = url_scan(block.url)
    if scanned.unclosed is not None:
        yield Violation(
            block.ptr("url"),
            "this `${` is never closed by `}`, so the poller sends it to the API as text",
            offset=scanned.unclosed,
        )
    if "}" in block.url:
        for at in _stray_closers(scanned):
            yield Violation(
                block.ptr("url"),
                "this `}` closes no placeholder; the poller sends it to the API as text",
                offset=at,
            )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
