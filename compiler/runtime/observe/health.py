"""``GET /healthz``: is every resource polled recently, and is delivery running?

Healthy means each resource's last successful poll ended within two of its
intervals (counted from process start until its first one), and the
delivery process is alive. The JSON body names whatever is not.
"""

from __future__ import annotations

from typing import Any

from .board import Board

__all__ = ["health"]


def health(board: Board, delivery_alive: bool, now: float) -> tuple[bool, dict[str, Any]]:
    """(healthy, JSON body)."""
    problems: list[str] = []
    resources = []
    for target in board.targets():
        since = target.last_success_s if target.last_success_s is not None else board.started_s
        limit = 2 * target.interval
        ok = now - since <= limit
        resources.append({
            "instance": target.instance, "resource": target.resource, "healthy": ok,
            "lastSuccessSecondsAgo": None if target.last_success_s is None
            else round(now - target.last_success_s, 1),
            "lastOutcome": target.last_outcome,
        })
        if not ok:
            what = ("no successful poll yet" if target.last_success_s is None
                    else f"last successful poll {now - since:.0f} s ago")
            problems.append(f"{target.instance}/{target.resource}: {what} "
                            f"(limit {limit:.0f} s, last outcome {target.last_outcome})")
    if not delivery_alive:
        problems.append("delivery process: not running")
    body = {
        "status": "ok" if not problems else "unhealthy",
        "problems": problems,
        "resources": resources,
        "delivery": {"alive": delivery_alive},
    }
    return not problems, body
