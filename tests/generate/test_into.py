"""`generate --into FILE`: in place, comments kept, atomic, linted before writing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from sage200cfg.edit.fixes import unified_diff
from sage200cfg.lint import lint_paths

YAML_CONFIG = """\
# Sage 200 production instance -- owned by the integrations team
element:
  key: sage200
name: production  # do not rename: CE keys on it
configuration:
  oauth.api.key: ${env:SAGE200_OAUTH_API_KEY}
  oauth.api.secret: ${env:SAGE200_OAUTH_API_SECRET}
  subscription.key: ${env:SAGE200_SUBSCRIPTION_KEY}
  signing.key: ${env:SAGE200_SIGNING_KEY}
  company.name: Demo Co
  event.notification.enabled: true
  event.notification.callback.url: https://events.example.com/sage200
  event.poller.refresh_interval: 15
  event.poller.configuration:
    # customers: polled since 2021
    customers:
      url: /hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'
      idField: id
      datesConfiguration:
        updatedDateField: date_time_updated
        updatedDateFormat: yyyy-MM-dd'T'HH:mm:ss
        updatedDateTimezone: GMT
    # keep this comment last
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def added_lines(old: str, new: str) -> list[str]:
    diff = unified_diff("f", old, new).splitlines()
    assert not [line for line in diff if line.startswith("-") and not line.startswith("---")]
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def test_into_yaml_keeps_comments_and_every_other_byte(
    tmp_path: Path, cli, snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)
    monkeypatch.chdir(tmp_path)
    result = cli("generate", "-r", "products", "--into", "prod.yaml")
    assert result.exit_code == 0, result.output
    new = path.read_text(encoding="utf-8")
    added = added_lines(YAML_CONFIG, new)
    assert added[0] == "    products:"
    assert new.startswith(YAML_CONFIG.split("    # keep this comment last")[0])
    assert new.count("#") == YAML_CONFIG.count("#")
    poller = yaml.safe_load(new)["configuration"]["event.poller.configuration"]
    assert list(poller) == ["customers", "products"]
    assert result.stdout == snapshot


def test_into_json_keeps_layout(tmp_path: Path, cli) -> None:
    config = yaml.safe_load(YAML_CONFIG)
    text = json.dumps(config, indent=4) + "\n"
    path = write(tmp_path, "prod.json", text)
    result = cli("generate", "-r", "banks", "-r", "warehouses", "--into", str(path))
    assert result.exit_code == 0, result.output
    new = path.read_text(encoding="utf-8")
    added = added_lines(text, new)
    assert added[:2] == ["            },", '            "banks": {']
    assert json.loads(new)["configuration"]["event.poller.configuration"]["warehouses"]["idField"]


def test_into_a_json_encoded_poller_string(tmp_path: Path, cli) -> None:
    config = yaml.safe_load(YAML_CONFIG)
    poller = config["configuration"]["event.poller.configuration"]
    config["configuration"]["event.poller.configuration"] = json.dumps(poller)
    path = write(tmp_path, "ce.json", json.dumps(config, indent=2))
    result = cli("generate", "-r", "invoices", "--into", str(path))
    assert result.exit_code == 0, result.output
    stored = json.loads(path.read_text())["configuration"]["event.poller.configuration"]
    assert isinstance(stored, str)
    assert list(json.loads(stored)) == ["customers", "invoices"]


def test_existing_resource_is_refused_without_force(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)
    result = cli("generate", "-r", "customers", "--into", str(path))
    assert result.exit_code == 2
    assert "S305 'customers' already configured; use --force to replace" in result.stderr
    assert path.read_text(encoding="utf-8") == YAML_CONFIG


def test_force_replaces_the_block_and_keeps_the_comments(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)
    result = cli("generate", "-r", "customers", "--poll-delay", "7", "--into", str(path), "--force")
    assert result.exit_code == 0, result.output
    new = path.read_text(encoding="utf-8")
    block = yaml.safe_load(new)["configuration"]["event.poller.configuration"]["customers"]
    assert block["pollDelay"] == 7
    assert block["datesConfiguration"]["createdDateField"] == "date_time_created"
    assert "# customers: polled since 2021" in new and "# keep this comment last" in new


def test_a_lint_failure_leaves_the_file_untouched(tmp_path: Path, cli) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "resource.json.j2").write_text('{"url": "/hubs/finance/banks", "idField": 1}')
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)
    before = os.stat(path)
    result = cli("generate", "-r", "banks", "--templates", str(templates), "--into", str(path))
    assert result.exit_code == 1
    assert "S306" in result.stderr
    assert path.read_text(encoding="utf-8") == YAML_CONFIG
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_failed_write_leaves_the_original_intact(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)
    tmp_path.chmod(0o555)  # no temp file can be created beside the target
    try:
        result = cli("generate", "-r", "products", "--into", str(path))
    finally:
        tmp_path.chmod(0o755)
    assert result.exit_code == 2
    assert "the file is unchanged" in result.stderr
    assert path.read_text(encoding="utf-8") == YAML_CONFIG
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prod.yaml"]


def test_a_crash_during_replace_leaves_the_original_intact(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "prod.yaml", YAML_CONFIG)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = cli("generate", "-r", "products", "--into", str(path))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert path.read_text(encoding="utf-8") == YAML_CONFIG
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prod.yaml"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\n", "no 'configuration' object"),
        ("configuration: [\n", "cannot parse"),
        ("configuration:\n  event.poller.configuration: 3\n", "is not an object"),
    ],
)
def test_refusals(tmp_path: Path, cli, text: str, message: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    result = cli("generate", "-r", "products", "--into", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_missing_file(tmp_path: Path, cli) -> None:
    result = cli("generate", "-r", "products", "--into", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_into_a_config_without_poller_configuration(tmp_path: Path, cli) -> None:
    text = YAML_CONFIG.split("  event.poller.configuration:")[0]
    path = write(tmp_path, "fresh.yaml", text)
    result = cli("generate", "-r", "customers", "--into", str(path))
    assert result.exit_code == 0, result.output
    new = path.read_text(encoding="utf-8")
    assert new.startswith(text)
    assert lint_paths([str(path)]).findings == []
