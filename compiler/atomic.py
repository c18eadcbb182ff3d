"""Atomic file writes: a reader sees the old file or the new one, never half.

The new content goes to a temporary file in the same folder (so the rename
stays on one filesystem), is flushed and fsynced, then replaces the target
with ``os.replace``. The original's permission bits are kept; a new file gets
what ``open`` would give it under the process umask (0644 under umask 022),
unless ``private=True`` asks for 0600 (state and secrets).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_text"]


def write_text(
    path: str | os.PathLike[str], text: str, *, mode: int | None = None, private: bool = False
) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically.

    An ``OSError`` names ``path`` itself, never the temporary file.
    """
    target = Path(path)
    try:
        _write(target, text, 0o600 if private and mode is None else mode, private)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def _create_temp(folder: Path, name: str, private: bool) -> tuple[int, str]:
    """Like ``mkstemp``, but a public file is created 0666 so the umask decides."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o600 if private else 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {name}")


def _write(target: Path, text: str, mode: int | None, private: bool) -> None:
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = _create_temp(target.parent, target.name, private)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
