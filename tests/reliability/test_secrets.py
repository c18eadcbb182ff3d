"""Secret hygiene: planted secrets never reach any output, and tampered plans never run.

Every secret field of every config gets its own ``SECRET-<uuid>`` value, written in
every layout a user might choose (pretty and minified JSON, YAML block, flow, quoted
and block-scalar styles). Then every output a user or a CI system sees is grepped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.edit.fixes import apply_fixes, unified_diff  # noqa: E402
from sage200cfg.lint import lint_data
from sage200cfg.plan.errors import PlanError, PlanHashError, PlanVersionError
from sage200cfg.plan.model import Plan, loads
from sage200cfg.report import render_findings

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEYS = (
    "oauth.api.key",
    "oauth.api.secret",
    "subscription.key",
    "signing.key",
    "event.notification.basic.password",
    "event.notification.signature.key",
)
FORMATS = ("text", "json", "github", "sarif", "junit")


def _secret() -> str:
    return f"SECRET-{uuid.uuid4()}"


def _config(secrets: list[str], *, long: bool = False, broken: bool = False) -> dict:
    doc = json.loads((ROOT / "samples" / "valid" / "sage200-instance.json").read_text())
    config = doc["configuration"]
    for key in SECRET_KEYS:
        value = _secret() + ("-" + "x" * 90 if long else "")  # long values get folded in YAML
        secrets.append(value)
        config[key] = value
    poller = config["event.poller.configuration"]
    if broken:
        # Findings on and around the secret lines: a trap, a copy error, an env typo.
        poller["customers"]["url"] = poller["customers"]["url"].replace(">=", ">")
        poller["invoices"]["url"] = poller["payments"]["url"]
        config["oauth.api.key"] = "${env:" + secrets[-6]
        # A misspelt key is an unknown key (S101), and its line is quoted in the frame.
        secrets.append(_secret())
        config["subscripton.key"] = secrets[-1]
    return doc


def _dump_yaml(doc: dict, **style) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, **style)


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, list[str]]:
    """A folder of configs in every layout, each with its own planted secrets."""
    folder = tmp_path_factory.mktemp("secrets")
    secrets: list[str] = []
    layouts = {
        "pretty.json": lambda d: json.dumps(d, indent=2),
        "minified.json": lambda d: json.dumps(d, separators=(",", ":")),
        "block.yaml": _dump_yaml,
        "flow.yaml": lambda d: _dump_yaml(d, default_flow_style=True),
        "quoted.yaml": lambda d: _dump_yaml(d, default_style='"'),
        "scalars.yaml": lambda d: _dump_yaml(d, default_style="|"),
    }
    for name, dump in layouts.items():
        for variant in ("clean", "broken", "long"):
            doc = _config(secrets, long=variant == "long", broken=variant == "broken")
            (folder / f"{variant}-{name}").write_text(dump(doc), encoding="utf-8")
    encoded = _config(secrets, broken=True)
    poller = encoded["configuration"]["event.poller.configuration"]
    encoded["configuration"]["event.poller.configuration"] = json.dumps(poller)
    (folder / "encoded.json").write_text(json.dumps(encoded, indent=2), encoding="utf-8")
    return folder, secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    # A fragment is enough to leak: check the uuid part of each secret on its own too.
    return [s for s in secrets if s in text or s.split("-", 1)[1][:36] in text]


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_report_format_prints_a_secret(planted, fmt):
    folder, secrets = planted
    result = _invoke("lint", "--format", fmt, "--color", str(folder))
    assert result.exit_code == 1  # the broken variants have errors
    assert "S275" in result.output  # the plain-text secrets were seen and reported...
    assert _leaks(result.output, secrets) == []  # ...without being printed


def test_the_fix_diff_never_prints_a_secret(planted):
    folder, secrets = planted
    result = _invoke("lint", "--diff", "--unsafe-fixes", str(folder))
    assert "${env:" in result.output  # the fix moves each secret to the environment
    assert _leaks(result.output, secrets) == []


def test_lint_findings_never_quote_a_secret(planted):
    folder, secrets = planted
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        for finding in lint_data(None, path=path.name, text=text):
            assert _leaks(f"{finding.message} {finding.fix}", secrets) == [], finding


def test_compile_plan_show_and_render_never_print_a_secret(planted, tmp_path):
    folder, secrets = planted
    plan = tmp_path / "plan.json"
    clean = [str(p) for p in sorted(folder.glob("clean-*"))]

    def cli(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "sage200cfg", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        return proc.stdout + proc.stderr

    # Each clean config becomes its own instance; names must differ within one plan.
    for index, path in enumerate(clean):
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        doc["name"] = f"instance-{index}"
        Path(path).write_text(json.dumps(doc) if path.endswith(".json") else _dump_yaml(doc))
    outputs = [cli("compile", *clean, "-o", str(plan))]
    outputs.append(plan.read_text(encoding="utf-8"))
    outputs.append(cli("plan", "show", str(plan)))
    outputs.append(cli("render", str(plan), "--at", "2026-01-01T00:00:00Z"))
    assert "SAGE200CFG_INSTANCE_0_BASIC_PASSWORD" in outputs[2]  # secrets become $ENV names
    assert [_leaks(out, secrets) for out in outputs] == [[], [], [], []]


# Punctuation that YAML and JSON must quote, escape or fold around a secret.
_AWKWARD = st.text(st.sampled_from([*" :,{}[]'\"#-\\|>&*!%@`?\t\n", "é", "😀"]), max_size=6)
_LAYOUTS = {
    "pretty.json": lambda d: json.dumps(d, indent=2),
    "min.json": lambda d: json.dumps(d, separators=(",", ":")),
    "block.yaml": _dump_yaml,
    "flow.yaml": lambda d: _dump_yaml(d, default_flow_style=True),
    "dq.yaml": lambda d: _dump_yaml(d, default_style='"'),
    "literal.yaml": lambda d: _dump_yaml(d, default_style="|"),
}


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    key=st.sampled_from(SECRET_KEYS),
    around=st.tuples(_AWKWARD, _AWKWARD),
    layout=st.sampled_from(sorted(_LAYOUTS)),
    broken=st.booleans(),
)
def test_awkward_secrets_are_masked_in_every_report_and_diff(key, around, layout, broken):
    core = uuid.uuid4().hex
    doc = json.loads((ROOT / "samples" / "valid" / "sage200-instance.json").read_text())
    doc["configuration"][key] = around[0] + core + around[1]
    if broken:  # a fixable finding elsewhere, so the diff has hunks beside the secret
        doc["configuration"]["event.poller.configuration"]["customers"]["url"] = "/x?w=a>${date}"
    text = _LAYOUTS[layout](doc)
    findings = lint_data(None, path=layout, text=text)
    sources = {layout: text}
    outputs = [render_findings(findings, "text", sources=sources, color=True)]
    outputs += [render_findings(findings, fmt, sources=sources) for fmt in FORMATS[1:]]
    fixed = apply_fixes(text, layout.rsplit(".", 1)[1], findings, unsafe=True)
    outputs.append(unified_diff(layout, text, fixed.text))
    # Any 8 hex digits of the secret in a row would be a leak.
    shown = "\n".join(outputs)
    assert [core[i : i + 8] for i in range(25) if core[i : i + 8] in shown] == []


# --- plans edited by hand are refused before anything runs ---


@pytest.fixture(scope="module")
def plan_text(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("plan") / "plan.json"
    config = str(ROOT / "samples" / "valid" / "sage200-instance.json")
    result = CliRunner().invoke(app, ["compile", config, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _tampered(text: str, how: str, secret: str) -> str:
    data = json.loads(text)
    resource = data["instances"][0]["resources"][0]
    if how == "url":
        resource["path"] = "/hubs/finance/evil"
    elif how == "interval":
        resource["interval"] = 1
    elif how == "version":
        data["version"] = 99
    elif how == "secret":
        data["instances"][0]["delivery"]["basicAuth"]["password"] = secret
    elif how == "callback":
        data["instances"][0]["delivery"]["callbackUrl"] = f"https://{secret}.example.com/"
    elif how == "truncated":
        return text[: len(text) // 2]
    return json.dumps(data, indent=2)


TAMPERING = ["url", "interval", "version", "secret", "callback", "truncated"]


def test_the_compiled_plan_loads(plan_text):
    assert loads(plan_text).to_dict() == json.loads(plan_text)


@pytest.mark.parametrize("how", TAMPERING)
def test_a_tampered_plan_is_refused_by_the_api(plan_text, how):
    secret = _secret()
    text = _tampered(plan_text, how, secret)
    with pytest.raises(PlanError) as caught:
        if how == "truncated":
            loads(text)
        else:
            Plan.from_dict(json.loads(text))
    if how == "version":
        assert isinstance(caught.value, PlanVersionError)
    if how in ("url", "interval", "callback"):
        assert isinstance(caught.value, PlanHashError)
        assert "edited after compiling" in str(caught.value)
    assert secret not in str(caught.value)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("how", TAMPERING)
def test_a_tampered_plan_is_refused_before_anything_runs(plan_text, how, tmp_path):
    secret = _secret()
    plan = tmp_path / "plan.json"
    plan.write_text(_tampered(plan_text, how, secret), encoding="utf-8")
    state = tmp_path / "state.db"
    commands = [
        ["plan", "show", str(plan)],
        ["run", str(plan), "--once", "--base-url", "http://127.0.0.1:9", "--state", str(state)],
    ]
    if how != "truncated":  # render reads a file that is not JSON as a config to lint
        commands.append(["render", str(plan), "--at", "2026-01-01T00:00:00Z"])
    for args in commands:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith(f"error: {plan}: "), result.output
        assert secret not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not state.exists()  # nothing ran: no state file was even created
