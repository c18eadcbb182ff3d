"""The poll URL is absolute or names a host, instead of a hub path.

Why:
The poller appends `url` to the element instance's own base, so it must be a
hub path such as `/hubs/finance/customers?where=...`. A full URL, or one that
points at another host (for example the Sage 200 API itself), never reaches
the resource: the request goes to a path that does not exist.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "https://api.cloud-elements.com/elements/api-v2/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
Keep only the hub path and query (`/hubs/...?where=...`), when the URL
contains one (unsafe: check the host was not meant).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import poll_url

CODE = "S203"
NAME = "absolute-poll-url"
SEVERITY = Severity.ERROR


def _fix(block: ResourceBlock, raw: str) -> Fix | None:
    at = raw.find("/hubs/")
    if at <= 0:
        return None
    relative = raw[at:]
    return Fix(
        f"Poll the hub path `{relative.partition('?')[0]}`",
        (Edit(block.ptr("url"), relative),),
        safe=False,
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    raw = block.url
    if raw is None:
        return
    url = poll_url(raw.strip())
    if not url.is_absolute:
        return
    where = url.host or url.scheme
    yield Violation(
        block.ptr("url"),
        f"resource `{block.key}` polls an absolute URL on `{where}`; the poller appends "
        "`url` to the element's base, so it must be a hub path like `/hubs/finance/...`",
        fix=_fix(block, raw),
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
