"""Which URLs the runtime may talk to, and how they appear in logs."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from ..errors import InsecureUrl

__all__ = ["check_url", "redact_url"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(url: str) -> str:
    """The URL without user:password@ (for logs)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    return parts._replace(netloc=parts.hostname or "").geturl()


def check_url(url: str, what: str, allow_http: bool) -> None:
    """Refuse anything but https, or http to loopback (or anywhere with allow_http)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureUrl(f"{what} {redact_url(url)!r} is not an http(s) URL")
    if parts.scheme == "http" and not allow_http and not _is_loopback(parts.hostname):
        raise InsecureUrl(
            f"{what} {redact_url(url)!r} uses plain http; use https or pass --allow-http"
        )
