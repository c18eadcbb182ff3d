"""`sage200cfg generate`: every catalog resource yields a block that lints clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sage200cfg.catalog import load_catalog
from sage200cfg.generate.blocks import BlockOptions, Generator, InstanceOptions, wrap
from sage200cfg.generate.errors import NotPollable, UnknownResource
from sage200cfg.lint import lint_data, lint_paths

CATALOG = load_catalog()
POLLABLE = [path for path, r in CATALOG.resources.items() if r.pollable]
NOT_POLLABLE = [path for path, r in CATALOG.resources.items() if not r.pollable]
VARIANTS = [
    BlockOptions(),
    BlockOptions(placeholder="date", poll_delay=30, page_size=500, created_check_tolerance=5),
]


def describe(findings: list) -> list[str]:
    return [f"{f.code} {f.pointer}: {f.message}" for f in findings]


@pytest.mark.parametrize("name", POLLABLE)
def test_every_pollable_resource_generates_a_block_that_lints_clean(name: str) -> None:
    gen = Generator()
    for options in VARIANTS:
        block = gen.block(name, options)
        assert describe(lint_data(wrap({name: block}))) == []
        resource = CATALOG.resources[name]
        assert block["url"].startswith(f"/hubs/finance/{name}?where={resource.updated_field}>=")
        assert block["idField"] == resource.id_field
        dates = block["datesConfiguration"]
        assert dates["updatedDateField"] == resource.updated_field
        assert dates.get("createdDateField") == resource.created_field


def test_the_whole_catalog_as_one_config_lints_clean_from_disk(tmp_path: Path) -> None:
    gen = Generator()
    config = gen.instance(
        gen.pollable(), BlockOptions(), InstanceOptions("all", "Demo", "https://e.example.com/x")
    )
    (tmp_path / "all.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (tmp_path / "all.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = lint_paths([str(tmp_path)])
    assert describe(result.findings) == []
    assert set(config["configuration"]["event.poller.configuration"]) == set(POLLABLE)


@pytest.mark.parametrize("name", NOT_POLLABLE)
def test_resources_that_cannot_be_polled_are_refused(name: str) -> None:
    with pytest.raises(NotPollable, match="cannot be polled by date"):
        Generator().block(name, BlockOptions())


def test_unknown_resource_suggests_and_lists(cli) -> None:
    result = cli("generate", "--resource", "sales_orders")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "S301 unknown resource 'sales_orders'; did you mean 'sales-orders'?" in result.stderr
    assert "resources the sage200 catalog can poll: customers, banks" in result.stderr


def test_unknown_resource_error_carries_suggestions() -> None:
    with pytest.raises(UnknownResource) as info:
        Generator().block("custmers", BlockOptions())
    assert info.value.suggestions == ["customers"]


def test_generate_json_snapshot(cli, snapshot) -> None:
    result = cli("generate", "-r", "transactions", "-r", "products/prices", "--poll-delay", "10")
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot


def test_generate_yaml_snapshot(cli, snapshot) -> None:
    result = cli(
        "generate", "-r", "warehouse-holdings", "--format", "yaml", "--placeholder", "date",
        "--page-size", "200", "--created-check-tolerance", "3",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot
    assert yaml.safe_load(result.stdout)["warehouse-holdings"]["pageSize"] == 200


def test_generate_all_with_interval_prints_a_whole_config(cli) -> None:
    result = cli("generate", "--all", "--interval", "5")
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)
    assert config["configuration"]["event.poller.refresh_interval"] == 5
    assert list(config["configuration"]["event.poller.configuration"]) == POLLABLE
    assert describe(lint_data(config)) == []


def test_greater_than_comparison_is_honoured(cli) -> None:
    result = cli("generate", "-r", "customers", "--comparison", ">")
    assert result.exit_code == 0, result.output
    assert "date_time_updated>'${gmtDate:" in json.loads(result.stdout)["customers"]["url"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --resource NAME (repeatable) or --all"),
        (("-r", "customers", "--format", "xml"), "must be json or yaml"),
        (("-r", "customers", "--placeholder", "epoch"), "must be gmtDate or date"),
        (("-r", "customers", "--comparison", "=="), "must be >= or >"),
        (("-r", "customers", "--page-size", "0"), "--page-size"),
    ],
)
def test_usage_errors_exit_2(cli, args: tuple[str, ...], message: str) -> None:
    result = cli("generate", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_real_subprocess_generate(run_cli) -> None:
    proc = run_cli("generate", "-r", "customers")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["customers"]["idField"] == "id"
