"""The auth file: one Sage ID connection's profile and tokens, 0600, written atomically.

Layout (JSON)::

    {"version": 1, "tokenUrl": "...", "clientIdEnv": "SAGE200_API_KEY",
     "clientSecretEnv": "SAGE200_API_SECRET", "companies": {"instance": "company name"},
     "tokens": {"refreshToken": "...", "accessToken": "...", "expiresAt": 0, "savedAt": 0}}

The profile names environment variables, never their values. Writes go to a
0600 temporary file in the same folder (:func:`~sage200cfg.atomic.write_text`),
are fsynced, then renamed over the file (and the folder fsynced), so a crash
leaves the old file or the new one.
The lock is ``flock`` on ``FILE.lock``: the rename replaces the file itself,
so a lock on it would not exclude a process that opened the old one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...atomic import write_text
from ..errors import AuthError
from .tokens import Tokens

__all__ = ["AuthProfile", "FileTokenStore"]

_VERSION = 1


@dataclass(frozen=True)
class AuthProfile:
    """What a run needs besides the tokens: where to refresh, as whom, which companies."""

    token_url: str
    client_id_env: str
    client_secret_env: str | None = None
    companies: dict[str, str] = field(default_factory=dict)  #: instance name -> company.name

    def to_dict(self) -> dict[str, Any]:
        return {"tokenUrl": self.token_url, "clientIdEnv": self.client_id_env,
                "clientSecretEnv": self.client_secret_env, "companies": dict(self.companies)}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> AuthProfile:
        return AuthProfile(str(d["tokenUrl"]), str(d["clientIdEnv"]),
                           d.get("clientSecretEnv"), dict(d.get("companies") or {}))


class FileTokenStore:
    """A :class:`~.tokens.TokenStore` in one JSON file, plus its profile."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AuthError(
                f"auth file {self.path} does not exist: run `sage200cfg auth login` first"
            ) from None
        except (OSError, ValueError) as exc:
            raise AuthError(f"auth file {self.path} is unreadable: {type(exc).__name__}") from None
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            raise AuthError(f"auth file {self.path} has an unknown layout")
        return data

    def profile(self) -> AuthProfile:
        try:
            return AuthProfile.from_dict(self._read())
        except (KeyError, TypeError):
            raise AuthError(f"auth file {self.path} has no profile") from None

    def load(self) -> Tokens | None:
        raw = self._read().get("tokens")
        try:
            return None if raw is None else Tokens.from_dict(raw)
        except (KeyError, TypeError, ValueError):
            raise AuthError(f"auth file {self.path} holds malformed tokens") from None

    def save(self, tokens: Tokens) -> None:
        data = self._read()
        data["tokens"] = replace(tokens, saved_at=time.time()).to_dict()
        self._write(data)

    def create(self, profile: AuthProfile, tokens: Tokens) -> None:
        """Write a new auth file (login, import), keeping companies already recorded."""
        companies: dict[str, str] = {}
        if self.path.exists():
            with contextlib.suppress(AuthError):
                companies = self.profile().companies
        merged = replace(profile, companies={**companies, **profile.companies})
        self._write({"version": _VERSION, **merged.to_dict(),
                     "tokens": replace(tokens, saved_at=time.time()).to_dict()})

    def _write(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        try:
            # mkstemp creates the temporary file 0600: the token is never readable by others.
            write_text(self.path, json.dumps(data, indent=2) + "\n", mode=0o600)
        except OSError as exc:
            raise AuthError(f"cannot write auth file {self.path}: {exc.strerror}") from None
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a power cut
        finally:
            os.close(dir_fd)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock
