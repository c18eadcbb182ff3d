"""The URL names a hub the element does not serve.

Why:
Every element serves its resources under one or a few hubs, and the Sage 200
element serves only `/hubs/finance`. A block copied from a CRM element keeps
`/hubs/crm/...` and every poll fails with 404. For `sage200` the catalog's hubs
are certain, so this is an error; for other elements the hubs are unknown and
only a malformed hub name (not a lowercase word) is reported, as a warning.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/crm/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
For `sage200`, use the element's only hub, `finance` (safe).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import poll_url

CODE = "S204"
NAME = "unknown-hub"
SEVERITY = Severity.ERROR

_HUB_NAME = re.compile(r"[a-z][a-z0-9]*\Z")


def _catalog_violation(ctx: LintContext, block: ResourceBlock, raw: str, hub: str) -> Violation:
    hubs = sorted(ctx.catalog.hubs) if ctx.catalog else []
    fix = None
    if len(hubs) == 1:
        at = raw.find(f"/hubs/{hub}") + len("/hubs/")
        new = raw[:at] + hubs[0] + raw[at + len(hub) :]
        fix = Fix(f"Use the `{hubs[0]}` hub", (Edit(block.ptr("url"), new),), safe=True)
    served = ", ".join(f"`{h}`" for h in hubs)
    return Violation(
        block.ptr("url"),
        f"the `{ctx.element_key}` element serves no `{hub}` hub (it serves {served})",
        fix=fix,
        offset=raw.find(f"/hubs/{hub}") + len("/hubs/"),
    )


def _no_hub(ctx: LintContext, block: ResourceBlock, raw: str) -> Violation:
    hubs = sorted(ctx.catalog.hubs) if ctx.catalog else []
    fix = None
    if len(hubs) == 1 and raw.startswith("/"):
        new = f"/hubs/{hubs[0]}{raw}"
        fix = Fix(f"Poll under `/hubs/{hubs[0]}`", (Edit(block.ptr("url"), new),), safe=False)
    return Violation(
        block.ptr("url"),
        f"the URL names no hub; `{ctx.element_key}` resources live under "
        + ", ".join(f"`/hubs/{h}/`" for h in hubs),
        fix=fix,
        severity=Severity.WARNING,
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    raw = block.url
    if raw is None:
        return
    url = poll_url(raw)
    if url.is_absolute:
        return
    if url.hub is None:
        if ctx.catalog is not None and url.resource:
            yield _no_hub(ctx, block, raw)
        return
    hub = url.hub
    if ctx.catalog is not None and ctx.catalog.hubs and hub not in ctx.catalog.hubs:
        yield _catalog_violation(ctx, block, raw, hub)
    elif ctx.catalog is None and not _HUB_NAME.match(hub):
        yield Violation(
            block.ptr("url"),
            f"`{hub}` is not a hub name: hubs are lowercase words such as `crm` or `finance`",
            severity=Severity.WARNING,
            offset=raw.find(hub),
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
