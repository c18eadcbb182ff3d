-- sage200cfg PostgreSQL store, schema version 3: the last page of a poll stores
-- only the seen keys that can recur.
--
-- The last page prunes keys whose filter date is before the next window (they
-- cannot be read again). Version 2 inserted such keys and deleted them in the
-- same call: in a fleet that was most keys (records changed in a window are
-- mostly older than the next one), so most of the seen-set's writes, WAL and
-- dead rows were for nothing. They are still looked up, as every key of the
-- page is, so a record emitted by an earlier overlapping poll is not sent again.
-- To other sessions nothing changes: a key inserted and deleted in one call was
-- never visible, and a concurrent insert of it did not conflict once it was gone.
--
-- Otherwise commit_page is as in 0002_commit_page.sql (see there).
--
-- Also from version 3, outbox bodies over 4 kB are LZ4 blocks (zipped = 2), which
-- a sage200cfg of version 2 could not read; zlib rows (zipped = 1) still read.
CREATE OR REPLACE FUNCTION commit_page(
  p_rid bigint, p_token bigint, p_ttl bigint,
  p_keys jsonb, p_notes jsonb, p_bodies bytea, p_quarantine jsonb,
  p_advance bigint, p_origin text, p_prune bigint)
RETURNS TABLE (seen_id text, seen_updated text)
LANGUAGE plpgsql AS $$
BEGIN
  IF jsonb_array_length(p_keys) > 0 THEN
    RETURN QUERY SELECT s.object_id, s.updated FROM seen s
      JOIN jsonb_to_recordset(p_keys) AS k(o text, u text)
        ON s.rid = p_rid AND s.object_id = k.o AND s.updated = k.u;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  IF p_advance IS NULL THEN  -- the fence: renews the lease and locks the row
    UPDATE resources
      SET lease_expires_ms = (extract(epoch FROM clock_timestamp()) * 1000)::bigint + p_ttl
      WHERE rid = p_rid AND lease_token = p_token;
  ELSE  -- the fence of the last page moves the watermark and gives the lease up
    UPDATE resources SET last_poll_ms = p_advance, origin = p_origin,
      last_success_ms = p_advance, last_error = NULL, last_error_ms = NULL,
      lease_holder = CASE WHEN p_token IS NULL THEN lease_holder END,
      lease_expires_ms = CASE WHEN p_token IS NULL THEN lease_expires_ms END
      WHERE rid = p_rid AND (p_token IS NULL OR lease_token = p_token);
  END IF;
  IF p_token IS NOT NULL AND NOT FOUND THEN
    RAISE EXCEPTION 'poll lease % was taken over', p_token USING ERRCODE = 'SG001';
  END IF;
  IF jsonb_array_length(p_keys) > 0 THEN
    INSERT INTO seen (rid, object_id, updated, filter_ms)
      SELECT p_rid, k.o, k.u, k.f FROM jsonb_to_recordset(p_keys) AS k(o text, u text, f bigint)
      WHERE p_prune IS NULL OR k.f >= p_prune;  -- the rest would be pruned below
  END IF;
  IF jsonb_array_length(p_notes) > 0 THEN
    INSERT INTO outbox (webhook_id, rid, body, zipped, events)
      SELECT n.w, p_rid, substring(p_bodies FROM n.upto - n.n + 1 FOR n.n), n.z, n.e
      FROM (SELECT v->>'w' AS w, (v->>'z')::smallint AS z, (v->>'e')::integer AS e,
                   (v->>'n')::integer AS n, i,
                   (sum((v->>'n')::integer) OVER (ORDER BY i))::integer AS upto
            FROM jsonb_array_elements(p_notes) WITH ORDINALITY AS a(v, i)) AS n
      ORDER BY n.i
      ON CONFLICT (webhook_id) DO NOTHING;
  END IF;
  IF jsonb_array_length(p_quarantine) > 0 THEN
    INSERT INTO quarantine (rid, object_id, reason, record, digest)
      SELECT p_rid, q.o, q.r, q.t, q.d
      FROM jsonb_to_recordset(p_quarantine) AS q(o text, r text, t text, d text)
      ON CONFLICT (digest) DO NOTHING;
  END IF;
  IF p_prune IS NOT NULL THEN
    DELETE FROM seen WHERE rid = p_rid AND filter_ms < p_prune;
  END IF;
END
$$;
