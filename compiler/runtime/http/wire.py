"""A lean HTTP/1.1 keep-alive connection: every request the runtime sends.

``http.client`` parses every response header block with the ``email``
package; at a thousand notifications a second that parsing was a third of the
runtime's CPU (bench/README.md), and it cost API GETs the same. So this
connection writes the request in one ``sendall`` and reads the answer with
plain byte splitting: ``Content-Length``, ``chunked`` and read-to-close
bodies, 1xx interim answers skipped, no body after 204, 304 or HEAD.
Redirects are answers like any other. Every failure is an ``OSError``: an
answer that is not HTTP, or is larger than the caller allows, is a
``ConnectionError``, and the socket is dropped.
"""

from __future__ import annotations

import socket
import ssl

from .reply import Reply

__all__ = ["MAX_BODY", "WireConnection"]

_MAX_HEAD = 64 * 1024
MAX_BODY = 16 * 1024 * 1024  #: default cap on an answer body (callback answers are small)
_NO_BODY = (204, 304)


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
        self.heard = False  # any byte of the current answer arrived

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

    def request(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None = None,
        max_body: int = MAX_BODY,
    ) -> Reply:
        """Send and read one exchange (``body`` None: no ``Content-Length``).

        A reused connection that the peer closed before answering is retried once.
        """
        reused = self.sock is not None
        try:
            return self._exchange(method, target, headers, body, max_body)
        except (_Silent, BrokenPipeError, ConnectionResetError) as exc:
            self.close()
            if not reused or self.heard:
                raise _plain(exc) from None
        except OSError:
            # A timeout: the late answer may still arrive, and the next request
            # on this socket would read it as its own. Never reuse the socket.
            self.close()
            raise
        try:
            return self._exchange(method, target, headers, body, max_body)
        except (_Silent, OSError) as exc:
            self.close()
            raise _plain(exc) from None

    def _exchange(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None,
        max_body: int,
    ) -> Reply:
        if self.sock is None:
            self.sock = self._connect()
        self.heard = False
        self.sock.sendall(self._request_head(method, target, headers, body) + (body or b""))
        status, fields, close = self._head()
        while status < 200:
            status, fields, close = self._head()
        if status in _NO_BODY or method == "HEAD":
            data = b""
        else:
            data, close = self._body(fields, close, max_body)
        if close:
            self.close()
        return Reply(status, fields, data)

    def _request_head(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None
    ) -> bytes:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        lines = [f"{method} {target} HTTP/1.1",
                 f"Host: {host}" if self.port == default else f"Host: {host}:{self.port}"]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _recv(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            if not self.heard:
                raise _Silent()
            raise ConnectionError("connection closed mid-answer")
        self.heard = True
        return chunk

    def _head(self) -> tuple[int, dict[str, str], bool]:
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > _MAX_HEAD:
                raise ConnectionError("answer header too large")
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status_line, *lines = head.decode("latin-1").split("\r\n")
        version, _, rest = status_line.partition(" ")
        if not version.startswith("HTTP/") or not (rest[:3].isascii() and rest[:3].isdigit()):
            raise ConnectionError(f"not an HTTP answer: {status_line[:40]!r}")
        fields: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        connection = fields.get("connection", "").lower()
        close = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
        return int(rest[:3]), fields, close

    def _body(self, fields: dict[str, str], close: bool, max_body: int) -> tuple[bytes, bool]:
        if "chunked" in fields.get("transfer-encoding", "").lower():
            return self._chunked(max_body), close
        if "content-length" in fields:
            return self._exactly(_size(fields["content-length"], 10), max_body), close
        return self._to_close(max_body), True  # no length: the body runs to the close

    def _to_close(self, max_body: int) -> bytes:
        assert self.sock is not None
        parts, size = [self.buf], len(self.buf)
        self.buf = b""
        while chunk := self.sock.recv(65536):
            size += len(chunk)
            if size > max_body:
                raise ConnectionError(_too_large(max_body))
            parts.append(chunk)
        return b"".join(parts)

    def _exactly(self, size: int, max_body: int) -> bytes:
        if size > max_body:
            raise ConnectionError(_too_large(max_body))
        if len(self.buf) < size:
            # Joined once: adding each chunk to the buffer copies a large page over and over.
            parts, have = [self.buf], len(self.buf)
            while have < size:
                parts.append(self._recv())
                have += len(parts[-1])
            self.buf = b"".join(parts)
        data, self.buf = self.buf[:size], self.buf[size:]
        return data

    def _chunked(self, max_body: int) -> bytes:
        parts: list[bytes] = []
        left = max_body
        while True:
            while b"\r\n" not in self.buf:
                self.buf += self._recv()
            line, self.buf = self.buf.split(b"\r\n", 1)
            size = _size(line.split(b";")[0].decode("latin-1"), 16)
            if size == 0:
                while b"\r\n\r\n" not in b"\r\n" + self.buf:
                    self.buf += self._recv()
                self.buf = (b"\r\n" + self.buf).split(b"\r\n\r\n", 1)[1]  # trailers: unused
                return b"".join(parts)
            parts.append(self._exactly(size, left))
            left -= size
            self._exactly(2, 2)


def _size(text: str, base: int) -> int:
    try:
        size = int(text.strip(), base)
    except ValueError:
        size = -1
    if size < 0:
        raise ConnectionError(f"not an HTTP body length: {text[:20]!r}")
    return size


def _too_large(max_body: int) -> str:
    return f"answer body larger than {max_body // (1024 * 1024)} MiB"


def _plain(exc: BaseException) -> BaseException:
    # http.client called this RemoteDisconnected, a ConnectionResetError too.
    return ConnectionResetError("connection closed without an answer") if isinstance(
        exc, _Silent) else exc


class _Silent(Exception):
    """The peer closed the connection before sending anything."""
