"""Poll leases around a poll (runtime/leasing.py): renewed while held, free after."""

from __future__ import annotations

import time

from sage200cfg.runtime.leasing import PollLeases


def test_a_lease_held_longer_than_its_ttl_is_renewed_then_released(open_one):
    first = open_one()
    other = open_one() if first.shared else first
    leases = PollLeases(first, ttl_seconds=1.0)
    try:
        with leases.hold("inst", "customers") as lease:
            assert lease is not None
            time.sleep(1.6)  # past the ttl: the renewer kept it
            assert other.acquire_lease("inst", "customers", "someone-else", 1000) is None
            with leases.hold("inst", "customers") as again:
                assert again is not None and again.token > lease.token  # same holder: re-granted
        assert other.acquire_lease("inst", "customers", "someone-else", 1000) is not None
    finally:
        leases.close()
