"""The simulator running on its own thread, with counters for a live view."""

from __future__ import annotations

import asyncio
import threading

from ..logs import counted
from .app import SimConfig, Simulator

__all__ = ["DemoHarness"]


class DemoHarness:
    """A simulator making ``rate`` changes a second, and a signing sink."""

    def __init__(
        self, rate: float, key: str, username: str, password: str, resources: tuple[str, ...]
    ) -> None:
        self.sim = Simulator(SimConfig(rate=rate, sink_key=key, sink_username=username,
                                       sink_password=password, records=5,
                                       rate_resources=resources))
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def main() -> None:
            asyncio.set_event_loop(self._loop)
            # Keep a reference: the loop holds tasks only weakly.
            self._task = self._loop.create_task(self.sim.serve_forever())
            self._loop.call_soon(ready.set)
            self._loop.run_forever()
            self._loop.run_until_complete(self.sim.server.close())
            self._loop.close()

        self._thread = threading.Thread(target=main, name="simulator", daemon=True)
        self._thread.start()
        ready.wait(10)
        while True:  # serve_forever binds on its first step
            try:
                self.sim.server.port  # noqa: B018
                break
            except RuntimeError:
                threading.Event().wait(0.01)

    def pause_changes(self) -> None:
        """Stop the changes; once this returns, the hub changes no more."""

        async def pause() -> None:
            self.sim.pause_changes()

        asyncio.run_coroutine_threadsafe(pause(), self._loop).result(5)

    def made(self) -> int:
        return len(self.sim.hub.changes)

    def line(self, cycle: int) -> str:
        """One line of the live view."""
        stats = self.sim.sink.stats()
        sink = self.sim.sink
        created = sum(1 for t in sink.types.values() if t == "CREATED")
        rejected = sum(stats["rejected"].values())
        unique = stats["unique_events"]
        events = "event " if unique == 1 else "events"
        notifications = counted(stats["notifications"], "notification")
        return (f"cycle {cycle}: changes made {self.made():5d} | delivered {unique:5d}"
                f" {events} (CREATED {created}, UPDATED {unique - created})"
                f" in {notifications} | rejected {rejected}")

    def verdict(self) -> tuple[int, int, int]:
        """(latest record states to deliver, those never delivered, duplicate events).

        Polling sees each record as it is when polled, so two updates between
        polls are one change: what must arrive is every record's latest state.
        """
        got = set(self.sim.sink.received)
        latest: dict[tuple[str, str], int] = {}
        for change in self.sim.hub.changes:
            key = (change.resource, change.object_id)
            latest[key] = max(latest.get(key, 0), change.updated_ms)
        made = {(r, i, u) for (r, i), u in latest.items()}
        return len(made), len(made - got), self.sim.sink.stats()["duplicate_events"]

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
