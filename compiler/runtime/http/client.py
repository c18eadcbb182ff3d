"""HTTP for the runtime: the standard library's ``http.client``, one kept-alive
connection per thread and origin.

Chosen by measurement (bench/bench_http_clients.py, figures in bench/README.md):
on loopback against the simulator's server, ``http.client`` delivered more
notifications per second than httpx (sync and async) and about as many as
aiohttp, with no dependency and a synchronous runtime that is easy to stop
between pages. Redirects are never followed (a 3xx is an answer, not a hop),
so requests go only to the hosts the user named.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from typing import Any
from urllib.parse import urlsplit

from .reply import Reply
from .wire import WireConnection

__all__ = ["TRANSPORT_ERRORS", "HttpClient"]


class HttpClient:
    """Thread-safe: each thread keeps its own connection per origin."""

    def __init__(self, timeout: float = 30.0, ca_bundle: str | None = None) -> None:
        self.timeout = timeout
        self._ca_bundle = ca_bundle
        self._ssl: ssl.SSLContext | None = None  # built on first https use (loading CAs is slow)
        self._local = threading.local()
        self._all: list[Any] = []  # http.client and wire connections, for close()
        self._all_lock = threading.Lock()

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        pool: dict[Any, Any] = self._local.__dict__.setdefault("pool", {})
        conn: http.client.HTTPConnection | None = pool.get((scheme, netloc))
        if conn is None:
            if scheme == "https":
                if self._ssl is None:
                    self._ssl = ssl.create_default_context(cafile=self._ca_bundle)
                conn = http.client.HTTPSConnection(netloc, timeout=self.timeout, context=self._ssl)
            else:
                conn = http.client.HTTPConnection(netloc, timeout=self.timeout)
            pool[(scheme, netloc)] = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def request(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None = None
    ) -> Reply:
        """Send one request; raises OSError / http.client.HTTPException on transport failure."""
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = self._connection(parts.scheme, parts.netloc)
        try:
            conn.request(method, target or "/", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            conn.close()  # a broken keep-alive connection is reopened next time
            raise
        if response.will_close:
            conn.close()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)

    def post(self, url: str, headers: dict[str, str], body: bytes) -> Reply:
        """POST over a lean keep-alive connection (see :mod:`.wire`); raises OSError."""
        parts = urlsplit(url)
        key = ("wire", parts.scheme, parts.netloc)
        pool = self._local.__dict__.setdefault("pool", {})
        conn = pool.get(key)
        if conn is None:
            if parts.scheme == "https" and self._ssl is None:
                self._ssl = ssl.create_default_context(cafile=self._ca_bundle)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            conn = WireConnection(parts.scheme, parts.hostname or "", port, self.timeout,
                                  self._ssl)
            pool[key] = conn
            with self._all_lock:
                self._all.append(conn)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        reply: Reply = conn.request("POST", target or "/", headers, body)
        return reply

    def close(self) -> None:
        """Close every thread's connections (call when the threads are done)."""
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()


TRANSPORT_ERRORS = (OSError, http.client.HTTPException, socket.timeout)
