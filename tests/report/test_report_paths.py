"""Normalised paths in every report; SARIF URIs under a base folder; stable fingerprints."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sage200cfg.cli import app
from sage200cfg.findings import Finding, Severity
from sage200cfg.report import render_findings
from sage200cfg.report.paths import default_base_dir, normalise

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "invalid" / "S201-url-resource-mismatch.json"


def _finding(file: str, line: int = 1, pointer: str = "/name", code: str = "S201") -> Finding:
    return Finding(file, line, 1, code, "n", Severity.ERROR, "m", pointer)


def _results(findings: list[Finding], **kwargs) -> list[dict]:
    return json.loads(render_findings(findings, "sarif", **kwargs))["runs"][0]["results"]


def _artifact(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


def _fingerprint(result: dict) -> str:
    return result["partialFingerprints"]["sage200cfgFinding/v1"]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("./samples/valid/../invalid/x.json", "samples/invalid/x.json"),
        ("a//b/./c.yaml", "a/b/c.yaml"),
        ("../crafted/x.json", "../crafted/x.json"),
        ("/abs/./x/../y.json", "/abs/y.json"),
        ("-", "-"),
    ],
)
def test_normalise(path, shown):
    assert normalise(path) == shown


@pytest.mark.parametrize("fmt", ["text", "github", "json", "junit"])
def test_every_format_prints_the_normalised_path(fmt):
    out = render_findings([_finding("./a/../b/c.json")], fmt, checked_files=["./a/../b/c.json"])
    assert "b/c.json" in out and "a/../" not in out and "./b" not in out


def test_default_base_dir_is_the_git_root_even_from_a_subfolder(tmp_path, monkeypatch):
    (tmp_path / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    (tmp_path / "configs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "configs" / "deep")
    assert default_base_dir() == str(tmp_path)
    (artifact,) = map(_artifact, _results([_finding("../a.yaml")]))
    assert artifact == {"uri": "configs/a.yaml", "uriBaseId": "%SRCROOT%"}


def test_default_base_dir_is_the_working_directory_outside_git(tmp_path):
    assert not any((parent / ".git").exists() for parent in [tmp_path, *tmp_path.parents])
    assert default_base_dir(str(tmp_path)) == str(tmp_path)


def test_a_file_outside_the_base_keeps_an_absolute_uri(tmp_path, monkeypatch):
    (tmp_path / "repo" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo" / "sub")
    log = json.loads(render_findings([_finding("../../crafted/x.json")], "sarif", base_dir=".."))
    run = log["runs"][0]
    assert _artifact(run["results"][0]) == {"uri": (tmp_path / "crafted" / "x.json").as_uri()}
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": (tmp_path / "repo").as_uri() + "/"}}


def test_lint_base_dir_option_from_a_subfolder(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "samples" / "valid")
    relative = os.path.relpath(SAMPLE, ROOT / "samples" / "valid")
    args = ["lint", "-f", "sarif", "--exit-zero", "--base-dir", str(ROOT), "./" + relative]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)["runs"][0]
    assert _artifact(run["results"][0])["uri"] == "samples/invalid/S201-url-resource-mismatch.json"
    missing = CliRunner().invoke(app, ["lint", "--base-dir", str(tmp_path / "none"), "."])
    assert missing.exit_code == 2


def test_fingerprints_survive_moved_lines_and_other_folders(tmp_path, monkeypatch):
    document = {"name": "x"}
    monkeypatch.chdir(tmp_path)
    before = _results([_finding("a.yaml", line=3)], base_dir=".", data={"a.yaml": document})
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    moved = _finding("../a.yaml", line=40)
    after = _results([moved], base_dir="..", data={"../a.yaml": document})
    assert _artifact(before[0]) == _artifact(after[0])
    assert _fingerprint(before[0]) == _fingerprint(after[0])


def test_fingerprints_follow_the_rule_the_pointer_and_the_value():
    base = {"base_dir": "/repo"}
    first = _fingerprint(_results([_finding("a.yaml")], data={"a.yaml": {"name": "x"}}, **base)[0])
    others = [
        _results([_finding("a.yaml", code="S202")], data={"a.yaml": {"name": "x"}}, **base),
        _results([_finding("a.yaml", pointer="/id")], data={"a.yaml": {"id": "x"}}, **base),
        _results([_finding("a.yaml")], data={"a.yaml": {"name": "y"}}, **base),
        _results([_finding("b.yaml")], data={"b.yaml": {"name": "x"}}, **base),
    ]
    prints = [_fingerprint(results[0]) for results in others]
    assert len({first, *prints}) == 5


def test_fingerprints_ignore_edits_inside_the_object_a_finding_points_at():
    def fingerprint(block: dict) -> str:
        finding = _finding("a.yaml", pointer="/configuration/x")
        data = {"a.yaml": {"configuration": {"x": block}}}
        return _fingerprint(_results([finding], base_dir="/repo", data=data)[0])

    assert fingerprint({"url": "/a"}) == fingerprint({"url": "/a", "pageSize": 5})


def test_fingerprints_never_depend_on_a_credential():
    def fingerprint(key: str, value: str) -> str:
        finding = _finding("a.yaml", pointer=f"/configuration/{key}")
        data = {"a.yaml": {"configuration": {key: value}}}
        return _fingerprint(_results([finding], base_dir="/repo", data=data)[0])

    assert fingerprint("oauth.api.secret", "hunter2") == fingerprint("oauth.api.secret", "x")
    url = "event.notification.callback.url"
    assert fingerprint(url, "https://u:hunter2@h/x") == fingerprint(url, "https://u:x@h/x")
    assert fingerprint(url, "https://h/x") != fingerprint(url, "https://h/y")


def test_fingerprints_reach_into_the_encoded_poller_configuration():
    def fingerprint(url: str) -> str:
        encoded = json.dumps({"customers": {"url": url}})
        data = {"a.json": {"configuration": {"event.poller.configuration": encoded}}}
        pointer = "/configuration/event.poller.configuration/customers/url"
        finding = _finding("a.json", pointer=pointer)
        return _fingerprint(_results([finding], base_dir="/repo", data=data)[0])

    assert fingerprint("/hubs/finance/a") != fingerprint("/hubs/finance/b")


def test_identical_results_are_told_apart_by_occurrence():
    results = _results([_finding("a.yaml", line=1), _finding("a.yaml", line=9)], base_dir="/r")
    first, second = map(_fingerprint, results)
    assert first.split(":")[0] == second.split(":")[0]
    assert (first.split(":")[1], second.split(":")[1]) == ("1", "2")


def test_a_file_name_that_is_not_utf8_gets_its_bytes_percent_encoded():
    name = os.fsdecode(b"caf\xe9.yaml")  # Latin-1 bytes, as os.listdir returns them
    (artifact,) = map(_artifact, _results([_finding(name)], base_dir="."))
    assert artifact["uri"] == "caf%E9.yaml"
