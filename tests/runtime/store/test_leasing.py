"""Poll leases around a poll (runtime/leasing.py): renewed while held, free after."""

from __future__ import annotations

import time

from sage200cfg.runtime.leasing import PollLeases
from sage200cfg.runtime.simulator.plans import instance_json, plan_from_instances, resource_json


def test_a_lease_held_longer_than_its_ttl_is_renewed_then_given_back(open_one):
    first = open_one()
    other = open_one() if first.shared else first
    plan = plan_from_instances([instance_json("inst", "http://127.0.0.1:9/sink",
                                              [resource_json("customers")])])
    leases = PollLeases(first, ttl_seconds=1.0)
    try:
        [lease] = leases.take(plan.resources()).values()
        time.sleep(1.6)  # past the ttl: the renewer kept it
        assert other.acquire_lease("inst", "customers", "someone-else", 1000) is None
        leases.give_back(lease)
        assert other.acquire_lease("inst", "customers", "someone-else", 1000) is not None
    finally:
        leases.close()
