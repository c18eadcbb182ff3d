"""Finding and reading ``[tool.sage200cfg]`` / ``.sage200cfg.toml``; bad config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sage200cfg.lint.settings import LintSettings, SettingsError, find_config, load_settings

KNOWN = {"S001", "S002", "S101", "S201", "S202", "S231", "S901", "S902"}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str, name: str = ".sage200cfg.toml") -> str:
    _write(tmp_path / name, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, known_codes=KNOWN)
    return str(caught.value)


def test_no_config_gives_defaults_rooted_at_the_start(tmp_path):
    settings = load_settings(tmp_path)
    assert settings == LintSettings(root=str(tmp_path))
    assert settings.select == ("ALL",) and settings.source is None


def test_pyproject_table_is_read(tmp_path):
    _write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.sage200cfg]\nselect = ["S2", "s1"]\nignore = ["S231"]\n'
        'warnings-as-errors = true\ninclude = ["configs/**"]\nexclude = ["legacy"]\n\n'
        '[tool.sage200cfg.per-file-ignores]\n"samples/invalid/*" = ["ALL"]\n',
    )
    settings = load_settings(tmp_path / "configs" / "deep")
    assert settings == LintSettings(
        select=("S2", "S1"),
        ignore=("S231",),
        per_file_ignores=(("samples/invalid/*", ("ALL",)),),
        warnings_as_errors=True,
        include=("configs/**",),
        exclude=("legacy",),
        root=str(tmp_path),
        source=str(tmp_path / "pyproject.toml"),
    )


def test_own_file_wins_over_pyproject_in_the_same_folder(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.sage200cfg]\nselect = ["S1"]\n')
    own = _write(tmp_path / ".sage200cfg.toml", 'select = ["S2"]\n')
    assert find_config(tmp_path) == own
    assert load_settings(tmp_path).select == ("S2",)


def test_nearest_folder_wins_and_pyproject_without_table_is_skipped(tmp_path):
    _write(tmp_path / ".sage200cfg.toml", 'ignore = ["S101"]\n')
    _write(tmp_path / "repo" / "pyproject.toml", "[tool.ruff]\nline-length = 99\n")
    nested = _write(tmp_path / "repo" / "sub" / "pyproject.toml", "[tool.sage200cfg]\n")
    assert find_config(tmp_path / "repo") == tmp_path / ".sage200cfg.toml"
    assert find_config(tmp_path / "repo" / "sub" / "x") == nested
    assert load_settings(tmp_path / "repo" / "sub").ignore == ()


def test_start_may_be_a_file(tmp_path):
    own = _write(tmp_path / ".sage200cfg.toml", "")
    config = _write(tmp_path / "a.yaml", "name: x\n")
    assert find_config(config) == own


def test_explicit_config_file(tmp_path):
    path = _write(tmp_path / "elsewhere" / "lint.toml", 'select = ["S0"]\n')
    settings = load_settings(tmp_path, config_file=path)
    assert settings.select == ("S0",)
    assert settings.root == str(path.parent)


def test_unknown_key_names_file_key_and_suggestion(tmp_path):
    message = _error(tmp_path, 'selct = ["S2"]\n')
    assert message == f"{tmp_path / '.sage200cfg.toml'}: selct: unknown key; did you mean 'select'?"


def test_unknown_key_in_pyproject_carries_the_table_path(tmp_path):
    message = _error(tmp_path, "[tool.sage200cfg]\nwarnings_as_errors = true\n", "pyproject.toml")
    assert message.endswith(
        "pyproject.toml: tool.sage200cfg.warnings_as_errors: unknown key; "
        "did you mean 'warnings-as-errors'?"
    )


def test_pyproject_style_table_in_own_file_gets_a_hint(tmp_path):
    message = _error(tmp_path, '[tool.sage200cfg]\nselect = ["S2"]\n')
    assert message.endswith("tool: unknown key; in .sage200cfg.toml the keys go at the top level")


@pytest.mark.parametrize(
    ("text", "ending"),
    [
        ('select = "S2"\n', "select: expected a list of strings"),
        ("ignore = [201]\n", "ignore: expected a list of strings"),
        ('warnings-as-errors = "yes"\n', "warnings-as-errors: expected true or false"),
        ('per-file-ignores = ["a"]\n', "per-file-ignores: expected a table of glob = [codes]"),
        (
            '[per-file-ignores]\n"a/*" = "S201"\n',
            'per-file-ignores."a/*": expected a list of strings',
        ),
        ("exclude = [1]\n", "exclude: expected a list of strings"),
        (
            'select = ["E501"]\n',
            "select: 'E501' is not a rule code or prefix (e.g. S201, S2, ALL)",
        ),
        ('ignore = ["S7"]\n', "ignore: 'S7' matches no rule"),
        ('select = ["S2"\n', "file: not valid TOML (Unclosed array (at end of document))"),
    ],
)
def test_bad_values_are_settings_errors(tmp_path, text, ending):
    message = _error(tmp_path, text)
    assert message.startswith(str(tmp_path / ".sage200cfg.toml") + ": ")
    assert message.endswith(ending)


def test_unreadable_bytes_are_a_settings_error(tmp_path):
    (tmp_path / ".sage200cfg.toml").write_bytes(b"select = ['\xff']\n")
    with pytest.raises(SettingsError, match=r"\.sage200cfg\.toml: file: "):
        load_settings(tmp_path)


def test_selector_check_is_skipped_without_known_codes(tmp_path):
    _write(tmp_path / ".sage200cfg.toml", 'ignore = ["S7"]\n')
    assert load_settings(tmp_path).ignore == ("S7",)
