"""The shipped sample config, compiled by `sage200cfg compile`, run against the simulator."""

from __future__ import annotations

import json
from pathlib import Path

from rt_helpers import KEY_ENV, PW_ENV, cli, now_ms, run_once, since_iso

SAMPLE = Path(__file__).parents[2] / "samples" / "valid" / "sage200-instance.json"


def test_compiled_sample_delivers_all_seven_resources(sim, tmp_path):
    config = json.loads(SAMPLE.read_text(encoding="utf-8"))
    settings = config["configuration"]
    settings["event.notification.callback.url"] = sim.sim.sink_url
    settings["event.notification.basic.password"] = "${env:" + PW_ENV + "}"
    settings["event.notification.signature.key"] = "${env:" + KEY_ENV + "}"
    (tmp_path / "instance.json").write_text(json.dumps(config), encoding="utf-8")
    plan = tmp_path / "plan.json"
    compiled = cli("compile", str(tmp_path / "instance.json"), "-o", str(plan))
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    resources = sorted(settings["event.poller.configuration"])
    assert len(resources) == 7
    start = now_ms() - 1500
    for name in resources:
        sim.create(name, 3, start, start + 500)
    result = run_once(sim, plan, tmp_path / "state.db", "--since", since_iso(10))
    assert result.returncode == 0, result.stderr
    received = sim.received()
    assert set(received) == sim.changes()
    assert sorted({object_type for object_type, _, _ in received}) == resources
    assert sim.requests() == dict.fromkeys(resources, 2)  # a page of 3, then the empty one
