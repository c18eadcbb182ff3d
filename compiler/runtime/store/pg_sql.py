"""The SQL of the PostgreSQL store's hot paths, one batched statement each (a page's
commit is one call of a function the schema defines: see :mod:`.pg_page`).

Times of leases and claims come from the database clock (``NOW_MS``), so
workers on machines whose clocks differ agree on when a lease expires.
"""

from __future__ import annotations

__all__ = [
    "ACK", "ACQUIRE", "ACQUIRE_MANY", "CHECK_LEASE", "CLAIM", "INIT_NEW", "INIT_UNMARKED",
    "NOW_MS", "OURS", "PASS_OVER", "PENDING", "RELEASE", "RIDS",
]

NOW_MS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

# Granted when nobody holds a live lease (or we do) and, with an interval,
# when the last successful poll started at least that long ago.
ACQUIRE = f"""
UPDATE resources SET lease_token = nextval('fence'), lease_holder = %(holder)s,
  lease_expires_ms = {NOW_MS} + %(ttl)s
WHERE rid = %(rid)s
  AND (lease_holder IS NULL OR lease_expires_ms <= {NOW_MS} OR lease_holder = %(holder)s)
  AND (%(interval)s = 0 OR origin IS DISTINCT FROM 'poll'
       OR last_poll_ms <= {NOW_MS} - %(interval)s)
RETURNING lease_token, last_poll_ms, origin
"""

# Many at once: rows another transaction is changing are skipped, not waited
# for (so workers taking overlapping sets in any order never deadlock).
ACQUIRE_MANY = f"""
WITH w AS (SELECT * FROM unnest(%(rids)s::bigint[], %(intervals)s::bigint[]) AS w(rid, iv)),
free AS (
  SELECT r.rid FROM resources r JOIN w USING (rid)
  WHERE (r.lease_holder IS NULL OR r.lease_expires_ms <= {NOW_MS} OR r.lease_holder = %(holder)s)
    AND (w.iv = 0 OR r.origin IS DISTINCT FROM 'poll' OR r.last_poll_ms <= {NOW_MS} - w.iv)
  FOR UPDATE OF r SKIP LOCKED)
UPDATE resources r SET lease_token = nextval('fence'), lease_holder = %(holder)s,
  lease_expires_ms = {NOW_MS} + %(ttl)s
FROM free WHERE r.rid = free.rid
RETURNING r.rid, r.lease_token, r.last_poll_ms, r.origin
"""

# The fence: locks the resource row for the page's transaction and renews the lease.
CHECK_LEASE = f"""
UPDATE resources SET lease_expires_ms = {NOW_MS} + %(ttl)s
WHERE rid = %(rid)s AND lease_token = %(token)s
"""


RELEASE = """
UPDATE resources SET lease_holder = NULL, lease_expires_ms = NULL
WHERE rid = %(rid)s AND lease_token = %(token)s
"""


# Rows of resources another plan polls are left to its workers while young.
OURS = f"(rid <> ALL(%(foreign)s::bigint[]) OR queued_ms < {NOW_MS} - %(grace)s)"

# Due rows not claimed by a live claim, oldest due first, skipping rows that
# another worker is claiming right now.
CLAIM = f"""
WITH due AS (
  SELECT id FROM outbox
  WHERE state = 'pending' AND next_attempt_ms <= %(now)s
    AND (claim_expires_ms IS NULL OR claim_expires_ms <= {NOW_MS}) AND {OURS}
  ORDER BY next_attempt_ms, id LIMIT %(limit)s
  FOR UPDATE SKIP LOCKED)
UPDATE outbox o SET claim_token = nextval('fence'), claim_holder = %(holder)s,
  claim_expires_ms = {NOW_MS} + %(ttl)s
FROM due WHERE o.id = due.id
RETURNING o.id, o.webhook_id, o.rid, o.body, o.zipped, o.events, o.attempts, o.claim_token
"""

# Rows another live worker has claimed are its business: a worker drains
# what it can claim, plus what it holds.
PENDING = f"""
SELECT count(*) FROM outbox WHERE state = 'pending'
  AND (claim_holder IS NULL OR claim_holder = %(holder)s OR claim_expires_ms <= {NOW_MS})
  AND {OURS}
"""

# A young row of another plan's resource, given back untouched (no attempt spent).
PASS_OVER = f"""
UPDATE outbox SET claim_token = NULL, claim_holder = NULL, claim_expires_ms = NULL
WHERE id = %(id)s AND claim_token = %(token)s AND queued_ms >= {NOW_MS} - %(grace)s
"""

# Only rows still held with the claim's token are removed and counted.
ACK = """
WITH gone AS (
  DELETE FROM outbox o USING unnest(%s::bigint[], %s::bigint[]) AS a(id, token)
  WHERE o.id = a.id AND o.claim_token = a.token
  RETURNING o.rid, o.events)
INSERT INTO deliveries (rid, notifications, events)
SELECT rid, count(*), sum(events) FROM gone GROUP BY rid
"""

# Resources without a watermark get one (new rows, then rows made before without).
INIT_NEW = """
INSERT INTO resources (instance, resource, last_poll_ms, origin)
SELECT w.i, w.r, %s, %s FROM unnest(%s::text[], %s::text[]) AS w(i, r)
ON CONFLICT DO NOTHING
RETURNING instance, resource
"""

INIT_UNMARKED = """
UPDATE resources SET last_poll_ms = %s, origin = %s
FROM unnest(%s::text[], %s::text[]) AS w(i, r)
WHERE instance = w.i AND resource = w.r AND last_poll_ms IS NULL
RETURNING instance, resource
"""

RIDS = """
SELECT rid, instance, resource, last_poll_ms, origin FROM resources
  JOIN unnest(%s::text[], %s::text[]) AS w(i, r) ON instance = w.i AND resource = w.r
"""
