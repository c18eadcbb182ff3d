"""The URL polls a resource the Sage 200 element does not serve.

Why:
The `sage200` element serves a fixed set of resources under `/hubs/finance`
(see `sage200cfg generate --help` for the catalog). Native Sage 200 names
(`sop_orders`), names from other products (`sales_orders`, `bank_accounts`)
and typos return 404 on every poll. A name within a typo (one or two edits)
of a catalog resource is certainly that resource misspelt (`customerz`), so it
is an error; any other unknown name is a warning, because the catalog is
partly inferred. Both say which resource was probably meant.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customer": {"url": "/hubs/finance/customer?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
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
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import polled

CODE = "S250"
NAME = "unknown-resource"
SEVERITY = Severity.WARNING


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    url = polled(block)
    catalog = ctx.catalog
    if catalog is None or url is None or url.is_absolute or not url.resource:
        return
    if url.hub not in catalog.hubs or catalog.get(url.resource) is not None:
        return
    typo = catalog.typo_of(url.resource)
    guesses = [typo] if typo else catalog.suggest(url.resource)
    hint = f"; did you mean `{guesses[0]}`?" if guesses else ""
    yield Violation(
        block.ptr("url"),
        f"the `{ctx.element_key}` element serves no `{url.resource}` resource{hint}",
        severity=Severity.ERROR if typo else None,
        offset=(block.url or "").find(url.resource, len("/hubs/")),
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    if ctx.catalog is None:
        return iter(())
    return per_block(ctx, CODE)
