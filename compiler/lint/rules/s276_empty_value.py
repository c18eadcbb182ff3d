"""A required value, such as the instance `name` or a credential, is empty.

Why:
Cloud Elements' own example body ships with `"name": ""`, `"tags": [""]` and
empty credentials, to be filled in. Sent as is, the instance cannot be
created or cannot authenticate, and an empty resource name in
`event.poller.configuration` gives every event an empty object type. An
empty `name`, resource name, `oauth.api.key`, `oauth.api.secret`,
`signing.key` or `company.name` is an error; an empty tag or an empty
`subscription.key` (no longer required by Sage since August 2025) is a
warning.

Bad:
```json
{"element": {"key": "sage200"}, "name": "", "tags": [""], "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "oauth.api.key": "", "oauth.api.secret": "${env:SAGE200_OAUTH_API_SECRET}",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Good:
```json
{"element": {"key": "sage200"}, "name": "acme", "tags": ["sage200"], "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "oauth.api.key": "${env:SAGE200_OAUTH_API_KEY}", "oauth.api.secret": "${env:SAGE200_OAUTH_API_SECRET}",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...findings import Severity
from ..context import LintContext, Violation
from ._settings import blank

CODE = "S276"
NAME = "empty-value"
SEVERITY = Severity.ERROR

REQUIRED = ("oauth.api.key", "oauth.api.secret", "signing.key", "company.name")
OPTIONAL = ("subscription.key",)


def _top(ctx: LintContext) -> Iterator[Violation]:
    data = ctx.data if isinstance(ctx.data, Mapping) else {}
    if blank(data.get("name")):
        yield Violation("/name", "the instance `name` is empty; Cloud Elements requires one")
    tags = data.get("tags")
    if isinstance(tags, list):
        for index, tag in enumerate(tags):
            if blank(tag):
                yield Violation(
                    f"/tags/{index}",
                    "this tag is empty; remove it or give it a value",
                    severity=Severity.WARNING,
                )


def _resource_keys(ctx: LintContext) -> Iterator[Violation]:
    for block in ctx.blocks():
        if not block.key.strip():
            yield Violation(
                block.pointer,
                "a polled resource has an empty name, so its events carry no object type",
                at_key=True,
            )


def check(ctx: LintContext) -> Iterator[Violation]:
    yield from _top(ctx)
    yield from _resource_keys(ctx)
    for key in REQUIRED + OPTIONAL:
        if blank(ctx.setting(key)):
            optional = key in OPTIONAL
            yield Violation(
                ctx.config_ptr(key),
                f"`{key}` is empty"
                + (
                    "; remove it or fill it in"
                    if optional
                    else "; the instance cannot authenticate without it"
                ),
                severity=Severity.WARNING if optional else None,
            )
