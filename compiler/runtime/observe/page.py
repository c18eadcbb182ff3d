"""``GET /``: a read-only status page for people without a Prometheus stack.

One row per instance and resource: the last poll and its outcome, the
watermark and how far it lags, pending and dead-lettered notifications. It
reloads itself every :data:`REFRESH_S` seconds and needs no script.
Every value is escaped; errors were redacted by the poller before they got here.
"""

from __future__ import annotations

import time
from html import escape

from ..store.base import ResourceStatus
from .board import Board, Target

__all__ = ["REFRESH_S", "render_page"]

REFRESH_S = 5

_STYLE = """
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em;margin:0 0 .3em}
p.sum{margin:.2em 0 1em;color:#555}
table{border-collapse:collapse;min-width:60%}
th,td{padding:.35em .8em;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}
th{background:#f4f4f4}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#11702a;font-weight:600}.bad{color:#b3261e;font-weight:600}.wait{color:#8a6d00}
.err{color:#b3261e;font-size:.9em;white-space:normal;max-width:28em}
ul.problems{color:#b3261e;margin:0 0 1em;padding-left:1.2em}
"""


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _utc(epoch_s: float | None) -> str:
    if epoch_s is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch_s))


def _row(target: Target, status: ResourceStatus | None, now: float) -> str:
    css = {"ok": "ok", "failed": "bad"}.get(target.last_outcome, "wait")
    mark = status.watermark if status else None
    mark_s = mark.last_poll_ms / 1000 if mark else None
    error = f'<div class="err">{escape(target.last_error)}</div>' if target.last_error else ""
    poll_ago = None if target.last_poll_s is None else now - target.last_poll_s
    cells = [
        escape(target.instance), escape(target.resource),
        f"{_utc(target.last_poll_s)} ({_ago(poll_ago)} ago)" if poll_ago is not None else "-",
        f'<span class="{css}">{escape(target.last_outcome)}</span>{error}',
        _utc(mark_s) + (f" ({escape(mark.origin)})" if mark else ""),
        _ago(None if mark_s is None else now - mark_s),
    ]
    numbers = [status.pending if status else 0, status.dead if status else 0,
               status.delivered_events if status else 0]
    return ("<tr>" + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(f'<td class="n">{n}</td>' for n in numbers) + "</tr>")


def render_page(board: Board, statuses: list[ResourceStatus], healthy: bool,
                problems: list[str], now: float) -> bytes:
    """The whole page as UTF-8 HTML."""
    by_key = {(s.instance, s.resource): s for s in statuses}
    rows = "\n".join(_row(t, by_key.get((t.instance, t.resource)), now)
                     for t in board.targets())
    state = ('<span class="ok">healthy</span>' if healthy
             else '<span class="bad">unhealthy</span>')
    issues = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{REFRESH_S}">
<title>sage200cfg run: status</title><style>{_STYLE}</style></head>
<body><h1>sage200cfg run</h1>
<p class="sum">{state} &middot; up {_ago(now - board.started_s)} &middot;
updated {_utc(now)} UTC &middot; refreshes every {REFRESH_S} s &middot;
<a href="/metrics">metrics</a> &middot; <a href="/healthz">healthz</a></p>
{f'<ul class="problems">{issues}</ul>' if issues else ''}
<table><thead><tr><th>instance</th><th>resource</th><th>last poll (UTC)</th><th>outcome</th>
<th>watermark (UTC)</th><th>lag</th><th>pending</th><th>dead-lettered</th><th>delivered events</th>
</tr></thead><tbody>
{rows}
</tbody></table></body></html>
""".encode()
