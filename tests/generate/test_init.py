"""`sage200cfg init`: a whole config that lints clean, secrets only as ${env:NAME}."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sage200cfg.lint import lint_paths

FLAGS = (
    "--no-input", "--name", "acme-prod", "--company-name", "Acme Ltd",
    "--callback-url", "https://hooks.acme.example/sage200",
)


def test_init_json_snapshot_lints_clean(tmp_path: Path, cli, snapshot) -> None:
    result = cli("init", *FLAGS, "-r", "customers", "-r", "products/prices", "--tag", "prod")
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot
    path = tmp_path / "acme.json"
    path.write_text(result.stdout, encoding="utf-8")
    assert lint_paths([str(path)]).findings == []


def test_init_yaml_with_auth_references_snapshot(cli, snapshot) -> None:
    extra = ("--basic-auth", "--signature", "--env-prefix", "ACME", "-f", "yaml")
    result = cli("init", *FLAGS, *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot
    config = yaml.safe_load(result.stdout)["configuration"]
    assert config["event.notification.basic.password"] == "${env:ACME_BASIC_PASSWORD}"
    assert config["event.notification.signature.key"] == "${env:ACME_SIGNATURE_KEY}"
    assert "ACME_OAUTH_API_SECRET" in result.stderr


def test_every_secret_is_an_env_reference(cli) -> None:
    result = cli("init", *FLAGS, "--all", "--basic-auth", "--signature")
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)["configuration"]
    secret_keys = [k for k in config if k.endswith((".key", ".secret", ".password", ".username"))]
    assert len(secret_keys) == 7
    assert all(config[k].startswith("${env:") for k in secret_keys)


def test_init_writes_output_atomically_and_refuses_to_overwrite(tmp_path: Path, cli) -> None:
    out = tmp_path / "new.yaml"
    assert cli("init", *FLAGS, "-o", str(out)).exit_code == 0
    first = out.read_text(encoding="utf-8")
    again = cli("init", *FLAGS, "--interval", "5", "-o", str(out))
    assert again.exit_code == 2
    assert "exists; use --force" in again.stderr
    assert out.read_text(encoding="utf-8") == first
    assert cli("init", *FLAGS, "--interval", "5", "-o", str(out), "--force").exit_code == 0
    assert "event.poller.refresh_interval: 5" in out.read_text(encoding="utf-8")


def test_missing_values_without_a_terminal_exit_2(cli) -> None:
    result = cli("init", "--no-input", "--name", "x")
    assert result.exit_code == 2
    assert "required without a terminal" in result.stderr


def test_unknown_resource_in_init(cli) -> None:
    result = cli("init", *FLAGS, "-r", "stock_items")
    assert result.exit_code == 2
    assert "did you mean 'products'?" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_init_prompts_on_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "tty.json"
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "init", "-o", str(out)],
        stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True,
    )
    os.close(terminal)
    answers = iter(["tty-inst", "TTY Co", "https://tty.example.com/e", "customers, banks"])
    transcript = b""
    while proc.poll() is None:
        ready, _, _ = select.select([controller], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(controller, 1024)
        except OSError:
            break
        transcript += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(controller, (next(answers) + "\n").encode())
    proc.wait(timeout=30)
    os.close(controller)
    assert proc.returncode == 0, transcript.decode(errors="replace")
    assert b"Instance name:" in transcript
    config = json.loads(out.read_text(encoding="utf-8"))
    assert config["name"] == "tty-inst"
    assert list(config["configuration"]["event.poller.configuration"]) == ["customers", "banks"]


def test_init_prints_exactly_what_compile_and_run_read(cli) -> None:
    result = cli("init", *FLAGS, "--basic-auth")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "compile reads no environment variables; run reads:\n"
        "  export SAGE200CFG_BASE_URL                  # the hub API base URL (or run --base-url)\n"
        "  export SAGE200CFG_AUTHORIZATION             # the hub's Authorization header "
        "(or run --auth-header)\n"
        "  export SAGE200CFG_ACME_PROD_BASIC_USERNAME  # a delivery secret of instance acme-prod\n"
        "  export SAGE200CFG_ACME_PROD_BASIC_PASSWORD  # a delivery secret of instance acme-prod\n"
        "referenced for Cloud Elements only (run does not read): "
        "SAGE200CFG_ACME_PROD_OAUTH_API_KEY, SAGE200CFG_ACME_PROD_OAUTH_API_SECRET, "
        "SAGE200CFG_ACME_PROD_SUBSCRIPTION_KEY, SAGE200CFG_ACME_PROD_SIGNING_KEY\n"
    )


def test_two_instances_get_their_own_variables_and_one_plan(tmp_path: Path, cli, run_cli) -> None:
    for name in ("north", "south"):
        flags = ("--name", name, "--company-name", "Acme", "--basic-auth", "--no-input")
        out = str(tmp_path / f"{name}.json")
        url = ("--callback-url", "https://hooks.acme.example/x", "-o", out)
        assert cli("init", *flags, *url).exit_code == 0
    plan = tmp_path / "plan.json"
    compiled = run_cli("compile", str(tmp_path / "north.json"), str(tmp_path / "south.json"),
                       "-o", str(plan))
    assert compiled.returncode == 0, compiled.stderr
    refs = {i["name"]: i["delivery"]["basicAuth"]["password"]["env"]
            for i in json.loads(plan.read_text())["instances"]}
    assert refs == {"north": "SAGE200CFG_NORTH_BASIC_PASSWORD",
                    "south": "SAGE200CFG_SOUTH_BASIC_PASSWORD"}
