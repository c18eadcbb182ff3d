"""Where each poll starts: the stored watermark, or a first-run mark held in memory.

A watermark is written only by the last page of a poll that completed
(:class:`~.store.base.Page` ``advance_to``), never before: a first run that
cannot reach the API leaves no watermark behind, so ``status`` does not claim
"from now" and a later ``--since`` still applies. Until then the first-run
start ("now" at process start, or ``--since``) lives here, so every retry in
this process starts from the same instant.

``--since`` on a state that already has watermarks is refused (it would be
silently ignored) unless ``--reset-watermarks`` asks to start every resource
again from ``--since``; the old watermark stays until a poll completes.

A shared (PostgreSQL) store is different: its workers must agree on where each
first poll starts, so first marks are stored at once (see ``_share``).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from ..plan.model import Plan
from .errors import SetupError
from .records import to_ms
from .store.base import StateStore, Watermark

__all__ = ["FirstMarks"]

log = logging.getLogger("sage200cfg.run")

Key = tuple[str, str]

_TOGETHER_MS = 60_000  #: workers started this close together count as one start


def _peer_mark(mark: Watermark | None, same: Watermark, recent: float) -> bool:
    """A stored watermark that a fleet peer started with the same --since left."""
    if mark is None or mark == same:
        return True
    return mark.origin == "poll" and mark.last_poll_ms >= max(same.last_poll_ms, recent)


class FirstMarks:
    """The start of each resource's next poll, for resources without a usable watermark."""

    def __init__(self, store: StateStore, plan: Plan, since: datetime | None, reset: bool
                 ) -> None:
        self._store = store
        self._reset = reset
        self._lock = threading.Lock()
        self._marks: dict[Key, Watermark] = {}
        targets = [(i.name, r.name) for i, r in plan.resources()]
        marks = store.watermarks(targets)  # one query: a fleet's workers all start with it
        self.stored = marks  #: the watermarks found at the start (what is due first)
        stored = [key for key in targets if key in marks]
        if since is not None and store.shared:
            # Workers of a fleet started together with the same --since find the
            # first marks another one stored a moment ago, or a poll it completed
            # since: not a conflict.
            same, recent = Watermark(to_ms(since), "since"), time.time() * 1000 - _TOGETHER_MS
            differing = [key for key in stored if not _peer_mark(marks[key], same, recent)]
        else:
            differing = stored
        if since is not None and differing and not reset:
            names = ", ".join("/".join(key) for key in differing[:3])
            raise SetupError(
                f"--since is ignored by resources that already have a watermark ({names}"
                f"{', …' if len(differing) > 3 else ''}); add --reset-watermarks to start them "
                "all again from --since (already-delivered changes in that window are sent "
                "again), or drop --since"
            )
        if reset and since is None:
            raise SetupError("--reset-watermarks needs --since (where to start again)")
        now_ms = int(time.time() * 1000)
        for key in targets:
            if since is not None:
                self._marks[key] = Watermark(to_ms(since), "since")
                log.info("%s/%s: starts at --since %s", *key, since.isoformat())
            elif key not in marks:
                self._marks[key] = Watermark(now_ms, "now")
                log.info("%s/%s: first run starts now; earlier changes are not backfilled "
                         "(use --since to backfill)", *key)
        if store.shared and not reset:
            self._share(store, [key for key in targets if key not in marks])

    def _share(self, store: StateStore, fresh: list[Key]) -> None:
        """Store the first marks of a shared store's resources, and rule by stored ones.

        Every worker of a fleet, also one started (or restarted) later without
        --since, must start a resource's first poll where the others do: a
        worker's own "now" would skip what arrived since another worker's start
        and was not yet polled. So first marks are written to the database
        (resources that have one keep it), and the stored watermark rules.
        """
        if fresh and self._marks:
            store.init_watermarks(fresh, self._marks[fresh[0]])
        self._marks.clear()

    def pending(self, instance: str, resource: str) -> Watermark | None:
        """The first-run or ``--since`` start of this resource, until a poll completes."""
        with self._lock:
            return self._marks.get((instance, resource))

    def restarting(self, instance: str, resource: str) -> bool:
        """``--reset-watermarks`` and this resource has not completed a poll since: poll it
        now, whenever it was last polled (a fleet's schedule would skip it)."""
        with self._lock:
            return self._reset and (instance, resource) in self._marks

    def start_of(self, instance: str, resource: str) -> Watermark:
        """Where the next poll of this resource starts."""
        with self._lock:
            first = self._marks.get((instance, resource))
        if first is not None:
            return first
        mark = self._store.watermark(instance, resource)
        if mark is None:  # the plan changed under us: start now
            mark = self._marks.setdefault((instance, resource),
                                          Watermark(int(time.time() * 1000), "now"))
        return mark

    def completed(self, instance: str, resource: str) -> None:
        """A poll completed and stored its watermark: the stored one rules from now on."""
        with self._lock:
            self._marks.pop((instance, resource), None)
