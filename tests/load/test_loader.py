"""Loading: every failure is a finding at its real position, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sage200cfg.lint import lint_paths
from sage200cfg.load.documents import MAX_FILE_BYTES, discover, load_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _codes(path):
    return [(f.code, f.line, f.column) for f in lint_paths([str(path)]).findings]


def test_json_syntax_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "name": "x",\n  "element" {}\n}\n')
    assert _codes(path) == [("S001", 3, 13)]


def test_yaml_syntax_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nelement:\n  key: [sage200\n")
    [(code, line, _)] = _codes(path)
    assert (code, line) == ("S001", 4)


def test_unclosed_yaml_quote_is_reported_where_it_opens(tmp_path):
    path = tmp_path / "open.yaml"
    lines = ["element:", "  key: sage200", "configuration:", '  company.name: "Acme']
    lines += ["  x: 1"] * 5
    path.write_text("\n".join(lines) + "\n")
    [finding] = lint_paths([str(path)]).findings
    assert (finding.code, finding.line, finding.column) == ("S001", 4, 17)
    assert finding.message.endswith("(opened here, still open at line 10, column 1)")


@pytest.mark.parametrize(
    ("raw", "code"),
    [(b"", "S006"), (b"  \n", "S006"), (b"\x00\x01binary", "S005"), (b'{"a": "\xe9"}', "S004")],
)
def test_unreadable_content_is_a_finding(tmp_path, raw, code):
    path = tmp_path / "x.json"
    path.write_bytes(raw)
    assert [c for c, _, _ in _codes(path)] == [code]


def test_not_utf8_points_at_the_byte(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b'{\n  "name": "caf\xe9"\n}')
    assert _codes(path) == [("S004", 2, 15)]


def test_oversized_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 10))
    assert [c for c, _, _ in _codes(path)] == ["S007"]


def test_missing_file_is_a_finding(tmp_path):
    assert [c for c, _, _ in _codes(tmp_path / "nope.json")] == ["S003"]


def test_duplicate_json_key_points_at_the_second(tmp_path, valid_doc):
    text = json.dumps(valid_doc, indent=2).replace(
        '"name": "myCoolInstance"', '"name": "a",\n  "name": "myCoolInstance"'
    )
    path = tmp_path / "dup.json"
    path.write_text(text)
    line = text.splitlines().index('  "name": "myCoolInstance"') + 1
    assert _codes(path) == [("S002", line, 3)]


def test_duplicate_yaml_key(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("element:\n  key: sage200\n  key: other\nname: x\nconfiguration: {}\n")
    assert ("S002", 3, 3) in _codes(path)


def test_yaml_object_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['true']\n")
    assert [c for c, _, _ in _codes(path)] == ["S008"]


def test_billion_laughs_is_refused(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n")
    [(code, _, _)] = _codes(path)
    assert code == "S008"


def test_yaml_dates_stay_strings(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("name: 2026-01-01\n")
    assert load_file(str(path)).data == {"name": "2026-01-01"}


def test_findings_inside_an_encoded_poller_configuration_point_into_the_string(tmp_path, valid_doc):
    poller = valid_doc["configuration"]["event.poller.configuration"]
    poller["customers"]["pageSize"] = "ten"
    valid_doc["configuration"]["event.poller.configuration"] = json.dumps(poller)
    text = json.dumps(valid_doc, indent=2)
    path = tmp_path / "encoded.json"
    path.write_text(text)
    [finding] = lint_paths([str(path)]).findings
    assert finding.code == "S102"
    assert finding.pointer.endswith("/customers/pageSize")
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith('\\"ten\\"')


def test_folders_recurse_and_keep_config_suffixes(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/one.json", "a/two.yaml", "three.yml", "notes.txt", "a/.hidden.json"):
        (tmp_path / name).write_text("{}")
    found = discover([str(tmp_path)], accept=lambda p: "one" not in p)
    assert sorted(p.rsplit("/", 1)[1] for p in found) == ["three.yml", "two.yaml"]


def test_include_and_exclude_globs_filter_folders_not_named_files(run_cli, tmp_path, valid_doc):
    for name in ("configs/a/x.json", "configs/b/y.json", "configs/legacy/z.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(json.dumps(valid_doc))
    result = run_cli(
        "lint",
        "--format",
        "json",
        "--include",
        "configs/**/*.json",
        "--exclude",
        "legacy",
        "configs",
        "configs/legacy/z.json",
        cwd=tmp_path,
    )
    files = json.loads(result.stdout)["summary"]["files"]
    assert (result.returncode, files) == (0, 3), result.stderr


def test_stdin(run_cli, valid_doc):
    result = run_cli("lint", "-", "--format", "json", input=json.dumps(valid_doc))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["summary"]["files"] == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        # libyaml would overflow the C stack (a segfault) on this one.
        ("deep.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n"),
    ],
)
def test_absurd_nesting_is_refused_not_crashed(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    assert _codes(path) == [("S010", 1, 1)]


def test_stdin_filename_names_the_findings_and_picks_the_format(run_cli):
    yaml_text = (SAMPLES / "valid" / "sage200-instance.yaml").read_text()
    broken = yaml_text.replace("idField: id", 'idField: ""', 1)
    result = run_cli("lint", "-", "--stdin-filename", "configs/acme.yaml", input=broken)
    assert result.returncode == 1
    assert result.stdout.startswith("configs/acme.yaml:19:16: S104 [error]")


def test_fix_refuses_stdin_with_a_clear_message(run_cli, valid_doc):
    result = run_cli("lint", "--fix", "-", input=json.dumps(valid_doc))
    assert (result.returncode, result.stderr) == (
        2,
        "error: --fix cannot rewrite stdin; use --diff to see the fixes\n",
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2.5, null, true, 's', ~, 0x1f, 1_000, .inf]\nc: {d: e}\n",
        "200: x\ntrue: y\n~: z\n'quoted': !!str 12\nn: !!int '7'\n",
        "a: 1\na: 2\n",
        "- 1\n- - 2\n  - {x: [y]}\n",
        *[p.read_text() for p in sorted(SAMPLES.rglob("*.yaml"))],
    ],
)
def test_plain_yaml_loads_as_pyyaml_constructs_it(text):
    import yaml

    from sage200cfg.load.yaml_safe import _Loader, load_yaml

    loader = _Loader(text)
    try:
        try:
            expected = (loader.get_single_data(), loader.duplicates)
        finally:
            loader.dispose()
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            load_yaml(text)
        return
    assert load_yaml(text) == expected
