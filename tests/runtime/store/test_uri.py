"""Which store a --state names, and URIs without their passwords."""

from __future__ import annotations

import pytest

from sage200cfg.runtime.store.uri import is_postgres, redact_uri


@pytest.mark.parametrize("state, shared", [
    ("postgresql://u@db/x", True), ("postgres://u@db/x", True),
    ("POSTGRESQL://u@/x?host=/run/pg", True), ("./state.db", False),
    ("/var/lib/sage200cfg/postgresql.db", False),
])
def test_a_libpq_uri_selects_postgres_and_a_path_sqlite(state, shared):
    assert is_postgres(state) is shared


@pytest.mark.parametrize("uri, shown", [
    ("postgresql://svc:s3cret@db.internal:5432/fleet", "postgresql://svc:***@db.internal:5432/fleet"),
    ("postgresql://svc@/fleet?host=/run/pg&password=s3cret&sslmode=require",
     "postgresql://svc@/fleet?host=/run/pg&password=***&sslmode=require"),
    ("postgresql:///fleet?host=/run/pg", "postgresql:///fleet?host=/run/pg"),
    ("postgresql://svc@db/fleet?sslcert=c.pem&sslkey=k.pem&sslpassword=k3y-pass",
     "postgresql://svc@db/fleet?sslcert=c.pem&sslkey=k.pem&sslpassword=***"),
    ("postgresql://svc:s3cret@db1:5432,db2:5432/fleet?target_session_attrs=read-write",
     "postgresql://svc:***@db1:5432,db2:5432/fleet?target_session_attrs=read-write"),
])
def test_passwords_never_leave_a_uri(uri, shown):
    assert redact_uri(uri) == shown
