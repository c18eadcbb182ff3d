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


def test_the_configs_id_and_tags_reach_the_envelope(sim, tmp_path):
    config = json.loads(SAMPLE.read_text(encoding="utf-8"))
    config["id"], config["tags"] = 8948659, "Demoday"  # one tag may be a plain string
    settings = config["configuration"]
    settings["event.notification.callback.url"] = sim.sim.sink_url
    settings["event.notification.basic.password"] = "${env:" + PW_ENV + "}"
    settings["event.notification.signature.key"] = "${env:" + KEY_ENV + "}"
    settings["event.poller.configuration"] = {
        "customers": settings["event.poller.configuration"]["customers"]}
    (tmp_path / "instance.json").write_text(json.dumps(config), encoding="utf-8")
    plan = tmp_path / "plan.json"
    compiled = cli("compile", str(tmp_path / "instance.json"), "-o", str(plan))
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    instance = json.loads(plan.read_text())["instances"][0]
    assert (instance["instanceId"], instance["tags"]) == (8948659, ["Demoday"])
    bodies = []
    original = sim.sim.sink.handle

    async def spy(request):
        bodies.append(json.loads(request.body))
        return await original(request)

    sim.sim.sink.handle = spy
    sim.create("customers", 2, now_ms() - 1000)
    assert run_once(sim, plan, tmp_path / "s.db", "--since", since_iso(10)).returncode == 0
    message = bodies[0]["message"]
    assert message["instanceId"] == message["instance_id"] == 8948659
    assert message["instanceTags"] == ["Demoday"]
    assert message["instanceName"] == config["name"]
