"""A small HTTP/1.1 server on asyncio: the transport under the simulator.

It speaks enough HTTP/1.1 for any client: request line, headers,
``Content-Length`` bodies, keep-alive and ``Connection: close``. Chunked
request bodies are refused with 411. It exists so the simulator and the sink
can answer thousands of requests a second on one core, which the stdlib
``http.server`` (one thread per connection, email-module header parsing)
cannot; see bench/README.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Handler", "HttpServer", "Request", "Response"]

_MAX_HEAD = 64 * 1024
_MAX_BODY = 64 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """One parsed request; header names are lower-case."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        """Query parameters, percent-decoded; the last of a repeated name wins."""
        return dict(parse_qsl(urlsplit(self.target).query, keep_blank_values=True))


@dataclass
class Response:
    """What a handler returns; ``Content-Length`` is added on the way out."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False  #: drop the connection after half the body (fault injection)


Handler = Callable[[Request], Awaitable[Response]]


def _head(response: Response, keep_alive: bool) -> bytes:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {response.status} {reason}", f"Content-Length: {len(response.body)}"]
    lines += [f"{name}: {value}" for name, value in response.headers.items()]
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _parse_head(raw: bytes) -> tuple[str, str, str, dict[str, str]]:
    text = raw.decode("latin-1")
    request_line, *header_lines = text.split("\r\n")
    method, target, version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return method, target, version, headers


class HttpServer:
    """Serve ``handler`` on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        handler: Handler,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._handler = handler
        self._host = host
        self._port = port
        self._ssl = ssl_context
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.accepted = 0  #: connections accepted so far: how tests see keep-alive at work

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    @property
    def open_connections(self) -> int:
        return len(self._writers)

    async def start(self) -> None:
        """Bind and start accepting connections on the running loop."""
        self._loop = asyncio.get_running_loop()
        self._server = await asyncio.start_server(
            self._serve, self._host, self._port, ssl=self._ssl, limit=_MAX_HEAD
        )

    async def close(self) -> None:
        """Stop listening and hang up on every open connection."""
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)
        await asyncio.sleep(0.01)  # let the closed transports release their sockets

    def start_in_thread(self) -> int:
        """Run the server on its own loop in a daemon thread; return the port."""
        ready = threading.Event()

        def main() -> None:
            loop = asyncio.new_event_loop()
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.close())
            loop.close()

        self._thread = threading.Thread(target=main, name="sage200cfg-httpd", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.port

    def stop_thread(self) -> None:
        """Stop a server started with :meth:`start_in_thread`, closing its sockets."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        self.accepted += 1
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            # The server is stopping (SIGTERM, Ctrl-C) while a client keeps its
            # connection open: the connection ends here, quietly (an escaped
            # cancellation was printed by asyncio as a traceback).
            pass
        except ValueError:
            # A malformed request line or header block: answer and hang up.
            with contextlib.suppress(Exception):
                writer.write(_head(Response(400), keep_alive=False))
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            raw = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        method, target, version, headers = _parse_head(raw[:-4])
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if "chunked" in headers.get("transfer-encoding", "").lower():
            writer.write(_head(Response(411), keep_alive=False))
            return False
        length = int(headers.get("content-length", "0") or 0)
        if length > _MAX_BODY:
            writer.write(_head(Response(413), keep_alive=False))
            return False
        body = await reader.readexactly(length) if length else b""
        response = await self._handler(Request(method, target, headers, body))
        if response.reset:
            writer.write(_head(response, keep_alive) + response.body[: len(response.body) // 2])
            await writer.drain()
            writer.transport.abort()
            return False
        writer.write(_head(response, keep_alive) + response.body)
        await writer.drain()
        return keep_alive
