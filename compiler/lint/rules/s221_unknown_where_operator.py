"""The `where` clause uses an operator CEQL does not have.

Why:
CEQL knows `=`, `!=`, `<`, `>`, `<=`, `>=`, `LIKE`, `IN`, `IS NULL`,
`IS NOT NULL`, `AND`, `OR` and `NOT`. Operators carried over from OData
(`gt`, `ge`, `eq`), SQL (`<>`) or C (`==`, `&&`), and reversed ones such as
`=>`, make the query invalid, so every poll fails. A condition with no
operator at all is reported too.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated ge '${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated >= '${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Replace the operator with its CEQL spelling (`ge` -> `>=`, `==` -> `=`,
`<>` -> `!=`, `&&` -> `AND`; safe).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ..where import WhereProblem
from ._blocks import block_check, per_block
from ._sites import WhereSite, block_where

CODE = "S221"
NAME = "unknown-where-operator"
SEVERITY = Severity.ERROR


def _fix(site: WhereSite, problem: WhereProblem) -> Fix | None:
    if problem.replacement is None:
        return None
    new = problem.replacement
    text = site.where.text
    if new.isalpha():  # a keyword must not run into its neighbours: a='x'||b='y'
        new = (" " if text[problem.start - 1 : problem.start].strip() else "") + new
        new += " " if text[problem.end : problem.end + 1].strip() else ""
    url = site.url_with(problem.start, problem.end, new)
    if url is None:
        return None
    return Fix(f"Write `{problem.replacement}`", (Edit(site.block.ptr("url"), url),), safe=True)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    site = block_where(block)
    if site is None:
        return
    if site.where.of_kind("unclosed-quote"):
        return
    for problem in site.where.of_kind("unknown-operator"):
        yield Violation(
            site.block.ptr("url"),
            f"in the where clause, {problem.message}",
            fix=_fix(site, problem),
            offset=site.offset(problem.start),
        )


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
