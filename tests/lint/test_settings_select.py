"""Rule selection (ruff-style prefixes), CLI overrides, per-file ignores, path globs."""

from __future__ import annotations

import pytest

from sage200cfg.findings import Finding, Severity
from sage200cfg.lint.pathglob import PathGlob
from sage200cfg.lint.settings import LintSettings, SettingsError, filter_findings

KNOWN = {"S001", "S101", "S201", "S231", "S232", "S901"}


def _finding(file: str, code: str, line: int = 1) -> Finding:
    return Finding(file, line, 1, code, "n", Severity.WARNING, "m", "")


@pytest.mark.parametrize(
    ("select", "ignore", "enabled"),
    [
        (("ALL",), (), {"S001", "S101", "S201", "S231", "S901"}),
        (("S2",), (), {"S201", "S231"}),
        (("S2",), ("S23",), {"S201"}),
        (("S231",), ("S2",), {"S231"}),  # the more specific selector wins
        (("S2",), ("S2",), set()),  # a tie means ignored
        (("ALL",), ("ALL",), set()),
        (("S",), ("S9",), {"S001", "S101", "S201", "S231"}),
        ((), (), set()),
    ],
)
def test_prefix_selection(select, ignore, enabled):
    settings = LintSettings(select=select, ignore=ignore)
    codes = ["S001", "S101", "S201", "S231", "S901"]
    assert {code for code in codes if settings.is_enabled(code)} == enabled


def test_cli_select_replaces_and_ignore_adds():
    base = LintSettings(select=("S2",), ignore=("S231",), exclude=("legacy",))
    merged = base.with_cli(select=["s1", "S201"], ignore=["S232"], exclude=["tmp"])
    assert merged.select == ("S1", "S201")
    assert merged.ignore == ("S231", "S232")
    assert merged.exclude == ("legacy", "tmp")
    assert base.with_cli().select == ("S2",)
    with_include = LintSettings(include=("configs/**",))
    assert with_include.with_cli(include=["other/*.yaml"]).include == ("other/*.yaml",)
    assert with_include.with_cli().include == ("configs/**",)


def test_cli_warnings_as_errors_overrides_only_when_given():
    base = LintSettings(warnings_as_errors=True)
    assert base.with_cli().warnings_as_errors is True
    assert base.with_cli(warnings_as_errors=False).warnings_as_errors is False


def test_cli_selectors_are_checked():
    with pytest.raises(SettingsError) as caught:
        LintSettings().with_cli(ignore=["S77"], known_codes=KNOWN)
    assert str(caught.value) == "command line: --ignore: 'S77' matches no rule"
    with pytest.raises(SettingsError, match="--select: 'F401' is not a rule code"):
        LintSettings().with_cli(select=["F401"])


def test_filter_applies_selection_and_per_file_ignores(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = LintSettings(
        ignore=("S9",),
        per_file_ignores=(("samples/invalid", ("ALL",)), ("*.yml", ("S201",))),
        root=str(tmp_path),
    )
    findings = [
        _finding("configs/a.yaml", "S201", 3),
        _finding("configs/a.yaml", "S901", 2),
        _finding("configs/b.yml", "S201"),
        _finding("configs/b.yml", "S101"),
        _finding("samples/invalid/S101-unknown-key.json", "S101"),
        _finding(str(tmp_path / "samples" / "invalid" / "deep" / "x.json"), "S001"),
        _finding("configs/a.yaml", "S101", 1),
    ]
    kept = filter_findings(findings, settings)
    assert [(f.file, f.code) for f in kept] == [
        ("configs/a.yaml", "S101"),
        ("configs/a.yaml", "S201"),
        ("configs/b.yml", "S101"),
    ]


def test_per_file_globs_are_relative_to_the_config_folder(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    settings = LintSettings(per_file_ignores=(("sub/*.json", ("S1",)),), root=str(tmp_path))
    assert settings.is_ignored_in("a.json", "S101")  # cwd-relative path, root-relative glob
    assert not settings.is_ignored_in("a.json", "S201")
    assert not settings.is_ignored_in("../a.json", "S101")


def test_include_and_exclude_select_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = LintSettings(include=("configs/**/*.yaml",), exclude=("legacy",), root=".")
    assert settings.is_path_selected("configs/a.yaml")
    assert settings.is_path_selected("configs/x/y/a.yaml")
    assert not settings.is_path_selected("configs/a.json")
    assert not settings.is_path_selected("configs/legacy/a.yaml")
    assert LintSettings().is_path_selected("anything.json")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.yaml", "a/b/c.yaml", True),  # no slash: any component
        ("*.yaml", "a/b/c.json", False),
        ("legacy", "configs/legacy/a.json", True),
        ("legacy", "configs/legacy.json", False),
        ("configs/*.json", "configs/a.json", True),
        ("configs/*.json", "configs/old/a.json", False),  # * stays within a folder
        ("configs/**/*.json", "configs/a.json", True),  # ** spans zero folders too
        ("configs/**/*.json", "configs/x/y/a.json", True),
        ("samples/invalid", "samples/invalid/S101.json", True),  # a folder covers its files
        ("./samples/", "samples/x.json", True),
        ("s?01.json", "s201.json", True),
        ("s[12]01.json", "s301.json", False),
        ("s[!12]01.json", "s301.json", True),
        ("a+b.json", "a+b.json", True),  # regex characters are literal
        ("**/x.json", "a/b/x.json", True),
    ],
)
def test_path_globs(tmp_path, monkeypatch, pattern, path, matches):
    monkeypatch.chdir(tmp_path)
    assert PathGlob(pattern, ".").matches(path) is matches
