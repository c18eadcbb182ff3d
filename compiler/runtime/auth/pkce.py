"""PKCE (RFC 7636, S256) and the ``state`` value of an authorization request."""

from __future__ import annotations

import base64
import hashlib
import secrets

__all__ = ["challenge", "new_state", "new_verifier"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def new_verifier() -> str:
    """43 characters of [A-Za-z0-9-_] from 32 random bytes."""
    return _b64(secrets.token_bytes(32))


def challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier``."""
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


def new_state() -> str:
    return _b64(secrets.token_bytes(16))
