"""A lean HTTP/1.1 keep-alive connection for callback POSTs.

``http.client`` parses every response header block with the ``email``
package; at a thousand notifications a second that parsing was a third of the
runtime's CPU (bench/README.md). Callback answers are small and simple, so
this connection writes the request in one ``sendall`` and reads the answer
with plain byte splitting: ``Content-Length``, ``chunked`` and read-to-close
bodies, 1xx interim answers skipped. Redirects are answers like any other.
"""

from __future__ import annotations

import socket
import ssl

from .reply import Reply

__all__ = ["WireConnection"]

_MAX_HEAD = 64 * 1024
_MAX_BODY = 16 * 1024 * 1024


class WireConnection:
    """One persistent connection to one origin; not thread-safe (one per thread)."""

    def __init__(
        self, scheme: str, host: str, port: int, timeout: float,
        context: ssl.SSLContext | None,
    ) -> None:
        self.scheme, self.host, self.port = scheme, host, port
        self.timeout = timeout
        self.context = context
        self.sock: socket.socket | None = None
        self.buf = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buf = None, b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.scheme == "https":
            assert self.context is not None
            sock = self.context.wrap_socket(sock, server_hostname=self.host)
        return sock

    def request(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        """Send and read one exchange; a reused connection the peer closed is retried once."""
        reused = self.sock is not None
        try:
            return self._exchange(method, target, headers, body)
        except (ConnectionError, _Silent) as exc:
            self.close()
            if not (reused and isinstance(exc, _Silent | BrokenPipeError | ConnectionResetError)):
                raise ConnectionError(str(exc) or "connection closed") from None
        except OSError:
            # A timeout: the late answer may still arrive, and the next request
            # on this socket would read it as its own. Never reuse the socket.
            self.close()
            raise
        try:
            return self._exchange(method, target, headers, body)
        except _Silent:
            self.close()
            raise ConnectionError("connection closed without an answer") from None
        except OSError:
            self.close()
            raise

    def _exchange(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        if self.sock is None:
            self.sock = self._connect()
        netloc = self.host if self.port in (80, 443) else f"{self.host}:{self.port}"
        lines = [f"{method} {target} HTTP/1.1", f"Host: {netloc}",
                 f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        first = True
        while True:
            status, fields, close = self._head(first)
            first = False
            if status >= 200:
                break
        data = self._body(fields, close)
        if close:
            self.close()
        return Reply(status, fields, data)

    def _recv(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed mid-answer")
        return chunk

    def _head(self, first: bool) -> tuple[int, dict[str, str], bool]:
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > _MAX_HEAD:
                raise ConnectionError("answer header too large")
            assert self.sock is not None
            chunk = self.sock.recv(65536)
            if not chunk:
                if first and not self.buf:
                    raise _Silent("closed before answering")
                raise ConnectionError("connection closed mid-answer")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status_line, *lines = head.decode("latin-1").split("\r\n")
        version, _, rest = status_line.partition(" ")
        try:
            status = int(rest[:3])
        except ValueError:
            raise ConnectionError(f"not an HTTP answer: {status_line[:40]!r}") from None
        fields: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        connection = fields.get("connection", "").lower()
        close = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
        return status, fields, close

    def _body(self, fields: dict[str, str], close: bool) -> bytes:
        if "chunked" in fields.get("transfer-encoding", "").lower():
            return self._chunked()
        if "content-length" in fields:
            return self._exactly(int(fields["content-length"]))
        if not close:
            return b""
        while True:  # no length: the body runs to the end of the connection
            assert self.sock is not None
            chunk = self.sock.recv(65536)
            if not chunk or len(self.buf) > _MAX_BODY:
                data, self.buf = self.buf, b""
                return data
            self.buf += chunk

    def _exactly(self, size: int) -> bytes:
        if size > _MAX_BODY:
            raise ConnectionError("answer body too large")
        while len(self.buf) < size:
            self.buf += self._recv()
        data, self.buf = self.buf[:size], self.buf[size:]
        return data

    def _chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            while b"\r\n" not in self.buf:
                self.buf += self._recv()
            line, self.buf = self.buf.split(b"\r\n", 1)
            size = int(line.split(b";")[0], 16)
            if size == 0:
                while b"\r\n" not in self.buf:
                    self.buf += self._recv()
                self.buf = self.buf.split(b"\r\n", 1)[1]  # trailers are not used
                return b"".join(parts)
            parts.append(self._exactly(size))
            self._exactly(2)


class _Silent(Exception):
    """The peer closed a kept-alive connection before sending anything."""
