"""``GET /healthz``: is every resource polled recently, and is delivery running?

Healthy means each resource's last successful poll ended within two of its
intervals (counted from process start until its first one), and the
delivery process is alive. The JSON body names whatever is not. With a
shared store other workers poll some resources, so a success any worker
recorded in the store counts too (``stored_success_s``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .board import Board

__all__ = ["health"]


def health(board: Board, delivery_alive: bool, now: float,
           stored_success_s: Mapping[tuple[str, str], float] | None = None,
           ) -> tuple[bool, dict[str, Any]]:
    """(healthy, JSON body)."""
    problems: list[str] = []
    resources = []
    for target in board.targets():
        successes = [target.last_success_s,
                     (stored_success_s or {}).get((target.instance, target.resource))]
        last = max((s for s in successes if s is not None), default=None)
        target = replace(target, last_success_s=last)
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
