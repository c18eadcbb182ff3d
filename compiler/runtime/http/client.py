"""HTTP for the runtime: one lean kept-alive connection (:mod:`.wire`) per thread and origin.

Chosen by measurement (bench/bench_http_clients.py, figures in bench/README.md):
threads over the standard library's sockets keep pace with aiohttp, with no
dependency and a synchronous runtime that is easy to stop between pages;
``http.client`` itself was dropped because its ``email`` header parsing cost a
third of the CPU. Redirects are never followed (a 3xx is an answer, not a
hop), so requests go only to the hosts the user named.

A connection belongs to the thread that opened it and is closed and forgotten
when that thread ends, so a long run holds one connection per live thread and
origin however many threads came and went (fetch threads, :mod:`..deadline`).
"""

from __future__ import annotations

import ssl
import threading
import weakref
from urllib.parse import SplitResult, urlsplit

from .reply import Reply
from .wire import WireConnection

__all__ = ["MAX_PAGE", "TRANSPORT_ERRORS", "HttpClient"]

MAX_PAGE = 512 * 1024 * 1024
"""The largest answer :meth:`HttpClient.request` reads: a hub page may hold 5000
records of tens of kilobytes each; a bigger answer is an error, not a crash."""

_Key = tuple[str, str]


class _Held:
    """One thread's connections; its finalizer runs when the thread ends."""

    __slots__ = ("__weakref__", "conns")

    def __init__(self) -> None:
        self.conns: dict[_Key, WireConnection] = {}


class HttpClient:
    """Thread-safe: each thread keeps its own connection per origin."""

    def __init__(self, timeout: float = 30.0, ca_bundle: str | None = None) -> None:
        self.timeout = timeout
        self._ca_bundle = ca_bundle
        self._ssl: ssl.SSLContext | None = None  # built on first https use (loading CAs is slow)
        self._local = threading.local()
        self._all: set[WireConnection] = set()  # of live threads, for close()
        self._all_lock = threading.Lock()

    @property
    def connections(self) -> int:
        """How many connections the client's live threads hold (open or to reopen)."""
        with self._all_lock:
            return len(self._all)

    def request(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None = None
    ) -> Reply:
        """Send one request; raises OSError (:data:`TRANSPORT_ERRORS`) on transport failure."""
        parts = urlsplit(url)
        # Without Accept-Encoding a server may compress; a page must arrive as JSON.
        headers = {"Accept-Encoding": "identity", **headers}
        return self._connection(parts).request(method, _target(parts), headers, body, MAX_PAGE)

    def post(self, url: str, headers: dict[str, str], body: bytes) -> Reply:
        """POST a notification (its answer is small); raises OSError."""
        parts = urlsplit(url)
        return self._connection(parts).request("POST", _target(parts), headers, body)

    def close(self) -> None:
        """Close every thread's connections (a thread that sends again reopens its own)."""
        with self._all_lock:
            held = list(self._all)
        for conn in held:
            conn.close()

    def _connection(self, parts: SplitResult) -> WireConnection:
        held: _Held | None = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = _Held()
            done = weakref.finalize(held, _forget, held.conns, self._all, self._all_lock)
            done.atexit = False  # the process is ending: its sockets go with it
        conn = held.conns.get((parts.scheme, parts.netloc))
        if conn is None:
            https = parts.scheme == "https"
            if https and self._ssl is None:
                self._ssl = ssl.create_default_context(cafile=self._ca_bundle)
            conn = WireConnection(parts.scheme, parts.hostname or "",
                                  parts.port or (443 if https else 80), self.timeout, self._ssl)
            held.conns[(parts.scheme, parts.netloc)] = conn
            with self._all_lock:
                self._all.add(conn)
        return conn


def _forget(conns: dict[_Key, WireConnection], every: set[WireConnection],
            lock: threading.Lock) -> None:
    for conn in conns.values():
        conn.close()
    with lock:
        every.difference_update(conns.values())


def _target(parts: SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


TRANSPORT_ERRORS = (OSError,)
"""What a request raises for transport trouble: refused, reset, timed out, TLS
(``ssl.SSLError`` and its ``SSLCertVerificationError``), or an answer that is
not HTTP (``ConnectionError``)."""
