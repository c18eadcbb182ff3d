"""Atomic file writes: a reader sees the old file or the new one, never half.

The new content goes to a temporary file in the same folder (so the rename
stays on one filesystem), is flushed and fsynced, then replaces the target
with ``os.replace``. The original's permission bits are kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_text"]


def write_text(path: str | os.PathLike[str], text: str, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically.

    An ``OSError`` names ``path`` itself, never the temporary file.
    """
    target = Path(path)
    try:
        _write(target, text, mode)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def _write(target: Path, text: str, mode: int | None) -> None:
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
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
