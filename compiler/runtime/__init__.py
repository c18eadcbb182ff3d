"""The polling runtime: executes compiled plans (``sage200cfg run``).

Its only inputs are a :class:`sage200cfg.plan.Plan` and the run options; it
imports nothing from ``load``, ``lint``, ``compile``, ``generate`` or ``cli``.

service.py    the ``run`` process: --since, signals, logging (logs.py)
engine.py     wires store, transport, poller and delivery for one run
scheduler.py  when polls run: each target on its interval, on pool.py's bounded threads
pool.py       the poll threads (--poll-workers), daemons so a hung request never holds exit
deadline.py   each poll's stop signal and deadline; interruptible retry waits
marks.py      where a poll starts: a stored watermark, or the first-run start in memory
poller.py     one poll of one resource: pages, classification, dedupe, commit
skew.py       the once-only warning when the API's clock drifts past --overlap
leasing.py    poll leases around each poll (take, renew in the background, release)
transports/   where pages come from: base.py (protocol), fetch.py (retried GET),
              hub.py (Cloud Elements-style hub), sage200.py (the Sage 200 API itself:
              native_query.py for $filter and key paging, sites.py for GET /sites)
native.py     builds the sage200 transport from the auth file and the environment
auth/         Sage ID OAuth: tokens (TokenStore), the 0600 auth file and its lock,
              refresh with rotation, PKCE login with a loopback redirect
records.py    record -> event | quarantine reason | skip (dates via datefmt)
envelope.py   the Cloud Elements notification body, ids and signature
delivery.py   worker threads draining the outbox to the callbacks
deliver_proc.py  runs those workers in a child process, or in this one
supervise.py  restarts a dead delivery process with back-off
causes.py     why a POST failed: a metric label and words for the log
observe/      --metrics-addr: board.py, metrics.py, health.py, page.py, server.py
store/        durable state: base.py (the StateStore interface), open.py (--state ->
              store), sqlite.py (+ sqlite_file.py, sqlite_page.py, sqlite_outbox.py,
              sqlite_report.py, sqlite_schema.py; leases.py, in memory), postgres.py
              (+ pg_sql.py, pg_marks.py, pg_page.py, pg_outbox.py, pg_tokens.py,
              pg_report.py, pg_schema.py and migrations/*.sql), uri.py
http/         client.py (GETs), wire.py (lean keep-alive POSTs), reply.py, urls.py
credentials.py  ${env:NAME} references -> delivery destinations, redaction
errors.py     the exception tree
simulator/    a Sage 200 hub, the native API with a Sage ID, and a callback sink for
              tests, benchmarks and the demo
"""

from __future__ import annotations
