"""The polling runtime: executes compiled plans (``sage200cfg run``).

Its only inputs are a :class:`sage200cfg.plan.Plan` and the run options; it
imports nothing from the package but ``plan`` and ``datefmt``.

engine.py     wires the parts for ``run --once`` and scheduled runs
poller.py     one poll of one resource: pages, classification, dedupe, commit
records.py    record -> event | quarantine reason | skip (dates via datefmt)
envelope.py   the Cloud Elements notification body, ids and signature
delivery.py   worker threads draining the outbox to the callbacks
deliver_proc.py  runs those workers in a forked child process, or in this one
store.py      the StateStore interface; sqlite_store.py / sqlite_schema.py implement it
http.py       API requests (http.client); wire.py: lean keep-alive POSTs
secrets.py    ${env:NAME} references -> delivery destinations
errors.py     the exception tree
simulator/    a Sage 200 hub and callback sink for tests, benchmarks and the demo
"""

from __future__ import annotations
