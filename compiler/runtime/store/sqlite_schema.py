"""The SQLite state file's layout, and how outbox bodies are packed.

Tables: ``meta`` (layout version), ``resources`` (one row per instance and
resource: watermark, last errors, delivery counters), ``seen`` (dedupe keys of
emitted records, pruned as the watermark moves), ``outbox`` (pending and
dead-lettered notifications) and ``quarantine`` (records that could not become
events, once each).
"""

from __future__ import annotations

import hashlib
import zlib

__all__ = ["CHUNK", "SCHEMA", "SCHEMA_VERSION", "digest", "pack", "unpack"]

SCHEMA_VERSION = "1"
ZIP_OVER = 4096  # bodies past one page are stored zlib-compressed (about 15x smaller)
CHUNK = 400

# Seen keys and outbox rows name their resource by a small integer (rid):
# those tables take one row per event, and short keys keep inserts cheap.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  rid INTEGER PRIMARY KEY, instance TEXT NOT NULL, resource TEXT NOT NULL,
  last_poll_ms INTEGER, origin TEXT, last_success_ms INTEGER,
  last_error TEXT, last_error_ms INTEGER, last_delivery_error TEXT,
  delivered_notifications INTEGER NOT NULL DEFAULT 0,
  delivered_events INTEGER NOT NULL DEFAULT 0,
  UNIQUE (instance, resource));
CREATE TABLE IF NOT EXISTS seen (
  rid INTEGER NOT NULL, object_id TEXT NOT NULL, updated TEXT NOT NULL,
  filter_ms INTEGER NOT NULL,
  PRIMARY KEY (rid, object_id, updated)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL UNIQUE, rid INTEGER NOT NULL,
  body BLOB NOT NULL, zipped INTEGER NOT NULL, events INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending', next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_ms, id);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY, rid INTEGER NOT NULL, object_id TEXT, reason TEXT NOT NULL,
  record TEXT NOT NULL, digest TEXT NOT NULL UNIQUE);
"""


def pack(body: bytes) -> tuple[bytes, int]:
    if len(body) > ZIP_OVER:
        return zlib.compress(body, 1), 1
    return body, 0


def unpack(body: bytes, zipped: int) -> bytes:
    return zlib.decompress(body) if zipped else bytes(body)


def digest(rid: int, record: str) -> str:
    return hashlib.sha256(f"{rid}\0{record}".encode()).hexdigest()
