"""Why a callback POST failed, as a short metric label and a sentence for the log.

Labels stay few (one per kind of failure, never a URL or a message) so the
``sage200cfg_notifications_failed_total{instance,reason}`` series stay bounded.
"""

from __future__ import annotations

import socket
import ssl

__all__ = ["NOT_IN_PLAN", "Cause", "from_exception", "from_status"]

Cause = tuple[str, str]  #: (metric label, human words)

NOT_IN_PLAN: Cause = ("instance_not_in_plan", "its instance is no longer in the plan")


def from_status(status: int) -> Cause:
    return f"http_{status}", f"HTTP {status} from the callback"


def from_exception(exc: BaseException) -> Cause:
    if isinstance(exc, ConnectionRefusedError):
        return "connection_refused", "connection refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout", "no answer within the timeout"
    if isinstance(exc, ssl.SSLError):
        return "tls", f"TLS failed: {exc}"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "connection_reset", "the callback closed the connection"
    if isinstance(exc, socket.gaierror):
        return "dns", "the callback host name does not resolve"
    return "connection_error", f"{type(exc).__name__}: {exc}"
