"""`compile`, `plan show` and `render` as users run them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.resources import load_schema

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parent.parent
SEED = ROOT / "samples" / "seed" / "example.json"
SEED_FIXED = FIXTURES / "seed-fixed.json"
PLANTED = (
    "PLANTED-oauth-secret-K2m4",
    "PLANTED-oauth-key-V8n1",
    "PLANTED-subscription-key-R5t7",
    "PLANTED-signing-key-W3q6",
    "PLANTED-basic-password-Z9p2",
)
SEED_RESOURCES = ("customers", "invoices", "payments", "products", "transactions",
                  "warehouse-holdings", "warehouses")
runner = CliRunner()


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def compile_to(tmp_path: Path, *inputs: Path | str, extra: tuple[str, ...] = ()) -> Any:
    return cli("compile", *map(str, inputs), "-o", str(tmp_path / "plan.json"), *extra)


def valid_samples() -> list[Path]:
    return sorted((ROOT / "samples" / "valid").glob("*.*"))


@pytest.mark.parametrize("source", [SEED_FIXED, FIXTURES / "acme.yaml", *valid_samples()],
                         ids=lambda p: p.name)
def test_plan_snapshot_and_schema(source: Path, tmp_path: Path, plan_snapshot: Any) -> None:
    result = compile_to(tmp_path, source)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "plan.json").read_text()
    jsonschema.validate(json.loads(text), load_schema("plan.schema.json"))
    assert text == plan_snapshot


def test_compiling_twice_gives_identical_bytes(tmp_path: Path, run_cli: Any) -> None:
    outputs = []
    for name in ("one.json", "two.json"):
        done = run_cli("compile", str(FIXTURES), "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_no_planted_secret_reaches_plan_show_or_any_output(tmp_path: Path) -> None:
    compiled = compile_to(tmp_path, SEED_FIXED)
    plan_text = (tmp_path / "plan.json").read_text()
    shown = cli("plan", "show", str(tmp_path / "plan.json"))
    rendered = cli("render", str(SEED_FIXED), "--at", "2026-01-01T00:00:00Z")
    assert compiled.exit_code == shown.exit_code == rendered.exit_code == 0
    for secret in (*PLANTED, "P@$$w0rd"):
        for text in (plan_text, compiled.output, shown.output, rendered.output):
            assert secret not in text
    assert "$SAGE200CFG_MYCOOLINSTANCE_BASIC_PASSWORD" in shown.output


def test_lint_errors_block_and_are_printed_as_lint_prints_them(tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text("previous plan\n")
    result = compile_to(tmp_path, SEED)
    lint = cli("lint", str(SEED))
    assert result.exit_code == 1
    assert "S201" in result.output and lint.output.strip() in result.output
    assert "not compiled" in result.output
    assert (tmp_path / "plan.json").read_text() == "previous plan\n"


def test_warnings_block_only_with_strict(tmp_path: Path) -> None:
    relaxed = compile_to(tmp_path, SEED_FIXED)
    assert relaxed.exit_code == 0 and "S406" in relaxed.output
    (tmp_path / "plan.json").unlink()
    strict = compile_to(tmp_path, SEED_FIXED, extra=("--strict",))
    assert strict.exit_code == 1 and "not compiled" in strict.output
    assert not (tmp_path / "plan.json").exists()


def test_compile_usage_errors_exit_2(tmp_path: Path) -> None:
    missing_dir = cli("compile", str(SEED_FIXED), "-o", str(tmp_path / "nope" / "plan.json"))
    assert missing_dir.exit_code == 2 and "does not exist" in missing_dir.output
    (tmp_path / "empty").mkdir()
    nothing = cli("compile", str(tmp_path / "empty"), "-o", str(tmp_path / "plan.json"))
    assert nothing.exit_code == 2 and "no config files" in nothing.output


def test_plan_to_stdout(tmp_path: Path) -> None:
    result = cli("compile", str(FIXTURES / "acme.yaml"), "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["version"] == 1


def test_plan_show_snapshot(tmp_path: Path, snapshot: Any) -> None:
    assert compile_to(tmp_path, FIXTURES).exit_code == 0
    shown = cli("plan", "show", str(tmp_path / "plan.json"))
    assert shown.exit_code == 0
    assert shown.output == snapshot


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["instances"][0]["resources"][0].update(pageSize=7), "edited after compiling"),
    (lambda d: d.update(version=2), "plan version 2 is not supported"),
    (lambda d: d.pop("hash"), "plan.schema.json"),
])
def test_plan_show_refuses_bad_plans(tmp_path: Path, edit: Any, message: str) -> None:
    assert compile_to(tmp_path, FIXTURES / "acme.yaml").exit_code == 0
    path = tmp_path / "plan.json"
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    result = cli("plan", "show", str(path))
    assert result.exit_code == 2 and message in result.output


def test_plan_show_missing_file_exits_2(tmp_path: Path) -> None:
    result = cli("plan", "show", str(tmp_path / "absent.json"))
    assert result.exit_code == 2 and "cannot read plan" in result.output


def test_render_seed_gives_the_documented_where_for_every_resource(run_cli: Any) -> None:
    done = run_cli("render", str(SEED_FIXED), "--at", "2026-01-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    blocks = done.stdout.strip().split("\n\n")
    assert [b.splitlines()[0].split()[0] for b in blocks] == [
        f"myCoolInstance/{name}" for name in SEED_RESOURCES]
    for block in blocks:
        lines = block.splitlines()
        assert lines[2] == "  where=date_time_updated>='2026-01-01T00:00:00'"
        assert "where=date_time_updated%3E%3D%272026-01-01T00%3A00%3A00%27" in lines[1]


def test_render_from_a_plan_matches_render_from_the_config(tmp_path: Path) -> None:
    assert compile_to(tmp_path, FIXTURES / "acme.yaml").exit_code == 0
    from_plan = cli("render", str(tmp_path / "plan.json"), "--at", "2026-03-29T01:30:00+01:00")
    from_config = cli("render", str(FIXTURES / "acme.yaml"), "--at", "2026-03-29T01:30:00+01:00")
    assert from_plan.exit_code == 0 and from_plan.output == from_config.output


def test_render_snapshot_covers_every_placeholder_kind(snapshot: Any) -> None:
    result = cli("render", str(FIXTURES / "acme.yaml"), "--at", "2026-01-01T00:00:00Z",
                 "--base-url", "https://api.example/elements/api-v2/")
    assert result.exit_code == 0
    assert result.output == snapshot


def test_render_one_resource(tmp_path: Path) -> None:
    only = cli("render", str(SEED_FIXED), "--at", "2026-01-01T00:00:00Z",
               "--resource", "myCoolInstance/transactions")
    assert only.exit_code == 0
    assert only.output.splitlines()[1].startswith("  GET /hubs/finance/transactions?")
    assert only.output.count("\n\n") == 0


@pytest.mark.parametrize(("args", "message"), [
    (("--at", "yesterday"), "not an ISO 8601 time"),
    (("--at", "2026-01-01T00:00:00Z", "--resource", "ledgers"), "no resource 'ledgers'"),
])
def test_render_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = cli("render", str(SEED_FIXED), *args)
    assert result.exit_code == 2 and message in result.output


def test_render_of_a_broken_config_exits_1_with_the_findings(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.json")
    result = cli("render", str(tmp_path / "seed.json"), "--at", "2026-01-01T00:00:00Z")
    assert result.exit_code == 1 and "S201" in result.output


def test_plan_show_masks_callback_query_values(tmp_path: Path) -> None:
    data = json.loads(SEED_FIXED.read_text())
    data["configuration"]["event.notification.callback.url"] = (
        "https://fn.example.net/api/hook?code=FnKeyQ8w2&env=prod")
    (tmp_path / "fn.json").write_text(json.dumps(data))
    assert compile_to(tmp_path, tmp_path / "fn.json").exit_code == 0
    shown = cli("plan", "show", str(tmp_path / "plan.json"))
    assert "https://fn.example.net/api/hook?code=****&env=****" in shown.output
    assert "FnKeyQ8w2" not in shown.output


def test_render_refuses_a_hand_edited_plan(tmp_path: Path) -> None:
    assert compile_to(tmp_path, SEED_FIXED).exit_code == 0
    path = tmp_path / "plan.json"
    path.write_text(path.read_text().replace('"pageSize":200', '"pageSize":50', 1))
    result = cli("render", str(path), "--at", "2026-01-01T00:00:00Z")
    assert result.exit_code == 2 and "edited after compiling" in result.output


def test_timestamp_is_recorded_only_when_asked(tmp_path: Path) -> None:
    assert compile_to(tmp_path, SEED_FIXED).exit_code == 0
    assert "compiledAt" not in json.loads((tmp_path / "plan.json").read_text())
    assert compile_to(tmp_path, SEED_FIXED, extra=("--timestamp",)).exit_code == 0
    stamped = json.loads((tmp_path / "plan.json").read_text())
    assert stamped["compiledAt"].endswith("Z")
    shown = cli("plan", "show", str(tmp_path / "plan.json"))
    assert shown.exit_code == 0 and f"compiled at {stamped['compiledAt']}" in shown.output


def test_render_reads_a_time_without_zone_as_utc() -> None:
    naive = cli("render", str(SEED_FIXED), "--at", "2026-01-01T00:00:00", "--resource", "invoices")
    utc = cli("render", str(SEED_FIXED), "--at", "2026-01-01T01:00:00+01:00",
              "--resource", "invoices")
    assert naive.exit_code == 0 and naive.output == utc.output
    assert "placeholders at 2026-01-01T00:00:00Z" in naive.output
