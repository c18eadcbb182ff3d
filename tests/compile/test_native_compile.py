"""`compile`, `render` and `lint` with --transport sage200: what Sage 200 itself can poll."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app

GMT_WHERE = "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss}'"
SAMPLE = Path(__file__).parents[2] / "samples" / "valid" / "sage200-instance.json"


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def test_post_only_resources_are_refused_naming_what_to_poll(tmp_path):
    hub = _cli("compile", str(SAMPLE), "-o", str(tmp_path / "hub.json"))
    assert hub.exit_code == 0  # the hub transport can poll them
    native = _cli("compile", str(SAMPLE), "--transport", "sage200", "-o", str(tmp_path / "p.json"))
    assert native.exit_code == 1 and not (tmp_path / "p.json").exists()
    assert ("S411 [error] invoices: Sage 200's sales_invoices has no list to poll (POST only); "
            "poll 'transactions' (sales_posted_transactions) instead") in native.output


@pytest.mark.parametrize(("resource", "code", "words"), [
    ({"url": "/hubs/finance/customers?where=name LIKE 'A%' AND "
             "date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss}'"}, "S412", "LIKE"),
    ({"url": "/hubs/finance/customers?where=date_time_updated>='x ${gmtDate:yyyy-MM-dd}'"},
     "S412", "whole value"),
    ({"idField": "customer.id"}, "S413", "top-level id field"),
])
def test_what_has_no_native_form_is_a_compile_error(tmp_path, make_config, resource, code,
                                                    words):
    path = _write(tmp_path, make_config(resource))
    native = _cli("compile", path, "--transport", "sage200", "-o", str(tmp_path / "p.json"))
    assert native.exit_code == 1, native.output
    line = next(line for line in native.output.splitlines() if f" {code} " in line)
    assert words in line
    assert _cli("compile", path, "-o", str(tmp_path / "hub.json")).exit_code == 0


def test_lint_transport_sage200_reports_and_can_ignore(tmp_path):
    plain = _cli("lint", str(SAMPLE))
    assert plain.exit_code == 0
    native = _cli("lint", "--transport", "sage200", str(SAMPLE))
    assert native.exit_code == 1
    assert native.output.count("S411 [error]") == 2
    ignored = _cli("lint", "--transport", "sage200", "--ignore", "S411", str(SAMPLE))
    assert ignored.exit_code == 0
    assert _cli("lint", "--transport", "soap", str(SAMPLE)).exit_code == 2


def test_render_shows_the_native_requests(tmp_path, snapshot, make_config):
    path = _write(tmp_path, make_config(settings={"event.poller.configuration": {
        "transactions": {"url": GMT_WHERE.replace("customers", "transactions"), "idField": "id",
                         "pageSize": 1000, "datesConfiguration": {
                             "updatedDateField": "date_time_updated",
                             "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss",
                             "updatedDateTimezone": "GMT"}}}}))
    result = _cli("render", path, "--transport", "sage200", "--at", "2026-01-01T02:00:00+02:00")
    assert result.exit_code == 0, result.output
    assert "$filter=date_time_updated ge 2026-01-01T00:00:00Z" in result.output
    assert result.output == snapshot


def test_render_refuses_a_plan_resource_with_no_native_list(tmp_path):
    plan = tmp_path / "hub.json"
    assert _cli("compile", str(SAMPLE), "-o", str(plan)).exit_code == 0
    result = _cli("render", str(plan), "--transport", "sage200", "--at", "2026-01-01T00:00:00Z",
                  "--resource", "invoices")
    assert result.exit_code == 1 and "S411" in result.output
    ok = _cli("render", str(plan), "--transport", "sage200", "--at", "2026-01-01T00:00:00Z",
              "--resource", "warehouse-holdings")
    assert ok.exit_code == 0 and "/warehouse_holdings?" in ok.output
