"""Source lines quoted by the text report never show a credential value."""

from __future__ import annotations

import pytest

from sage200cfg.report._redact import mask_line


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("oauth.api.secret: abc123", "oauth.api.secret: ****"),
        ('  "oauth.api.secret": "abc123",', '  "oauth.api.secret": ****,'),
        ('  "signing.key":"abc"', '  "signing.key":****'),
        (
            "  event.notification.basic.password: 'p#ss' # old",
            "  event.notification.basic.password: ****",
        ),
        ("subscription.key: abc", "subscription.key: ****"),
        ("- api_token: abc", "- api_token: ****"),
        ("oauth.api.key: |", "oauth.api.key: ****"),
        # Not secrets, or nothing to hide:
        (
            "oauth.api.secret: ${env:SAGE200_API_SECRET}",
            "oauth.api.secret: ${env:SAGE200_API_SECRET}",
        ),
        ('"signing.key": "${env:SIGNING_KEY}",', '"signing.key": "${env:SIGNING_KEY}",'),
        ("element.key: sage200", "element.key: sage200"),
        ("name: my secret poller", "name: my secret poller"),
        ("event.notification.basic:", "event.notification.basic:"),
        ("url: /hubs/finance/customers", "url: /hubs/finance/customers"),
    ],
)
def test_mask_line(line, shown):
    assert mask_line(line) == shown


def test_continuation_of_a_secret_block_is_masked_by_pointer():
    assert mask_line("    abc123def", "/oauth.api.secret") == "    ****"
    assert mask_line("    abc123def", "/name") == "    abc123def"
