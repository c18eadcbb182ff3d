"""``sage200cfg status --state PATH``: watermarks, outbox, quarantine, errors."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..report.escape import printable
from ._app import app
from .state_file import STATE_HELP, open_state

if TYPE_CHECKING:
    from ..runtime.store.base import ResourceStatus


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


def _as_json(row: ResourceStatus) -> dict[str, Any]:
    return {
        "instance": row.instance,
        "resource": row.resource,
        "watermark": _iso(row.watermark.last_poll_ms) if row.watermark else None,
        "watermarkOrigin": row.watermark.origin if row.watermark else None,
        "lastSuccess": _iso(row.last_success_ms),
        "lastError": row.last_error,
        "lastErrorAt": _iso(row.last_error_ms),
        "lastDeliveryError": row.extra.get("last_delivery_error"),
        "pending": row.pending,
        "dead": row.dead,
        "quarantined": row.quarantined,
        "deliveredNotifications": row.delivered_notifications,
        "deliveredEvents": row.delivered_events,
        "leaseHolder": row.lease_holder,
        "leaseExpires": _iso(row.lease_expires_ms),
    }


def _lease(row: dict[str, Any]) -> str:
    if not row["leaseHolder"]:
        return "-"
    return f"{row['leaseHolder']} ({str(row['leaseExpires'])[11:19]})"


def _table(rows: list[dict[str, Any]], quarantine: list[tuple[str, str, str | None, str]]
           ) -> str:
    head: tuple[str, ...] = ("resource", "watermark (UTC)", "from", "pending", "dead",
                             "quarantined", "delivered", "last error")
    body: list[tuple[str, ...]] = [
        (f"{r['instance']}/{r['resource']}", r["watermark"] or "-", r["watermarkOrigin"] or "-",
         str(r["pending"]), str(r["dead"]), str(r["quarantined"]),
         f"{r['deliveredEvents']} events", r["lastError"] or r["lastDeliveryError"] or "-")
        for r in rows
    ]
    if any(r["leaseHolder"] for r in rows):  # a shared store: who polls what, until when
        head = (*head[:-1], "lease (until UTC)", head[-1])
        body = [(*line[:-1], _lease(r), line[-1]) for line, r in zip(body, rows, strict=True)]
    shown = [tuple(printable(cell) for cell in line) for line in body]  # API and config text
    widths = [max(len(line[i]) for line in [head, *shown]) for i in range(len(head) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False)) + "  " + line[-1]
             for line in [head, *shown]]
    if quarantine:
        lines += ["", "quarantined records (latest first):"]
        lines += [printable(f"  {i}/{r} id={oid or '-'}: {reason}")
                  for i, r, oid, reason in quarantine]
    return "\n".join(line.rstrip() for line in lines)


@app.command("status")
def status_command(
    state: Annotated[str, typer.Option("--state", help=STATE_HELP)] = (
        "./sage200cfg-state.db"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show watermarks, outbox, quarantine and last errors of a state store.

    Per resource: watermark, pending and dead-lettered notifications,
    quarantined records, delivered events and the last error; for a
    PostgreSQL store also the worker holding its poll lease, and until when.

    Exit status: 0 shown, 2 the state file does not exist or cannot be read.
    """
    store = open_state(state)
    try:
        rows = [_as_json(r) for r in store.status()]
        quarantine = store.quarantined(20)
    finally:
        store.close()
    if as_json:
        totals = {k: sum(r[k] for r in rows) for k in
                  ("pending", "dead", "quarantined", "deliveredEvents")}
        data = {"resources": rows, "totals": totals,
                "quarantine": [{"instance": i, "resource": r, "objectId": o, "reason": why}
                               for i, r, o, why in quarantine]}
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    typer.echo(_table(rows, quarantine) if rows else "no resources polled yet")
