"""Opening the SQLite state file: the run's lock, a private file, WAL and the layout check.

``run`` holds an exclusive ``flock`` on ``<state>.lock`` so that two runtimes
never share a file; ``status`` and ``events replay`` open it without the lock.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from pathlib import Path
from typing import IO

from ..errors import StateFileError
from .sqlite_schema import SCHEMA, SCHEMA_VERSION, UPGRADES_FROM

__all__ = ["connect", "lock_state"]


def lock_state(path: Path) -> IO[bytes]:
    """Hold ``<state>.lock`` exclusively (one runtime per state file) until closed."""
    handle = open(f"{path}.lock", "ab")  # noqa: SIM115 - the caller holds it open
    os.chmod(handle.name, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StateFileError(f"another sage200cfg run is using state file {path}") from None
    return handle


def connect(path: Path) -> sqlite3.Connection:
    """The state file (created 0600 when new), in WAL mode, its layout created or checked."""
    if not path.exists():
        _create_private(path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    _setup_retrying(db, path)
    return db


def _create_private(path: Path) -> None:
    # Create the file ourselves so it is 0600 from its first byte; SQLite
    # gives the -wal and -shm files the same mode.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def _setup_retrying(db: sqlite3.Connection, path: Path) -> None:
    # Two processes opening a new file at once (run and its delivery child)
    # can meet SQLITE_BUSY while one switches it to WAL; the busy timeout
    # does not cover that switch, so try again briefly.
    for attempt in range(50):
        try:
            _setup(db, path)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.05)


def _setup(db: sqlite3.Connection, path: Path) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if row is None:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif row[0] in UPGRADES_FROM:  # an older sage200cfg refuses the file from now on
        db.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA_VERSION,))
    elif row[0] != SCHEMA_VERSION:
        raise StateFileError(
            f"state file {path} has layout {row[0]}; this version reads {SCHEMA_VERSION}"
        )
