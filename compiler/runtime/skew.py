"""The clock-skew check: warn once when the API's clock and ours disagree.

Windows start at our clock (the poll start) minus ``--overlap``; records are
stamped by the server's clock. When the two differ by more than the overlap,
records committed near a window's edge can fall outside every window, so the
operator must hear about it (once: it is a property of the server, not of a poll).
"""

from __future__ import annotations

import logging
import threading

__all__ = ["SkewCheck"]

log = logging.getLogger("sage200cfg.run")

_DATE_RESOLUTION_S = 2.0  # the Date header has whole seconds; latency adds some more


class SkewCheck:
    """Compares ``Date`` headers with the local clock; warns the first time they drift."""

    def __init__(self, overlap_s: float) -> None:
        self.limit_ms = max(overlap_s, _DATE_RESOLUTION_S) * 1000
        self.overlap_s = overlap_s
        self._warned = threading.Event()

    def check(self, server_ms: int | None, local_ms: int) -> None:
        if server_ms is None or self._warned.is_set():
            return
        skew_ms = server_ms - local_ms
        if abs(skew_ms) > self.limit_ms:
            self._warned.set()
            log.warning(
                "the API's clock is %.0f s %s ours (its Date header), more than --overlap %g s: "
                "records committed near a window's edge may be missed; fix the clock or raise "
                "--overlap", abs(skew_ms) / 1000, "ahead of" if skew_ms > 0 else "behind",
                self.overlap_s)
