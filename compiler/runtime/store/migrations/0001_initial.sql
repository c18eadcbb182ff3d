-- sage200cfg PostgreSQL store, schema version 1.
-- resources: one row per instance and resource: watermark, last poll error, poll lease.
-- Fencing tokens of poll leases and outbox claims come from one sequence, so a
-- later grant always carries a larger token.
CREATE SEQUENCE fence;

CREATE TABLE resources (
  rid bigserial PRIMARY KEY,
  instance text NOT NULL,
  resource text NOT NULL,
  last_poll_ms bigint,
  origin text,
  last_success_ms bigint,
  last_error text,
  last_error_ms bigint,
  lease_token bigint NOT NULL DEFAULT 0,
  lease_holder text,
  lease_expires_ms bigint,
  UNIQUE (instance, resource)
);

-- Dedupe keys of emitted records; a key is inserted once (ON CONFLICT DO NOTHING).
CREATE TABLE seen (
  rid bigint NOT NULL,
  object_id text NOT NULL,
  updated text NOT NULL,
  filter_ms bigint NOT NULL,
  PRIMARY KEY (rid, object_id, updated)
);

-- Pending and dead-lettered notifications; claim_* is the delivery claim lease.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  webhook_id text NOT NULL UNIQUE,
  rid bigint NOT NULL,
  body bytea NOT NULL,
  zipped smallint NOT NULL,
  events integer NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'pending',
  next_attempt_ms bigint NOT NULL DEFAULT 0,
  last_error text,
  claim_token bigint,
  claim_holder text,
  claim_expires_ms bigint
);
CREATE INDEX outbox_due ON outbox (next_attempt_ms, id) WHERE state = 'pending';
CREATE INDEX outbox_rid ON outbox (rid);

-- Acknowledged deliveries, appended per batch (no row is updated, so workers
-- acknowledging at once never wait for each other); status sums them.
CREATE TABLE deliveries (
  rid bigint NOT NULL,
  notifications integer NOT NULL,
  events integer NOT NULL
);
CREATE INDEX deliveries_rid ON deliveries (rid);

CREATE TABLE quarantine (
  id bigserial PRIMARY KEY,
  rid bigint NOT NULL,
  object_id text,
  reason text NOT NULL,
  record text NOT NULL,
  digest text NOT NULL UNIQUE
);

-- The rotating OAuth refresh token of each instance (native Sage 200 transport),
-- read and replaced under a row lock so that two workers never spend one token.
CREATE TABLE refresh_tokens (
  instance text PRIMARY KEY,
  token text NOT NULL,
  generation bigint NOT NULL DEFAULT 1,
  rotated_ms bigint NOT NULL
);
