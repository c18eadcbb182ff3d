"""The simulator: a Cloud Elements-style Sage 200 hub plus a callback sink.

Routes (all JSON):

``GET  /elements/api-v2/hubs/<hub>/<resource>``  ``where`` (CEQL), ``pageSize`` (default
200, at most 5000), ``nextPage``; answers a bare array with
``elements-next-page-token`` and ``elements-returned-count`` headers.
``POST /sink``  the callback receiver (see :mod:`.sink`).
``GET  /uk/sage200/accounts/v1/<collection>`` (and ``.../sage200extra/...``): the
native Sage 200 API (:mod:`.native`); ``GET /authorize`` and ``POST /oauth/token``:
Sage ID (:mod:`.sageid`).
``/_sim/...``  control: ``create``, ``update``, ``override`` (make a record bad),
``changes``, ``sink`` (stats, ``?keys=1``), ``sink/faults``, ``api/faults``, ``api``
(request counts), ``health``, ``oauth`` (stats), ``oauth/issue`` (a refresh token),
``oauth/expire`` (expire every access token).
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from . import ceql
from .httpd import HttpServer, Request, Response
from .hub import Hub
from .native import NATIVE_PREFIXES, NativeApi
from .sageid import SageId
from .sink import Sink

__all__ = ["ApiFaults", "SimConfig", "Simulator"]

API_PREFIX = "/elements/api-v2"
_MAX_PAGE = 5000


@dataclass
class ApiFaults:
    """Failures to inject into hub API answers."""

    fail_next: list[int] = field(default_factory=list)  #: statuses; 0 reset, -1 malformed JSON
    fail_rate: float = 0.0
    fail_status: int = 503
    retry_after: float | None = None
    delay_ms: int = 0  #: answer every API request this late
    delay_resources: list[str] = field(default_factory=list)  #: only these (empty: all)
    # How real hubs differ from the keyset-paging default (issue 11):
    page_cap: int = 0  #: serve at most this many records a page (0: pageSize)
    offset_paging: bool = False  #: tokens are offsets over records ordered by update time
    clock_skew_s: float = 0.0  #: the API's ``Date`` header is this far from the local clock


@dataclass
class SimConfig:
    """How the simulator behaves; every field has a CLI option in ``simulate``."""

    host: str = "127.0.0.1"
    port: int = 0
    auth_header: str | None = None  #: required Authorization value for API calls
    sink_key: str | None = None
    sink_username: str | None = None
    sink_password: str | None = None
    records: int = 20  #: seeded records per resource, dated a day ago
    rate: float = 0.0  #: changes per second, spread over ``rate_resources``
    create_fraction: float = 0.5
    rate_resources: tuple[str, ...] = ()  #: empty: every resource
    seed: int = 200
    ssl_context: ssl.SSLContext | None = None  #: serve https (tests of --ca-bundle)
    access_ttl: float = 300.0  #: lifetime of Sage ID access tokens, seconds


def _json(status: int, data: Any) -> Response:
    return Response(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _ms(value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int | float):
        return int(value)
    return ceql.parse_instant_ms(str(value))


class Simulator:
    """Hub + sink on one loopback HTTP server."""

    def __init__(self, config: SimConfig | None = None) -> None:
        self.config = config or SimConfig()
        self.hub = Hub(self.config.seed)
        self.sage_id = SageId(self.config.access_ttl)
        self.native = NativeApi(self.hub, self.sage_id)
        self.sink = Sink(
            self.config.sink_key, self.config.sink_username, self.config.sink_password
        )
        self.api_faults = ApiFaults()
        self.api_requests: Counter[str] = Counter()
        self.first_request_at: float | None = None  #: Unix time of the first API request
        self.random = random.Random(self.config.seed)
        self.server = HttpServer(self.handle, self.config.host, self.config.port,
                                 self.config.ssl_context)
        self._rate_task: asyncio.Task[None] | None = None
        self._owed = 0.0
        self._seed()

    def _seed(self) -> None:
        day_ago = int(time.time() * 1000) - 86_400_000
        for path in self.hub.resources:
            self.hub.create(path, self.config.records, day_ago - 3_600_000, day_ago)
        self.hub.changes.clear()  # seeded history is not a change to deliver

    @property
    def base(self) -> str:
        scheme = "https" if self.config.ssl_context is not None else "http"
        return f"{scheme}://{self.config.host}:{self.server.port}"

    @property
    def api_base(self) -> str:
        return self.base + API_PREFIX

    @property
    def native_base(self) -> str:
        return self.base + NATIVE_PREFIXES[0]

    @property
    def authorize_url(self) -> str:
        return self.base + "/authorize?audience=s200ukipd/sage200"

    @property
    def token_url(self) -> str:
        return self.base + "/oauth/token"

    @property
    def sink_url(self) -> str:
        return self.base + "/sink"

    def start_in_thread(self) -> Simulator:
        """Serve from a daemon thread (tests); changes come only from the control API."""
        if self.config.rate > 0:
            raise ValueError("a change rate needs serve_forever(), not a thread")
        self.server.start_in_thread()
        return self

    def stop(self) -> None:
        self.server.stop_thread()

    async def serve_forever(self, ready: asyncio.Event | None = None) -> None:
        await self.server.start()
        if ready is not None:
            ready.set()
        if self.config.rate > 0:
            # Keep a reference: the loop holds tasks only weakly.
            self._rate_task = asyncio.get_running_loop().create_task(self._changes_at_rate())
        await asyncio.Event().wait()

    async def _changes_at_rate(self) -> None:
        names = list(self.config.rate_resources or self.hub.resources)
        self._owed = 0.0
        while True:
            await asyncio.sleep(0.1)
            self._owed += self.config.rate / 10
            now = int(time.time() * 1000)
            while self._owed >= 1:
                self._owed -= 1
                path = self.random.choice(names)
                if self.random.random() < self.config.create_fraction:
                    self.hub.create(path, 1, now)
                else:
                    self.hub.update(path, None, 1, now)

    def pause_changes(self) -> None:
        """Stop making changes (call on the simulator's loop; see DemoHarness)."""
        self.config.rate = 0
        self._owed = 0.0

    async def handle(self, request: Request) -> Response:
        path = request.path
        try:
            if path.startswith(API_PREFIX + "/hubs/") and request.method == "GET":
                return await self._api(request, path[len(API_PREFIX) + 6 :])
            for prefix in NATIVE_PREFIXES:
                if path.startswith(prefix + "/") and request.method == "GET":
                    if self.api_faults.delay_ms:
                        await asyncio.sleep(self.api_faults.delay_ms / 1000)
                    return self._native(request, path[len(prefix) + 1 :])
            if path in ("/authorize", "/oauth/token"):
                return self.sage_id.route(request)
            if path == "/sink" and request.method == "POST":
                return await self.sink.handle(request)
            if path.startswith("/_sim/"):
                return self._control(request, path[6:])
        except ceql.CeqlError as exc:
            return _json(400, {"message": str(exc)})
        except (KeyError, ValueError, TypeError) as exc:
            return _json(400, {"message": f"bad request: {exc}"})
        return _json(404, {"message": f"no route for {request.method} {path}"})

    async def _api(self, request: Request, hub_path: str) -> Response:
        auth = self.config.auth_header
        if auth is not None and request.headers.get("authorization") != auth:
            return _json(401, {"message": "Authorization header is missing or wrong"})
        _hub, _, resource = hub_path.partition("/")
        if self.hub.resource(resource) is None:
            return _json(404, {"message": f"unknown resource {resource!r}"})
        self._counted(resource)
        faults = self.api_faults
        if faults.delay_ms and (not faults.delay_resources or resource in faults.delay_resources):
            await asyncio.sleep(faults.delay_ms / 1000)
        fault = self._api_fault()
        if fault is not None:
            return fault
        query = request.query
        size = int(query.get("pageSize", "200"))
        if not 1 <= size <= _MAX_PAGE:
            return _json(400, {"message": f"pageSize must be 1..{_MAX_PAGE}"})
        if faults.page_cap:
            size = min(size, faults.page_cap)
        page = self.hub.offset_page if faults.offset_paging else self.hub.page
        records, token = page(resource, query.get("where"), size, query.get("nextPage"))
        headers = {"Content-Type": "application/json", "elements-returned-count": str(len(records)),
                   "Date": formatdate(time.time() + faults.clock_skew_s, usegmt=True)}
        if token is not None:
            headers["elements-next-page-token"] = token
        return Response(200, ("[" + ",".join(records) + "]").encode(), headers)

    def _native(self, request: Request, rest: str) -> Response:
        if not self.native.authorized(request):
            return Response(401, b"", {"WWW-Authenticate": "Bearer"})
        fault = self._api_fault()
        if fault is not None:
            return fault
        counted, response = self.native.handle(request, rest)
        if counted is not None:
            self._counted(counted)
        return response

    def _counted(self, resource: str) -> None:
        if self.first_request_at is None:
            self.first_request_at = time.time()
        self.api_requests[resource] += 1

    def _api_fault(self) -> Response | None:
        faults = self.api_faults
        status = None
        if faults.fail_next:
            status = faults.fail_next.pop(0)
        elif faults.fail_rate and self.random.random() < faults.fail_rate:
            status = faults.fail_status
        if status is None:
            return None
        if status == 0:
            return Response(200, b'[{"id": 1, "truncated": tr', reset=True)
        if status == -1:
            return Response(200, b'[{"id": 1, "truncated": tr', {"Content-Type": "text/json"})
        headers = {} if faults.retry_after is None else {"Retry-After": str(faults.retry_after)}
        return Response(status, b'{"message":"injected fault"}', headers)

    def _control(self, request: Request, action: str) -> Response:
        data: dict[str, Any] = json.loads(request.body) if request.body else {}
        now = int(time.time() * 1000)
        if action == "health":
            return _json(200, {"ok": True, "resources": sorted(self.hub.resources)})
        if action == "create":
            start = _ms(data.get("at"), now)
            count = self.hub.create(data["resource"], int(data.get("count", 1)), start,
                                    _ms(data.get("until"), start))
            return _json(200, {"created": count})
        if action == "update":
            ids = self.hub.update(data["resource"], data.get("ids"), int(data.get("count", 1)),
                                  _ms(data.get("at"), now))
            return _json(200, {"updated": ids})
        if action == "override":
            res = self.hub.resources[data["resource"]]
            res.overrides[int(data["id"])] = {"set": data.get("set", {}),
                                              "drop": data.get("drop", [])}
            return _json(200, {"ok": True})
        if action == "changes":
            changes = [[c.resource, c.object_id, c.created_ms, c.updated_ms]
                       for c in self.hub.changes]
            return _json(200, {"count": len(changes), "changes": changes})
        if action == "sink":
            return _json(200, self.sink.stats(keys=request.query.get("keys") == "1"))
        if action == "sink/faults":
            self.sink.faults.__init__(**data)  # type: ignore[misc]
            return _json(200, {"ok": True})
        if action == "api/faults":
            self.api_faults.__init__(**data)  # type: ignore[misc]
            return _json(200, {"ok": True})
        if action == "api":
            return _json(200, {"requests": dict(self.api_requests),
                               "first_at": self.first_request_at})
        if action.startswith("oauth"):
            return _json(*self.sage_id.control(action))
        return _json(404, {"message": f"unknown control action {action!r}"})
