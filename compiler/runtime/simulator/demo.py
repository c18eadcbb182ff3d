"""The simulator running on its own thread, with counters for a live view."""

from __future__ import annotations

import asyncio
import threading

from .app import SimConfig, Simulator

__all__ = ["DemoHarness"]


class DemoHarness:
    """A simulator making ``rate`` changes a second, and a signing sink."""

    def __init__(self, rate: float, key: str, username: str, password: str) -> None:
        self.sim = Simulator(SimConfig(rate=rate, sink_key=key, sink_username=username,
                                       sink_password=password, records=5))
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def main() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.create_task(self.sim.serve_forever())
            self._loop.call_soon(ready.set)
            self._loop.run_forever()

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
        self.sim.config.rate = 0

    def made(self) -> int:
        return len(self.sim.hub.changes)

    def line(self, cycle: int) -> str:
        """One line of the live view."""
        stats = self.sim.sink.stats()
        sink = self.sim.sink
        created = sum(1 for t in sink.types.values() if t == "CREATED")
        rejected = sum(stats["rejected"].values())
        unique = stats["unique_events"]
        return (f"cycle {cycle}: changes made {self.made():5d} | delivered {unique:5d}"
                f" events (CREATED {created}, UPDATED {unique - created})"
                f" in {stats['notifications']} notifications | rejected {rejected}")

    def verdict(self) -> tuple[int, int]:
        """(changes never delivered, duplicate events)."""
        got = {(t, i, u) for (t, i, u) in self.sim.sink.received}
        made = {(c.resource, c.object_id, c.updated_ms) for c in self.sim.hub.changes}
        return len(made - got), self.sim.sink.stats()["duplicate_events"]

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
