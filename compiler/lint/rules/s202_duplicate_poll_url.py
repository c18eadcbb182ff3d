"""Two resources poll the same URL.

Why:
Each resource key becomes the `objectType` of the events its URL yields. Two
keys polling one URL deliver every change twice, under two object types, and
one of the two is wrong. It is the other half of a copied block whose URL was
not edited (see S201). URLs are compared without surrounding spaces and with
percent-encoding undone.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}},
    "clients": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}},
    "products": {"url": "/hubs/finance/products?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from ...findings import Severity
from ..context import LintContext, Violation

CODE = "S202"
NAME = "duplicate-poll-url"
SEVERITY = Severity.ERROR


def check(ctx: LintContext) -> Iterator[Violation]:
    seen: dict[str, str] = {}
    for block in ctx.blocks():
        if not block.url or not block.url.strip():
            continue
        url = block.url.strip()
        url = unquote(url) if "%" in url else url
        first = seen.setdefault(url, block.key)
        if first != block.key:
            yield Violation(
                block.ptr("url"),
                f"resource `{block.key}` polls the same URL as `{first}`, "
                "so every change would be delivered twice under two object types",
            )
