"""The PostgreSQL store's schema: versioned migrations shipped as package data.

``migrations/NNNN_name.sql`` files are applied in order, each in its own
transaction together with its row in ``schema_migrations``, under an advisory
lock so that two ``db migrate`` commands started at once apply each file once.
``run``, ``status`` and ``events replay`` never migrate: they refuse a database
whose version differs from :data:`SCHEMA_VERSION` and name the command to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import psycopg

from ..errors import SchemaMismatch, StateFileError
from .uri import redact_uri

__all__ = ["SCHEMA_VERSION", "Migration", "check_schema", "connect", "current_version", "migrate",
           "run_migrations",
           "migrations"]

_LOCK_KEY = 0x5A6E2000  # pg_advisory_xact_lock key for migrations


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration this version knows, oldest first."""
    folder = resources.files(__package__).joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name[:-4].partition("_")
            found.append(Migration(int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


SCHEMA_VERSION = migrations()[-1].version


def current_version(conn: psycopg.Connection[tuple[object, ...]]) -> int | None:
    """The database's schema version, or None when sage200cfg never migrated it."""
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return None
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return None if row is None or row[0] is None else int(str(row[0]))


def migrate(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[int | None, list[Migration]]:
    """Apply what is missing; returns (version before, migrations applied)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "version integer PRIMARY KEY, name text NOT NULL, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        before = current_version(conn)
        if before is not None and before > SCHEMA_VERSION:
            raise SchemaMismatch(_newer(before))
        applied = []
        for step in migrations():
            if before is None or step.version > before:
                conn.execute(step.sql.encode())
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                             (step.version, step.name))
                applied.append(step)
    return before, applied


def check_schema(conn: psycopg.Connection[tuple[object, ...]], uri: str) -> None:
    """Raise SchemaMismatch unless the database is at :data:`SCHEMA_VERSION`."""
    version = current_version(conn)
    hint = f"run `sage200cfg db migrate --state {redact_uri(uri)}`"
    if version is None:
        raise SchemaMismatch(f"database {redact_uri(uri)} has no sage200cfg schema; {hint}")
    if version < SCHEMA_VERSION:
        raise SchemaMismatch(f"database {redact_uri(uri)} has schema version {version}, "
                             f"this sage200cfg needs {SCHEMA_VERSION}; {hint}")
    if version > SCHEMA_VERSION:
        raise SchemaMismatch(_newer(version))


def _newer(version: int) -> str:
    return (f"database schema version {version} is newer than this sage200cfg knows "
            f"({SCHEMA_VERSION}); upgrade sage200cfg")


def connect(uri: str, idle_ms: int = 0) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection; StateFileError (no password in it) when it fails.

    ``idle_ms``: the server ends a session left idle inside a transaction that
    long, so a stalled or stopped worker cannot keep row locks (and with them
    the leases it lost) beyond its lease ttl.
    """
    options = "-c synchronous_commit=off"
    if idle_ms > 0:
        options += f" -c idle_in_transaction_session_timeout={idle_ms}"
    try:
        # synchronous_commit=off, the argument of the SQLite store's
        # synchronous=NORMAL: a database crash may roll back the last commits,
        # but only whole transactions, and each one alone keeps watermark,
        # seen keys and outbox consistent: a lost page is polled again, a lost
        # acknowledgement is sent again. Nothing is lost; it saves a WAL flush
        # per commit.
        return psycopg.connect(uri, autocommit=True, connect_timeout=10, options=options)
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StateFileError(f"cannot connect to {redact_uri(uri)}: {message}") from None


def run_migrations(uri: str) -> tuple[int | None, list[Migration], int]:
    """Connect, migrate and close: (version before, applied, version now)."""
    conn = connect(uri)
    try:
        before, applied = migrate(conn)
    except psycopg.Error as exc:
        raise StateFileError(f"migrating {redact_uri(uri)} failed: {exc}") from None
    finally:
        conn.close()
    return before, applied, SCHEMA_VERSION
