"""The callback URL uses plain `http://`.

Why:
Every event carries the changed record's raw data, and the callback request
may carry basic-auth credentials. Over plain http both cross the network in
clear text. Loopback addresses (`localhost`, `127.0.0.1`, `::1`) are exempt:
they never leave the machine.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "http://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
Use `https://` (unsafe: the receiver must serve TLS).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ...findings import Edit, Fix, Severity
from ..context import LintContext, Violation
from ._settings import CALLBACK

CODE = "S272"
NAME = "insecure-callback-url"
SEVERITY = Severity.WARNING

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def check(ctx: LintContext) -> Iterator[Violation]:
    url = ctx.setting(CALLBACK)
    if not isinstance(url, str) or not url.lstrip().lower().startswith("http:"):
        return
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return  # S271 reports malformed URLs
    if parts.scheme.lower() != "http" or not host or host in LOOPBACK:
        return
    ptr = ctx.config_ptr(CALLBACK)
    secure = "https" + url.strip()[len(parts.scheme) :]
    yield Violation(
        ptr,
        "the callback URL uses plain http, so event data and credentials travel unencrypted",
        fix=Fix("Use https", (Edit(ptr, secure),), safe=False),
        offset=url.find(parts.scheme),
    )
