"""The HTTP server behind ``--metrics-addr HOST:PORT``: ``/metrics``, ``/healthz`` and ``/``.

A stdlib ``ThreadingHTTPServer`` in a daemon thread: a handful of requests
a minute need nothing more. It reads the state file through a store of its
own (opened lazily, in its thread) so a scrape never holds the poller's lock.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from ..errors import SetupError
from ..store.base import StateStore
from .board import Board
from .health import health
from .metrics import Metrics
from .page import render_page

__all__ = ["ObserveServer", "parse_addr"]

log = logging.getLogger("sage200cfg.run")


class _Alive(Protocol):
    def alive(self) -> bool: ...


def parse_addr(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:9100`` for IPv6); SetupError when unreadable."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise SetupError(f"--metrics-addr {text!r} is not HOST:PORT (e.g. 127.0.0.1:9464)")
    return host, int(port)


class ObserveServer:
    """Serves the board, the metrics and the outbox while the run lasts."""

    def __init__(self, addr: tuple[str, int], board: Board, metrics: Metrics,
                 open_store: Callable[[], StateStore]) -> None:
        self.addr = addr
        self.board = board
        self.metrics = metrics
        self.delivery: _Alive | None = None
        self._open_store = open_store
        self._store: StateStore | None = None
        self._store_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        metrics.watch_outbox(lambda: self.store().outbox_summary(),
                             sorted({t.instance for t in board.targets()}))

    def store(self) -> StateStore:
        with self._store_lock:
            if self._store is None:
                self._store = self._open_store()
            return self._store

    def start(self) -> None:
        try:
            self._httpd = ThreadingHTTPServer(self.addr, _handler(self))
        except OSError as exc:
            raise SetupError(f"--metrics-addr {self.addr[0]}:{self.addr[1]}: {exc}") from None
        self._httpd.daemon_threads = True
        host, port = self._httpd.server_address[:2]
        threading.Thread(target=self._httpd.serve_forever, name="observe", daemon=True).start()
        log.info("status page, /metrics and /healthz on http://%s:%d/", host, port)

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        with self._store_lock:
            if self._store is not None:
                self._store.close()

    def health(self) -> tuple[bool, dict[str, object]]:
        alive = self.delivery.alive() if self.delivery is not None else False
        return health(self.board, alive, time.time())


def _handler(server: ObserveServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = self.path.split("?", 1)[0]
            try:
                if path == "/metrics":
                    self._send(200, server.metrics.exposition(),
                               "text/plain; version=0.0.4; charset=utf-8")
                elif path == "/healthz":
                    ok, body = server.health()
                    self._send(200 if ok else 503, json.dumps(body, indent=1).encode(),
                               "application/json")
                elif path == "/":
                    ok, body = server.health()
                    problems = body["problems"]
                    assert isinstance(problems, list)
                    page = render_page(server.board, server.store().status(), ok, problems,
                                       time.time())
                    self._send(200, page, "text/html; charset=utf-8")
                else:
                    self._send(404, b"not found\n", "text/plain")
            except Exception as exc:  # noqa: BLE001 - a broken scrape must not kill the run
                log.error("status server: %s: %s", type(exc).__name__, exc)
                self._send(500, b"internal error\n", "text/plain")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Requests are not worth a log line each."""

    return Handler
