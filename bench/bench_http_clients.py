"""Which HTTP client should deliver notifications? Measured on loopback.

Starts the simulator's HTTP server (``sage200cfg.runtime.simulator.httpd``) in
a child process with a handler that does what the callback sink does (parse
the JSON body, check an HMAC), then POSTs the same ~10 kB notification body
with each candidate client and prints requests per second.

    python bench/bench_http_clients.py [--requests 3000]

httpx and aiohttp are optional: a client that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

KEY = b"bench-key"


def _serve(port_queue: Any) -> None:
    from sage200cfg.runtime.simulator.httpd import HttpServer, Request, Response

    async def handler(request: Request) -> Response:
        json.loads(request.body)
        digest = hmac.new(KEY, request.body, hashlib.sha256).digest()
        ok = request.headers.get("elements-webhook-signature") == "sha256=" + base64.b64encode(
            digest
        ).decode()
        return Response(200 if ok else 401, b"{}", {"Content-Type": "application/json"})

    async def main() -> None:
        server = HttpServer(handler)
        await server.start()
        port_queue.put(server.port)
        await asyncio.Event().wait()

    asyncio.run(main())


def _body() -> tuple[bytes, dict[str, str]]:
    record = {f"field_{i}": f"value {i}" for i in range(30)}
    body = json.dumps({"message": {"raw": {"customers": [record] * 10}}}).encode()
    sig = base64.b64encode(hmac.new(KEY, body, hashlib.sha256).digest()).decode()
    headers = {"Content-Type": "application/json", "Elements-Webhook-Signature": "sha256=" + sig}
    return body, headers


def stdlib(port: int, n: int, body: bytes, headers: dict[str, str], threads: int = 1) -> None:
    def worker(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(count):
            conn.request("POST", "/sink", body, headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        conn.close()

    pool = [threading.Thread(target=worker, args=(n // threads,)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def httpx_sync(port: int, n: int, body: bytes, headers: dict[str, str]) -> None:
    import httpx

    with httpx.Client() as client:
        for _ in range(n):
            assert client.post(f"http://127.0.0.1:{port}/sink", content=body, headers=headers)


def httpx_async(port: int, n: int, body: bytes, headers: dict[str, str], conc: int = 10) -> None:
    import httpx

    async def main() -> None:
        async with httpx.AsyncClient() as client:
            async def worker(count: int) -> None:
                for _ in range(count):
                    url = f"http://127.0.0.1:{port}/sink"
                    await client.post(url, content=body, headers=headers)

            await asyncio.gather(*(worker(n // conc) for _ in range(conc)))

    asyncio.run(main())


def aiohttp_async(port: int, n: int, body: bytes, headers: dict[str, str], conc: int = 10) -> None:
    import aiohttp

    async def main() -> None:
        async with aiohttp.ClientSession() as session:
            async def worker(count: int) -> None:
                for _ in range(count):
                    async with session.post(
                        f"http://127.0.0.1:{port}/sink", data=body, headers=headers
                    ) as response:
                        await response.read()

            await asyncio.gather(*(worker(n // conc) for _ in range(conc)))

    asyncio.run(main())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    n = parser.parse_args().requests
    queue: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(queue,), daemon=True)
    server.start()
    port = queue.get(timeout=10)
    body, headers = _body()
    cases: list[tuple[str, Callable[[], None]]] = [
        ("stdlib http.client, 1 connection", lambda: stdlib(port, n, body, headers)),
        ("stdlib http.client, 4 threads", lambda: stdlib(port, n, body, headers, 4)),
        ("httpx.Client (sync), 1 connection", lambda: httpx_sync(port, n, body, headers)),
        ("httpx.AsyncClient, concurrency 10", lambda: httpx_async(port, n, body, headers)),
        ("aiohttp, concurrency 10", lambda: aiohttp_async(port, n, body, headers)),
        ("aiohttp, concurrency 50", lambda: aiohttp_async(port, n, body, headers, 50)),
    ]
    print(f"{n} POSTs of a {len(body)}-byte body, server in a child process")
    for name, run in cases:
        try:
            start = time.perf_counter()
            run()
            elapsed = time.perf_counter() - start
        except ImportError as exc:
            print(f"{name:40s} skipped ({exc.name} not installed)")
            continue
        print(f"{name:40s} {n / elapsed:8.0f} req/s")
    server.terminate()


if __name__ == "__main__":
    main()
