"""Log lines of the runtime commands: UTC time, level, message, on stderr."""

from __future__ import annotations

import logging
import sys
import time

__all__ = ["counted", "setup_logging"]


def setup_logging(verbose: bool) -> None:
    """Send ``sage200cfg.*`` logs to stderr (INFO, or DEBUG-free verbose INFO)."""
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)sZ %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger = logging.getLogger("sage200cfg")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not verbose:
        # Per-notification retry lines are INFO in delivery; keep them for -v.
        logging.getLogger("sage200cfg.run.retry").setLevel(logging.WARNING)


def counted(count: int, noun: str) -> str:
    """``counted(1, "page") == "1 page"``, ``counted(2, "new event") == "2 new events"``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
