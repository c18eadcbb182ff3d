"""Only one of the callback's basic-auth username and password is set.

Why:
`event.notification.basic.username` and `event.notification.basic.password`
together make the callback's HTTP Basic credentials. One without the other
either sends no credentials or sends an empty half, and the receiver rejects
every event with 401.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "event.notification.basic.username": "acme-events",
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
  "event.notification.basic.username": "acme-events",
  "event.notification.basic.password": "${env:SAGE200_EVENT_NOTIFICATION_BASIC_PASSWORD}",
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
from ..context import LintContext, Violation
from ._settings import PASSWORD, USERNAME

CODE = "S274"
NAME = "unpaired-basic-auth"
SEVERITY = Severity.ERROR


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check(ctx: LintContext) -> Iterator[Violation]:
    has_user = _present(ctx.setting(USERNAME))
    has_password = _present(ctx.setting(PASSWORD))
    if has_user == has_password:
        return
    given, missing = (USERNAME, PASSWORD) if has_user else (PASSWORD, USERNAME)
    yield Violation(
        ctx.config_ptr(given),
        f"`{given}` is set but `{missing}` is not; basic auth needs both",
        at_key=True,
    )
