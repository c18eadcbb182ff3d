"""A `${` in the URL is never closed by `}`.

Why:
An unclosed placeholder is not expanded: the poller sends `${gmtDate:...` to
the API as text, so the `where` clause is broken on every poll. It is usually
a lost `}` after the pattern, or a `{` where `${` was meant.

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
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Severity
from ..context import LintContext, ResourceBlock, Violation
from ._sites import block_check, per_block, url_scan

CODE = "S212"
NAME = "unclosed-placeholder"
SEVERITY = Severity.ERROR


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if block.url is None:
        return
    unclosed = url_scan(block.url).unclosed
    if unclosed is not None:
        yield Violation(
            block.ptr("url"),
            "this `${` is never closed by `}`, so the poller sends it to the API as text",
            offset=unclosed,
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
