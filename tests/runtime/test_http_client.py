"""The runtime's HTTP client on real loopback servers: what goes on the wire, what comes back."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Iterator

import pytest
import trustme

from sage200cfg.runtime.http.client import TRANSPORT_ERRORS, HttpClient
from sage200cfg.runtime.simulator.httpd import HttpServer, Request, Response


class Canned:
    """A raw TCP server: each connection reads one request head and gets the next answer."""

    def __init__(self, answers: list[bytes], close_after: bool = False) -> None:
        self.answers, self.close_after = answers, close_after
        self.heads: list[bytes] = []
        self.accepted = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            buf = b""
            while self.answers:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                self.heads.append(head)
                conn.sendall(self.answers.pop(0))
                if self.close_after:
                    return  # no "Connection: close": the client finds out on its next request


@pytest.fixture
def server() -> Iterator[tuple[HttpServer, str, list[Request]]]:
    seen: list[Request] = []

    async def handler(request: Request) -> Response:
        seen.append(request)
        if request.path == "/moved":
            return Response(302, b"", {"Location": "http://example.invalid/elsewhere"})
        if request.path == "/slow" and len(seen) == 1:
            await asyncio.sleep(1.0)
            return Response(200, b"late")
        return Response(200, request.path.encode())

    httpd = HttpServer(handler)
    port = httpd.start_in_thread()
    yield httpd, f"http://127.0.0.1:{port}", seen
    httpd.stop_thread()


def test_a_get_sends_no_body_length_and_asks_for_identity(server):
    _, base, seen = server
    client = HttpClient(timeout=5)
    assert client.request("GET", base + "/page?x=1", {"Accept": "application/json"}).body == (
        b"/page")
    assert client.request("POST", base + "/token", {}, b"a=1").status == 200
    client.close()
    get, post = seen
    assert "content-length" not in get.headers and get.target == "/page?x=1"
    assert get.headers["accept-encoding"] == "identity"
    assert post.headers["content-length"] == "3" and post.body == b"a=1"


def test_a_redirect_is_an_answer_not_a_hop(server):
    _, base, seen = server
    client = HttpClient(timeout=5)
    reply = client.request("GET", base + "/moved", {})
    client.close()
    assert reply.status == 302 and reply.headers["location"].startswith("http://example.invalid")
    assert len(seen) == 1


def test_pages_on_one_thread_share_one_connection(server):
    httpd, base, _ = server
    client = HttpClient(timeout=5)
    for n in range(20):
        assert client.request("GET", f"{base}/p{n}", {}).body == f"/p{n}".encode()
    assert httpd.accepted == 1 and client.connections == 1
    client.close()


def test_a_timed_out_socket_is_never_reused(server):
    httpd, base, _ = server
    client = HttpClient(timeout=0.3)
    with pytest.raises(TRANSPORT_ERRORS) as raised:
        client.request("GET", base + "/slow", {})
    assert isinstance(raised.value, TimeoutError)
    time.sleep(0.9)  # the late answer is sent to the closed socket, not read as the next one
    assert client.request("GET", base + "/next", {}).body == b"/next"
    assert httpd.accepted == 2
    client.close()


def test_a_kept_alive_connection_the_peer_closed_is_retried_once():
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    canned = Canned([ok, ok], close_after=True)
    client = HttpClient(timeout=5)
    assert client.request("GET", canned.url + "/a", {}).body == b"ok"
    time.sleep(0.1)
    assert client.request("GET", canned.url + "/b", {}).body == b"ok"
    assert canned.accepted == 2 and len(canned.heads) == 2
    client.close()


def test_a_fresh_connection_closed_without_an_answer_is_a_reset():
    canned = Canned([b""], close_after=True)
    client = HttpClient(timeout=5)
    with pytest.raises(ConnectionResetError):
        client.request("GET", canned.url + "/a", {})
    assert canned.accepted == 1  # not retried: nothing was kept alive


def test_a_refused_connection_stays_refused():
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    with pytest.raises(ConnectionRefusedError):  # the Sage ID client retries only these
        HttpClient(timeout=5).request("POST", f"http://127.0.0.1:{port}/token", {}, b"")


@pytest.mark.parametrize("answer, body, then_close", [
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n",
     b"[1,2]", False),
    (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n",
     b"", False),
    # No length: the body runs to the close, with or without "Connection: close".
    (b"HTTP/1.0 200 OK\r\nDate: x\r\n\r\n[1,2,3]", b"[1,2,3]", True),
    (b"HTTP/1.1 200 OK\r\nElements-Next-Page-Token: T1\r\n\r\n[]", b"[]", True),
])
def test_answers_are_framed_as_http_says(answer, body, then_close):
    canned = Canned([answer, b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!"], then_close)
    client = HttpClient(timeout=5)
    reply = client.request("GET", canned.url + "/", {})
    assert reply.body == body and reply.headers.get("elements-next-page-token") in (None, "T1")
    # The same connection (or, after a close, a new one) reads the next answer whole.
    assert client.request("GET", canned.url + "/", {}).body == b"!"
    assert canned.accepted == 1 + then_close
    client.close()


@pytest.mark.parametrize("answer", [
    b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
])
def test_a_malformed_answer_is_a_transport_error(answer):
    canned = Canned([answer], close_after=True)
    with pytest.raises(TRANSPORT_ERRORS):
        HttpClient(timeout=5).request("GET", canned.url + "/", {})


def test_connections_of_threads_that_ended_are_closed_and_forgotten(server):
    httpd, base, _ = server
    client = HttpClient(timeout=5)
    threads = [threading.Thread(target=client.request, args=("GET", f"{base}/t{n}", {}))
               for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert httpd.accepted == 10 and client.connections == 0
    deadline = time.monotonic() + 5
    while httpd.open_connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert httpd.open_connections == 0
    client.close()


def test_tls_verification_fails_as_such_and_a_ca_bundle_fixes_it(tmp_path):
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))

    async def handler(request: Request) -> Response:
        return Response(200, b"[]")

    httpd = HttpServer(handler, ssl_context=context)
    url = f"https://127.0.0.1:{httpd.start_in_thread()}/x"
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            HttpClient(timeout=5).request("GET", url, {})
        trusted = HttpClient(timeout=5, ca_bundle=str(bundle))
        assert [trusted.request("GET", url, {}).body for _ in range(3)] == [b"[]"] * 3
        trusted.close()
    finally:
        httpd.stop_thread()
