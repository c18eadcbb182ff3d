"""The polling runtime: executes compiled plans (``sage200cfg run``).

Its only inputs are a :class:`sage200cfg.plan.Plan` and the run options; it
imports nothing from ``load``, ``lint``, ``compile``, ``generate`` or ``cli``.

service.py    the ``run`` process: --since, signals, logging (logs.py)
engine.py     wires store, transport, poller and delivery for one run
poller.py     one poll of one resource: pages, classification, dedupe, commit
leasing.py    poll leases around each poll (take, renew in the background, release)
transports/   where pages come from: base.py (protocol), fetch.py (retried GET),
              hub.py (Cloud Elements-style hub)
records.py    record -> event | quarantine reason | skip (dates via datefmt)
envelope.py   the Cloud Elements notification body, ids and signature
delivery.py   worker threads draining the outbox to the callbacks
deliver_proc.py  runs those workers in a forked child process, or in this one
store/        durable state: base.py (the StateStore interface), open.py (--state ->
              store), sqlite.py (+ leases.py, in memory), postgres.py (+ pg_sql.py,
              pg_tokens.py, pg_schema.py and migrations/*.sql), uri.py
http/         client.py (GETs), wire.py (lean keep-alive POSTs), reply.py, urls.py
credentials.py  ${env:NAME} references -> delivery destinations, redaction
errors.py     the exception tree
simulator/    a Sage 200 hub and callback sink for tests, benchmarks and the demo
"""

from __future__ import annotations
