"""Source lines quoted by the text report never show a credential value."""

from __future__ import annotations

import pytest

from sage200cfg.secrets import mask_line, secret_spans, shift_column


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


def test_pairs_anywhere_on_a_minified_line():
    line = '{"name": "x", "oauth.api.secret": "ab\\"c", "signing.key": "${env:K}", "n": 1}'
    assert (
        mask_line(line)
        == '{"name": "x", "oauth.api.secret": ****, "signing.key": "${env:K}", "n": 1}'
    )


def test_columns_shift_left_past_a_mask():
    line = '{"password": "hunter2", "url": "/x"}'
    spans = secret_spans(line)
    assert spans == [(13, 22)]
    url = line.index('"url"')
    assert mask_line(line)[shift_column(url, spans)] == '"'
    assert mask_line(line)[shift_column(url, spans) :].startswith('"url"')
    assert shift_column(16, spans) == 13  # inside the secret: at the mask
    assert shift_column(5, spans) == 5
