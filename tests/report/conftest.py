"""A fixed set of findings and the sources they point into, for every reporter."""

from __future__ import annotations

import pytest

from sage200cfg.findings import Edit, Finding, Fix, Severity

#: the plain-text secret in the YAML source; no report may ever print it
SECRET = "hunter2-s3cr3t"

YAML_SOURCE = f"""\
element.key: sage200
name: finance poller
oauth.api.secret: {SECRET}
event.poller.configuration:
  transactions:
    url: /hubs/finance/customers?where=date_time_updated>'${{date:yyyy-MM-dd}}'
\tidField: id
"""

JSON_SOURCE = '{\n  "name": "x",\n  "name": "y"\n}\n'


@pytest.fixture
def findings() -> list[Finding]:
    """Errors, a warning with a fix, an info; deliberately out of order."""
    return [
        Finding(
            "configs/finance.yaml",
            6,
            10,
            "S201",
            "url-resource-mismatch",
            Severity.ERROR,
            "resource key 'transactions' polls '/customers', a different resource",
            "/event.poller.configuration/transactions/url",
            Fix("rename the key to 'customers'", (Edit("/x", "customers"),)),
        ),
        Finding(
            "configs/finance.yaml",
            3,
            19,
            "S260",
            "plain-text-secret",
            Severity.WARNING,
            "`oauth.api.secret` holds a secret in plain text; use ${env:NAME}",
            "/oauth.api.secret",
        ),
        Finding(
            "configs/dup.json",
            3,
            3,
            "S002",
            "duplicate-key",
            Severity.ERROR,
            "duplicate key `name`: the last one silently wins",
            "/name",
        ),
        Finding(
            "configs/finance.yaml",
            6,
            57,
            "S232",
            "where-strict-comparison",
            Severity.WARNING,
            "`>` drops records updated in the same second; use `>=`",
            "/event.poller.configuration/transactions/url",
        ),
        Finding(
            "configs/finance.yaml",
            7,
            2,
            "S240",
            "id-field-note",
            Severity.INFO,
            "`id` is Sage 200's primary key",
            "/event.poller.configuration/transactions/idField",
        ),
    ]


@pytest.fixture
def secret() -> str:
    """The plain-text secret in the YAML source: no report may print it."""
    return SECRET


@pytest.fixture
def sources() -> dict[str, str]:
    return {"configs/finance.yaml": YAML_SOURCE, "configs/dup.json": JSON_SOURCE}
