"""Log lines of the runtime commands, on stderr: text (UTC time, level, message) or JSON.

``--log-format json`` writes one object per line for log shippers: ``time``,
``level``, ``logger``, ``message``, plus ``instance``, ``resource``,
``webhook_id`` and ``outcome`` when the line is about one (passed as
``extra=`` by the runtime, or read from ``instance/resource`` arguments).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

__all__ = ["FIELDS", "JsonFormatter", "setup_logging"]

FIELDS = ("instance", "resource", "webhook_id", "outcome")


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                data[name] = value
        if "instance" not in data:
            _target_from_args(record, data)
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _target_from_args(record: logging.LogRecord, data: dict[str, Any]) -> None:
    # Most runtime lines start "%s/%s: …" with the instance and resource.
    args = record.args
    if isinstance(args, tuple) and len(args) >= 2 and str(record.msg).startswith("%s/%s"):
        data["instance"], data["resource"] = str(args[0]), str(args[1])


def setup_logging(verbose: bool, log_format: str = "text") -> None:
    """Send ``sage200cfg.*`` logs to stderr (INFO; per-retry and per-poll lines with -v)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        formatter = logging.Formatter("%(asctime)sZ %(levelname)s %(message)s",
                                      "%Y-%m-%dT%H:%M:%S")
        formatter.converter = time.gmtime
        handler.setFormatter(formatter)
    logger = logging.getLogger("sage200cfg")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    quiet = logging.INFO if verbose else logging.WARNING
    # Per-notification retries and per-poll lines; the cycle line sums them up.
    logging.getLogger("sage200cfg.run.retry").setLevel(quiet)
    logging.getLogger("sage200cfg.run.poll").setLevel(quiet)
