"""The config names another element than `element.key`: a block copied from another element.

Why:
Configs are often started from another element's example. Two traces of that
are certain enough to report. Events "returned to the element" go to
`.../elements/api-v2/events/<element key>/`; a callback naming another key
sends them to the wrong element. And `subscription.key` with `signing.key` are
the Sage 200 element's credentials: under any other `element.key` the config
was copied from Sage 200, or the key is wrong.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true,
  "event.notification.callback.url": "https://api.cloud-elements.com/elements/api-v2/events/sageone/",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true,
  "event.notification.callback.url": "https://api.cloud-elements.com/elements/api-v2/events/sage200/",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Name `element.key` in the callback URL (safe).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, Violation
from ._settings import CALLBACK

CODE = "S205"
NAME = "foreign-element-key"
SEVERITY = Severity.WARNING

_EVENTS = re.compile(r"/elements/api-v2/events/([^/?#]+)")
SAGE200_ONLY = ("subscription.key", "signing.key")


def _callback(ctx: LintContext, element: str) -> Iterator[Violation]:
    url = ctx.setting(CALLBACK)
    match = _EVENTS.search(url) if isinstance(url, str) else None
    if match is None or match.group(1) == element or not isinstance(url, str):
        return
    ptr = ctx.config_ptr(CALLBACK)
    fixed = url[: match.start(1)] + element + url[match.end(1) :]
    yield Violation(
        ptr,
        f"the callback returns events to the `{match.group(1)}` element, "
        f"but this instance is `{element}`",
        fix=Fix(f"Return events to `{element}`", (Edit(ptr, fixed),), safe=True),
        offset=match.start(1),
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    element = ctx.element_key
    if not element:
        return
    yield from _callback(ctx, element)
    if element != "sage200" and all(key in ctx.config for key in SAGE200_ONLY):
        yield Violation(
            "/element/key",
            f"`subscription.key` and `signing.key` are Sage 200 credentials, but "
            f"`element.key` is `{element}`: a config copied from Sage 200?",
        )
