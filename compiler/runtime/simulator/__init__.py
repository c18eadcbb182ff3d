"""A Cloud Elements-style Sage 200 hub and a callback sink, over real HTTP.

app.py (routes and control API), hub.py (records, changes, keyset paging),
ceql.py (``where`` clauses), sink.py (signature-checking receiver),
httpd.py (the asyncio HTTP/1.1 server), sample_records.py (real Sage 200
records), plans.py (plans for tests, benchmarks and the demo), demo.py.
Unlike the runtime, it may read the catalog: it serves the catalog's resources.
"""

from __future__ import annotations
