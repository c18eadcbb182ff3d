"""The resource key names one resource but its URL polls another.

Why:
Polling blocks are copied and edited by hand. When the URL is left pointing at
the resource it was copied from, every event is delivered with the wrong
`objectType`: the seed's `transactions` block polls `/hubs/finance/customers`,
so customer changes arrive labelled as transactions. When both names are
resources the Sage 200 catalog knows, this is certainly wrong and is an error;
otherwise it is a warning.

When the URL names a catalog resource and the key names none, the key is the
mistake (`purchase_orders` over `/hubs/finance/purchase-orders`): the finding
is on the key, with the resource it probably meant, and the URL is never
rewritten. A key within a typo of the polled resource is an error; any other
unknown key (a label of your own) is a warning.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
  "transactions": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
    "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
    "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
    "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
  "transactions": {"url": "/hubs/finance/transactions?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
    "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
    "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
    "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Point the URL at the resource the key names, keeping the query (safe when the
catalog knows the key, unsafe otherwise). When only the URL names a catalog
resource there is no fix: rename the key.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._sites import poll_url

CODE = "S201"
NAME = "url-resource-mismatch"
SEVERITY = Severity.ERROR


def _fixed_url(raw: str, old: str, new: str) -> str:
    head, qmark, query = raw.partition("?")
    return head[: len(head) - len(old)] + new + qmark + query


def _severity(ctx: LintContext, key: str, polled: str) -> Severity:
    known = ctx.catalog is not None and bool(ctx.catalog.get(key)) and bool(ctx.catalog.get(polled))
    return Severity.ERROR if known else Severity.WARNING


def _wrong_key(ctx: LintContext, block: ResourceBlock, polled: str) -> Violation | None:
    """The URL polls a catalog resource and the key names none: blame the key."""
    catalog = ctx.catalog
    if catalog is None or catalog.get(polled) is None or catalog.get(block.key) is not None:
        return None
    guesses = catalog.suggest(block.key)
    typo = bool(guesses) and guesses[0] == polled
    hint = f"; did you mean `{polled}`?" if typo else f"; the URL polls `{polled}`"
    return Violation(
        block.pointer,
        f"resource key `{block.key}` names no `{ctx.element_key}` resource{hint}",
        severity=Severity.ERROR if typo else Severity.WARNING,
        at_key=True,
    )


def _check_block(ctx: LintContext, block: ResourceBlock) -> Violation | None:
    if block.url is None:
        return None
    url = poll_url(block.url)  # cached: configs repeat the same URLs
    if url.is_absolute or not url.resource or url.resource == block.key:
        return None
    if not url.path.rstrip("/").endswith(url.resource):
        return None
    if (wrong_key := _wrong_key(ctx, block, url.resource)) is not None:
        return wrong_key
    severity = _severity(ctx, block.key, url.resource)
    fix = Fix(
        f"Poll `{block.key}` instead of `{url.resource}`",
        (Edit(block.ptr("url"), _fixed_url(block.url, url.resource, block.key)),),
        safe=severity is Severity.ERROR,
    )
    return Violation(
        block.ptr("url"),
        f"resource `{block.key}` polls `{url.path}`, which is `{url.resource}`: "
        "a copied block whose URL was not updated",
        fix=fix,
        severity=severity,
        offset=block.url.find(url.resource),
    )


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    if (violation := _check_block(ctx, block)) is not None:
        yield violation


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
