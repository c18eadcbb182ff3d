"""Each start imports only the command it runs; help and completion still see them all."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

from sage200cfg.cli import COMMANDS, app

#: Prints the commands typer would offer, and which command modules were imported.
PROBE = """
import json, sys
import typer.main
from sage200cfg import cli
app = cli.load(sys.argv[1] or None)
print(json.dumps({"commands": sorted(typer.main.get_command(app).commands),
                  "modules": sorted(m.rsplit(".", 1)[1] for m in sys.modules
                                    if m.startswith("sage200cfg.cli.") and m.endswith("_cmd"))}))
"""


def _probe(command: str) -> dict[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, command], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    loaded: dict[str, list[str]] = json.loads(out)
    return loaded


def test_the_registry_names_every_command_of_the_app() -> None:
    assert sorted(typer.main.get_command(app).commands) == sorted(COMMANDS)


@pytest.mark.parametrize("command", ["run", "lint", "events"])
def test_a_command_loads_only_its_own_module(command: str) -> None:
    loaded = _probe(command)
    assert command in loaded["commands"]
    assert loaded["modules"] == [COMMANDS[command]]


def test_no_command_loads_them_all() -> None:
    loaded = _probe("")
    assert loaded["commands"] == sorted(COMMANDS)
    assert set(loaded["modules"]) == set(COMMANDS.values())


def test_top_level_help_lists_every_command(run_cli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    listed = {line.split()[1] for line in result.stdout.splitlines()
              if line.startswith("│ ") and len(line.split()) > 1}
    assert set(COMMANDS) <= listed


def test_an_unknown_command_still_gets_typer_s_answer(run_cli) -> None:
    result = run_cli("lnit")
    assert result.returncode == 2
    assert "No such command 'lnit'" in result.stderr


def test_a_command_s_own_help_is_unchanged(run_cli) -> None:
    result = run_cli("run", "--help")
    assert result.returncode == 0
    assert "Usage: sage200cfg run [OPTIONS] {PLAN}" in result.stdout
    assert "--lease-ttl" in result.stdout
