"""A `${env:...}` reference in a setting is malformed.

Why:
Settings may read secrets from the environment as `${env:NAME}`, where NAME
is a letter or underscore followed by letters, digits and underscores. A
reference that is not closed, has no name or an invalid one is not resolved:
the literal text would be sent as the credential.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "oauth.api.secret": "${env:SAGE200 SECRET}",
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
  "oauth.api.secret": "${env:SAGE200_OAUTH_API_SECRET}",
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

from ...findings import Severity
from ..context import POLLER_KEY, LintContext, Violation
from ._settings import ENV_REF

CODE = "S279"
NAME = "invalid-env-reference"
SEVERITY = Severity.ERROR

_START = re.compile(r"\$\{env:", re.I)


@lru_cache(maxsize=4096)
def _bad_refs(value: str) -> tuple[int, ...]:
    """Offsets of the malformed ``${env:`` references in ``value``."""
    return tuple(
        match.start()
        for match in _START.finditer(value)
        if ENV_REF.match(value, match.start()) is None
    )


def check(ctx: LintContext) -> Iterator[Violation]:
    for key, value in ctx.config.items():
        if key == POLLER_KEY or not isinstance(value, str) or "${" not in value:
            continue
        for start in _bad_refs(value):
            yield Violation(
                ctx.config_ptr(key),
                f"`{key}` holds a malformed environment reference; write `${{env:NAME}}` "
                "with NAME made of letters, digits and underscores",
                offset=start,
            )
