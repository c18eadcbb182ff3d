"""`event.notification.callback.url` is not a valid http(s) URL.

Why:
Events are POSTed to this URL. A value without a scheme or host, with spaces,
or with a scheme other than http/https can never receive them: every delivery
fails and, after nine retries, the subscription is deactivated. A
`${env:NAME}` reference is resolved later and is not checked here.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "hooks.example.com/sage",
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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from ...findings import Severity
from ..context import LintContext, Violation
from ._settings import CALLBACK, blank, has_env_ref

CODE = "S271"
NAME = "invalid-callback-url"
SEVERITY = Severity.ERROR


# The usual shape, checked without urlsplit: every file has its own callback URL.
_PLAIN = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[^\s]*)?\Z", re.I)


@lru_cache(maxsize=1024)
def problem(url: str) -> str | None:
    """Why ``url`` cannot receive events, or None when it can."""
    if _PLAIN.match(url):
        return None
    if url != url.strip() or any(c.isspace() for c in url):
        return "contains spaces"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as error:
        return f"is malformed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return (
            "has no http:// or https:// scheme"
            if not parts.scheme
            else (f"uses the `{parts.scheme}` scheme, not http or https")
        )
    if not parts.hostname:
        return "names no host"
    return None


def check(ctx: LintContext) -> Iterator[Violation]:
    url = ctx.setting(CALLBACK)
    if not isinstance(url, str) or blank(url) or has_env_ref(url):
        return
    if (why := problem(url)) is not None:
        yield Violation(
            ctx.config_ptr(CALLBACK), f"the callback URL {why}, so no event can be delivered"
        )
