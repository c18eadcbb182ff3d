-- sage200cfg PostgreSQL store, schema version 4: when each notification was queued.
--
-- Workers of one fleet may run different plans for a while: during a rolling
-- restart onto a plan that adds or removes a company, or with a canary. A
-- worker that claimed another plan's notification used to fail it as "its
-- instance is no longer in the plan", and retry it with back-off: a company
-- added to a running fleet waited minutes for its first notifications. Now a
-- worker hands such a notification back untouched and stops claiming that
-- resource's rows while they are young (the store's FOREIGN_GRACE_S); one
-- queued longer ago than that fails as before, so the notifications of a
-- company removed from every plan still end as dead letters.
--
-- now() is stable, so existing rows get the time of this migration without a
-- rewrite of the table; commit_page's inserts take the default.
ALTER TABLE outbox ADD COLUMN queued_ms bigint NOT NULL
  DEFAULT (extract(epoch FROM now()) * 1000)::bigint;
