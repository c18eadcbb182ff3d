"""What a running ``run`` shows its operators (``--metrics-addr HOST:PORT``).

board.py    the last poll of each instance and resource, in memory
tally.py    what every run counts for itself: events delivered, from the child's reports
metrics.py  Prometheus metrics (``prometheus_client``) for ``GET /metrics``, on the tally
health.py   ``GET /healthz``: recent successful polls and a live delivery process
page.py     ``GET /``: a small self-refreshing status page
server.py   the HTTP server that answers those three, in a daemon thread
"""

from __future__ import annotations
