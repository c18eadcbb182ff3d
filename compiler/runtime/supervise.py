"""Keeps the delivery child alive: notice its death within a second, restart with back-off.

The engine calls :meth:`Supervisor.tick` from its scheduling loop (at least
once a second). A dead child is logged at once and restarted after 1, 2, 4,
8, then 16 s; a child that then stays up for :data:`STABLE_S` resets the
back-off. After :data:`MAX_RESTARTS` restarts in a row that did not last,
the run gives up and exits non-zero: a supervisor (systemd, Kubernetes)
restarts the whole process, which is the better remedy by then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from .deliver_proc import DeliveryProcess

__all__ = ["MAX_RESTARTS", "Supervisor"]

log = logging.getLogger("sage200cfg.run")

MAX_RESTARTS = 5
STABLE_S = 60.0


class Supervisor:
    """Restarts a :class:`DeliveryProcess` that died; ``tick`` is False once it gives up."""

    def __init__(self, child: DeliveryProcess,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.child = child
        self.clock = clock
        self.restarts = 0  #: in a row, without a stable period between
        self.total_restarts = 0
        self._restart_at: float | None = None
        self._started = clock()

    def tick(self) -> bool:
        now = self.clock()
        if self._restart_at is None:
            if self.child.alive():
                if self.restarts and now - self._started > STABLE_S:
                    self.restarts = 0
                return True
            if self.restarts >= MAX_RESTARTS:
                log.error("the delivery process died again after %d restarts; giving up "
                          "(exit status 1, pending notifications stay in the state file)",
                          self.restarts)
                return False
            delay = float(min(16, 2**self.restarts))
            log.error("the delivery process (pid %s) died with exit code %s; restarting it "
                      "in %.0f s", self.child.pid, self.child.exitcode, delay)
            self._restart_at = now + delay
            return True
        if now < self._restart_at:
            return True
        self._restart_at = None
        self.restarts += 1
        self.total_restarts += 1
        try:
            self.child.restart()
        except OSError as exc:
            log.error("cannot restart the delivery process: %s", exc)
            return self.restarts < MAX_RESTARTS
        self._started = now
        log.warning("delivery process restarted (pid %s)", self.child.pid)
        return True
