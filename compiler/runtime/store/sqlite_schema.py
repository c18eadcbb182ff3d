"""The SQLite state file's layout, and how outbox bodies are packed.

Tables: ``meta`` (layout version), ``resources`` (one row per instance and
resource: watermark, last errors, delivery counters), ``seen`` (dedupe keys of
emitted records, pruned as the watermark moves), ``outbox`` (pending and
dead-lettered notifications) and ``quarantine`` (records that could not become
events, once each).

Layout 2 stores bodies over :data:`ZIP_OVER` as LZ4 blocks instead of zlib's
fastest level: on ten varied Sage records 3.1-3.5x smaller than the JSON against
zlib's 3.8-4.3x, at an eighth of the CPU (zlib was a tenth of a fleet worker's
poll path; bench/README.md). Layout 1 files are upgraded in place when opened:
their zlib rows still read.
"""

from __future__ import annotations

import hashlib
import zlib

import lz4.block

__all__ = [
    "CHUNK", "LZ4", "RAW", "SCHEMA", "SCHEMA_VERSION", "UPGRADES_FROM", "ZIP_OVER", "ZLIB",
    "digest", "pack", "unpack",
]

SCHEMA_VERSION = "2"
UPGRADES_FROM = ("1",)  #: layouts opened and marked 2: the tables are the same
ZIP_OVER = 4096  # bodies past one page are stored compressed
RAW, ZLIB, LZ4 = 0, 1, 2  #: outbox.zipped: how a body is stored
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
        return lz4.block.compress(body), LZ4
    return body, RAW


def unpack(body: bytes, zipped: int) -> bytes:
    if zipped == LZ4:
        data: bytes = lz4.block.decompress(body)
        return data
    if zipped == ZLIB:  # written before layout 2 (PostgreSQL: before schema version 3)
        return zlib.decompress(body)
    return bytes(body)


def digest(rid: int, record: str) -> str:
    return hashlib.sha256(f"{rid}\0{record}".encode()).hexdigest()
