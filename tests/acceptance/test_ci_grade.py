"""CI-grade behaviour for config repos (issue 14): the cases a new user hits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "samples" / "valid" / "sage200-instance.json"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def one_block(key: str, resource: str) -> dict[str, Any]:
    """The valid sample polling only ``customers``, renamed to ``key`` over ``resource``."""
    data = json.loads(VALID.read_text())
    poller = data["configuration"]["event.poller.configuration"]
    block = poller["customers"]
    block["url"] = block["url"].replace("/customers?", f"/{resource}?")
    data["configuration"]["event.poller.configuration"] = {key: block}
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def test_unsafe_fixes_never_rewrite_a_correct_url_to_a_misspelt_key(tmp_path):
    config = write(tmp_path / "po.json", one_block("purchase_orders", "purchase-orders"))
    before = config.read_text()
    result = invoke("lint", "--no-color", "--fix", "--unsafe-fixes", str(config))
    assert result.exit_code == 1
    assert config.read_text() == before
    assert "S201 [error] resource key `purchase_orders` names no `sage200` resource; " in (
        result.stdout
    )
    assert "did you mean `purchase-orders`?" in result.stdout
    # reported on the key itself (line of `"purchase_orders": {`), not on the URL
    key_line = before.splitlines().index('    "event.poller.configuration": {') + 2
    assert f"po.json:{key_line}:7: S201" in result.stdout


def test_a_misspelt_resource_fails_lint_and_compile(tmp_path):
    config = write(tmp_path / "cz.json", one_block("customerz", "customerz"))
    linted = invoke("lint", "--no-color", str(config))
    assert linted.exit_code == 1
    assert "S250 [error] the `sage200` element serves no `customerz` resource; " in linted.stdout
    assert "did you mean `customers`?" in linted.stdout
    compiled = invoke("compile", str(config), "-o", str(tmp_path / "plan.json"))
    assert compiled.exit_code == 1
    assert not (tmp_path / "plan.json").exists()


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda url: url.replace(">=", ">"), "S223"),
        (lambda url: url.replace("'Z'}", "}"), "S254"),
    ],
)
def test_strict_mode_fails_on_warnings_that_lose_events(tmp_path, edit, code):
    data = one_block("customers", "customers")
    block = data["configuration"]["event.poller.configuration"]["customers"]
    block["url"] = edit(block["url"])
    config = write(tmp_path / "c.json", data)
    relaxed = invoke("lint", "--no-color", str(config))
    assert relaxed.exit_code == 0
    assert f"{code} [warning]" in relaxed.stdout
    strict = invoke("lint", "--no-color", "--strict", str(config))
    assert strict.exit_code == 1
    assert f"{code} [error]" in strict.stdout


def test_strict_mode_from_the_settings_file(tmp_path, monkeypatch):
    data = one_block("customers", "customers")
    dates = data["configuration"]["event.poller.configuration"]["customers"]["datesConfiguration"]
    dates["createdDateField"] = dates["updatedDateField"]
    write(tmp_path / "c.json", data)
    (tmp_path / ".sage200cfg.toml").write_text("strict = true\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", "--no-color", "c.json")
    assert result.exit_code == 1
    assert "S260 [error]" in result.stdout
    assert invoke("lint", "--no-color", "c.json", "--no-strict").exit_code == 0


def test_lint_of_an_empty_folder_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke("lint", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert f"error: no config files found in {tmp_path / 'empty'}" in result.stderr
    assert "All checks passed" not in result.stdout


def test_lint_dot_skips_the_plan_and_other_json(tmp_path, monkeypatch):
    (tmp_path / "configs").mkdir()
    shutil.copy(VALID, tmp_path / "configs" / "acme.json")
    monkeypatch.chdir(tmp_path)
    assert invoke("compile", "configs", "-o", "plan.json").exit_code == 0
    write(tmp_path / "package.json", {"name": "x", "version": "1.0.0", "private": True})
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    result = invoke("lint", "--no-color", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed: 1 file.\n")
    verbose = invoke("lint", "--no-color", "-v", ".", "package.json")
    assert verbose.exit_code == 0
    assert "skipped ./plan.json: a compiled sage200cfg plan" in verbose.stderr
    assert "skipped package.json: not an instance config" in verbose.stderr
    assert "skipped ./workflow.yml: not an instance config" in verbose.stderr
    again = invoke("compile", ".", "-o", "plan.json")  # the old plan is no input
    assert again.exit_code == 0, again.output


def test_a_config_with_a_misspelt_top_level_key_is_still_linted(tmp_path):
    data = json.loads(VALID.read_text())
    data["configuraton"] = data.pop("configuration")
    config = write(tmp_path / "typo.json", data)
    result = invoke("lint", "--no-color", str(config))
    assert result.exit_code == 1
    assert "S101" in result.stdout


@pytest.mark.parametrize("text", [
    "name: acme\n",  # only instance-config keys left: a broken config, not some other file
    "'':\n",  # found by the fuzzer: no key of another kind of file either
    "oame: acme\ntags: [sage200]\n",  # found by the fuzzer: a typo of an instance key
    "bnnghguration: {}\nname: acme\ntags: [sage200]\n",  # the fuzzer: most keys are a config's
], ids=["cut-to-its-name", "damaged-to-an-empty-key", "a-misspelt-instance-key",
        "a-mangled-configuration-key"])
def test_a_config_cut_short_is_still_linted(tmp_path, text):
    cut = tmp_path / "acme.yaml"
    cut.write_text(text)
    result = invoke("lint", "--no-color", str(cut))
    assert result.exit_code == 1
    assert "S103" in result.stdout and "not an instance config" not in result.output


def test_rules_as_json_name_the_strict_codes():
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert rows["S223"] == {
        "code": "S223",
        "name": "strict-where-comparison",
        "severity": "warning",
        "strict": True,
        "summary": "The placeholder is compared with `>`, so records changed in the same "
        "second are lost.",
        "fix": True,
    }
    assert not rows["S201"]["strict"] and rows["S401"]["severity"] == "error"
    assert invoke("rules", "--format", "xml").exit_code == 2


def test_catalog_lists_resources_and_one_resource_s_fields():
    listing = invoke("catalog")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["RESOURCE", "POLL", "ID", "UPDATED", "CREATED", "CONFIDENCE"]
    customers = next(line for line in lines if line.startswith("customers "))
    assert customers.split() == [
        "customers", "yes", "id", "date_time_updated", "date_time_created", "confirmed"
    ]
    assert lines[-1] == "32 resources under /hubs/finance; `sage200cfg catalog NAME` lists fields."
    one = invoke("catalog", "customers")
    assert one.exit_code == 0
    assert "pollable           yes" in one.stdout
    assert "\n  date_time_updated\n" in one.stdout and "\n  credit_limit\n" in one.stdout
    as_json = json.loads(invoke("catalog", "products/prices", "--format", "json").stdout)
    assert (as_json["idField"], as_json["createdField"]) == ("product_price_id", None)
    assert "product_price_id" in as_json["fields"]


def test_catalog_unknown_resource_says_what_was_meant():
    result = invoke("catalog", "customerz")
    assert result.exit_code == 2
    assert "error: the Sage 200 catalog has no `customerz` resource; did you mean `customers`?" in (
        result.stderr
    )


def test_version_short_flag_and_shell_completion():
    assert invoke("-V").stdout.startswith("sage200cfg ")
    script = invoke("--show-completion", "bash")
    assert script.exit_code == 0 and "_SAGE200CFG_COMPLETE" in script.stdout
    env = {**os.environ, "_SAGE200CFG_COMPLETE": "complete_bash",
           "COMP_WORDS": "sage200cfg lint --str", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-m", "sage200cfg"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["--strict"]


def test_compile_reports_findings_in_lint_formats(tmp_path):
    config = write(tmp_path / "cz.json", one_block("customerz", "customerz"))
    plan = str(tmp_path / "plan.json")
    github = invoke("compile", str(config), "-o", plan, "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith(f"::error file={config},line=18,col=31,title=S250 ")
    as_json = invoke("compile", str(config), "-o", plan, "-f", "json")
    assert [f["code"] for f in json.loads(as_json.stdout)["findings"]] == ["S250"]
    sarif = invoke("compile", str(VALID), "-o", plan, "-f", "sarif")
    assert sarif.exit_code == 0 and json.loads(sarif.stdout)["runs"][0]["results"] == []
    assert invoke("compile", str(VALID), "-o", plan, "-f", "xml").exit_code == 2


def test_compile_takes_lint_s_select_ignore_and_config(tmp_path):
    data = one_block("customers", "customers")
    block = data["configuration"]["event.poller.configuration"]["customers"]
    block["url"] = block["url"].replace(">=", ">")
    config = write(tmp_path / "gt.json", data)
    plan = str(tmp_path / "plan.json")
    assert "S223 [warning]" in invoke("compile", str(config), "-o", plan).stdout
    assert "S223" not in invoke("compile", str(config), "-o", plan, "--ignore", "S223").stdout
    settings = tmp_path / "strict.toml"
    settings.write_text("strict = true\n")
    blocked = invoke("compile", str(config), "-o", plan, "--config", str(settings))
    assert blocked.exit_code == 1 and "S223 [error]" in blocked.stdout
    only = invoke("compile", str(config), "-o", plan, "--select", "S9")
    assert only.exit_code == 0 and only.stdout == ""
    bad = invoke("compile", str(config), "-o", plan, "--select", "S999")
    assert bad.exit_code == 2 and "'S999' matches no rule" in bad.stderr


def test_a_folder_with_no_config_fails_but_a_named_non_config_passes(tmp_path):
    write(tmp_path / "package.json", {"name": "x", "private": True})
    folder = invoke("lint", str(tmp_path))
    assert folder.exit_code == 2
    assert "1 JSON/YAML file is not an instance config; -v lists it" in folder.stderr
    named = invoke("lint", "-v", str(tmp_path / "package.json"))
    assert named.exit_code == 0
    assert "not an instance config" in named.stderr


def test_render_defaults_to_now(tmp_path):
    from datetime import UTC, datetime, timedelta

    plan = str(tmp_path / "plan.json")
    assert invoke("compile", str(VALID), "-o", plan).exit_code == 0
    before = datetime.now(UTC).replace(microsecond=0)
    result = invoke("render", plan, "--resource", "customers")
    assert result.exit_code == 0
    stamp = result.stdout.splitlines()[0].rsplit(" ", 1)[1]
    shown = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert before <= shown <= before + timedelta(seconds=5)
    assert f"where=date_time_updated>='{stamp}'" in result.stdout


def test_init_help_has_no_double_negative():
    result = invoke("init", "--help")
    assert "--no-input" in result.stdout and "--no-no-input" not in result.stdout
