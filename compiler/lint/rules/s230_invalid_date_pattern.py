"""`updatedDateFormat` or `createdDateFormat` is not a valid SimpleDateFormat.

Why:
The poller parses every record's dates with these Java SimpleDateFormat
patterns. An illegal letter (an unquoted `T`), an unbalanced quote, a
strftime pattern (`%Y-%m-%dT%H:%M:%S`) or an empty value makes Java throw,
so no record's date can be read. `milliseconds` (epoch milliseconds) is a
valid special format.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "%Y-%m-%dT%H:%M:%S", "createdDateField": "date_time_created",
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
Translate a strftime pattern into SimpleDateFormat (`%Y-%m-%d` ->
`yyyy-MM-dd`; unsafe: review the result).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, ResourceBlock, Violation
from ._blocks import block_check, per_block
from ._dates import problems
from ._sites import PatternSite, block_records

CODE = "S230"
NAME = "invalid-date-pattern"
SEVERITY = Severity.ERROR

_STRFTIME = {
    "Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "I": "hh", "M": "mm",
    "S": "ss", "f": "SSS", "p": "a", "b": "MMM", "B": "MMMM", "a": "EEE", "A": "EEEE",
    "j": "DDD", "z": "Z", "Z": "z", "F": "yyyy-MM-dd", "T": "HH:mm:ss", "%": "%",
}  # fmt: skip
_PART = re.compile(r"%(.)|([A-Za-z]+)|(')|([^%A-Za-z']+)", re.S)


def from_strftime(pattern: str) -> str | None:
    """The SimpleDateFormat for a strftime ``pattern``, or None if it uses an unknown directive."""
    out: list[str] = []
    for directive, letters, quote, other in _PART.findall(pattern):
        if directive:
            if directive not in _STRFTIME:
                return None
            out.append(_STRFTIME[directive])
        else:
            out.append(f"'{letters}'" if letters else "''" if quote else other)
    return "".join(out)


def _fix(site: PatternSite) -> Fix | None:
    if "%" not in site.pattern or (new := from_strftime(site.pattern)) is None:
        return None
    return Fix(f"Write `{new}`", (Edit(site.pointer, new),), safe=False)


@block_check(CODE)
def _check(ctx: LintContext, block: ResourceBlock) -> Iterator[Violation]:
    for site in block_records(block):
        found = problems(site.pattern)
        if found:
            yield Violation(
                site.pointer,
                f"{site.label} `{site.pattern}` is invalid: {found[0].message}",
                fix=_fix(site),
                offset=found[0].position,
            )
    for key in ("updatedDateFormat", "createdDateFormat"):
        value = block.date_text(key)
        if value is not None and not value.strip():
            yield Violation(block.ptr("datesConfiguration", key), f"{key} is empty")


def check(ctx: LintContext) -> Iterator[Violation]:
    return per_block(ctx, CODE)
