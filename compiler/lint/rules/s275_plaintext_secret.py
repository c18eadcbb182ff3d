"""A secret is written into the config as plain text.

Why:
Instance configs live in repositories, CI logs and support tickets. API keys,
signing keys and the callback password written inline leak with them. Write
`${env:NAME}` instead: the value is read from the environment when the plan
runs, and never stored. Masked values (`********`, `XXXXXXXX`) and template
markers (`<API_KEY>`) are not secrets and are not reported. The message never
repeats the value.

Bad:
```json
{"element": {"key": "sage200"}, "name": "acme", "configuration": {
  "event.notification.enabled": true, "event.notification.callback.url": "https://hooks.example.com/sage",
  "oauth.api.key": "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e",
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
  "oauth.api.key": "${env:SAGE200CFG_ACME_OAUTH_API_KEY}",
  "event.poller.configuration": {
    "customers": {"url": "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      "idField": "id", "createdCheckTolerance": 5, "datesConfiguration": {"updatedDateField": "date_time_updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss", "createdDateField": "date_time_created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss"}}}}}
```

Fix:
Replace the value with a reference named after the instance and the key, the
same name `compile` puts in the plan (`${env:SAGE200CFG_ACME_OAUTH_API_KEY}`
for instance `acme`; unsafe: the variable must be set where the plan runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Fix, Severity
from ..context import LintContext, Violation
from ._settings import SECRET_KEYS, blank, env_name, has_env_ref, instance_prefix

CODE = "S275"
NAME = "plaintext-secret"
SEVERITY = Severity.WARNING

_STAND_IN = re.compile(r"(.)\1*|<[^<>]*>|\{\{[^{}]*\}\}", re.S)


def _stand_in(value: str) -> bool:
    """A mask or a template marker, not a real secret."""
    return _STAND_IN.fullmatch(value.strip()) is not None


def _prefix(ctx: LintContext) -> str:
    # The same name compile puts in the plan, so exporting it is all `run` needs.
    name = ctx.data.get("name") if isinstance(ctx.data, dict) else None
    return instance_prefix(name if isinstance(name, str) else "")


def check(ctx: LintContext) -> Iterator[Violation]:
    for key in SECRET_KEYS:
        value = ctx.setting(key)
        if not isinstance(value, str) or blank(value) or _stand_in(value):
            continue
        if has_env_ref(value) or "${env:" in value.lower():
            continue  # a reference (S279 reports malformed ones)
        ptr = ctx.config_ptr(key)
        ref = "${env:" + env_name(key, _prefix(ctx)) + "}"
        yield Violation(
            ptr,
            f"`{key}` holds a secret in plain text; reference it as `{ref}` instead",
            fix=Fix(f"Read `{key}` from the environment", (Edit(ptr, ref),), safe=False),
        )
