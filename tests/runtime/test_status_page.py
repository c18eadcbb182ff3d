"""The status page of `run --metrics-addr`, rendered by a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

from rt_helpers import make_plan, now_ms, res, since_iso, write_plan
from test_service_mode import free_port, get, start_run, wait_for


class Cells(HTMLParser):
    """The text of each table row of the rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is needed: apt-get install -y chromium (.ci/run does)"
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
         *args],
        capture_output=True, text=True, timeout=90, check=False,
    )


def test_the_status_page_in_a_real_browser(sim, tmp_path):
    port = free_port()
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1),
                                                res("products", interval=1),
                                                res("invoices", interval=1)]))
    sim.create("customers", 5, now_ms() - 500)
    err = tmp_path / "err.log"
    proc = start_run(sim, plan, tmp_path / "s.db", "--since", since_iso(5),
                     "--metrics-addr", f"127.0.0.1:{port}", stderr_path=err)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: sim.sim.sink.events >= 5, what="delivery")
        wait_for(lambda: get(url)[0] == 200 and "(poll)" in get(url)[1], what="a watermark")
        # One resource's API starts refusing us: its row must say so.
        original = sim.sim.handle

        async def refusing(request):
            if "/invoices" in request.path:
                from sage200cfg.runtime.simulator.httpd import Response

                return Response(403, b'{"message":"no access to invoices"}')
            return await original(request)

        sim.sim.server._handler = refusing
        # Unhealthy once its last success is two intervals old, a moment after it fails.
        wait_for(lambda: "failed" in (page := get(url)[1]) and "unhealthy" in page, timeout=20,
                 what="the failed poll, then the resource unhealthy")
        dom = chromium(tmp_path, "--dump-dom", url)
        assert dom.returncode == 0, dom.stderr[-2000:]
        shot = tmp_path / "status.png"
        taken = chromium(tmp_path, "--window-size=1280,420", f"--screenshot={shot}", url)
        assert taken.returncode == 0, taken.stderr[-2000:]
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stderr_file.close()
    parsed = Cells()
    parsed.feed(dom.stdout)
    header, *rows = parsed.rows
    assert header == ["instance", "resource", "last poll (UTC)", "outcome", "watermark (UTC)",
                      "lag", "pending", "dead-lettered", "delivered events"]
    by_resource = {row[1]: row for row in rows}
    assert sorted(by_resource) == ["customers", "invoices", "products"]
    customers = by_resource["customers"]
    assert customers[0] == "testInstance" and customers[3] == "ok"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+ s ago\)", customers[2])
    assert customers[4].endswith("(poll)") and re.fullmatch(r"\d+ s", customers[5])
    assert customers[6:] == ["0", "0", "5"]
    invoices = by_resource["invoices"]
    assert invoices[3].startswith("failed") and "HTTP 403 from the hub API" in invoices[3]
    assert "unhealthy" in dom.stdout and 'http-equiv="refresh"' in dom.stdout
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
