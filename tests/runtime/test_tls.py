"""TLS: verification is on, and --ca-bundle trusts a private CA (trustme)."""

from __future__ import annotations

import ssl

import trustme
from rt_helpers import Sim, make_plan, now_ms, res, run_once, since_iso, write_plan

from sage200cfg.runtime.simulator.app import SimConfig, Simulator


def test_https_hub_and_callback_with_a_private_ca(tmp_path):
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)  # one address: one port
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    from rt_helpers import KEY, PASSWORD, USER

    simulator = Simulator(SimConfig(host="127.0.0.1", records=1, ssl_context=context,
                                    sink_key=KEY, sink_username=USER, sink_password=PASSWORD))
    simulator.start_in_thread()
    try:
        sim = Sim(simulator)
        assert simulator.sink_url.startswith("https://127.0.0.1:")
        since = since_iso(5)
        simulator.hub.create("customers", 3, now_ms() - 1000)
        plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
        untrusted = run_once(sim, plan, tmp_path / "a.db", "--since", since)
        assert untrusted.returncode == 1
        assert "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
        trusted = run_once(sim, plan, tmp_path / "b.db", "--since", since,
                           "--ca-bundle", str(bundle))
        assert trusted.returncode == 0, trusted.stderr
        assert simulator.sink.events == 3 and not simulator.sink.rejected
    finally:
        simulator.stop()
