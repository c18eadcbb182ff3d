"""User templates are untrusted: the sandbox holds against known escapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sage200cfg.generate.blocks import BlockOptions, Generator
from sage200cfg.generate.errors import TemplateFailed, TemplateOutputInvalid

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{{ resource.__class__ }}",
    "{{ 'x' * 1000000000 }}",
    "{{ [1] * 1000000000 }}",
    "{{ 9 ** 99999999 }}",
    "{% for i in range(10**9) %}{% endfor %}",
    "{% include '../../../../etc/passwd' %}",
    "{% include '/etc/passwd' %}",
    "{{ undefined_name }}",
    "{% if %}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_payloads_fail_cleanly(tmp_path: Path, payload: str) -> None:
    (tmp_path / "resource.json.j2").write_text(payload, encoding="utf-8")
    with pytest.raises(TemplateFailed) as info:
        Generator(tmp_path).block("customers", BlockOptions())
    assert str(info.value).startswith(str(tmp_path / "resource.json.j2") + ":")
    assert not (tmp_path / "PWNED").exists()
    assert not Path("PWNED").exists()


def test_escape_through_the_cli_exits_2_with_a_code(tmp_path: Path, cli) -> None:
    (tmp_path / "resource.json.j2").write_text("{\n{{ cycler.__init__.__globals__ }}\n}")
    result = cli("generate", "-r", "customers", "--templates", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"error: S303 {tmp_path / 'resource.json.j2'}:2:1: SecurityError" in result.stderr
    assert "Traceback" not in result.output


def test_a_user_template_overrides_and_the_bundled_one_fills_the_gap(tmp_path: Path) -> None:
    (tmp_path / "resource.json.j2").write_text(
        '{"url": {{ ("/hubs/" ~ hub ~ "/" ~ resource.hub_path) | json }},'
        ' "idField": {{ resource.id_field | json }}, "pageSize": 50}',
        encoding="utf-8",
    )
    gen = Generator(tmp_path)
    assert gen.block("banks", BlockOptions()) == {
        "url": "/hubs/finance/banks",
        "idField": "id",
        "pageSize": 50,
    }
    assert "event.poller.configuration" in str(
        gen.instance(["banks"], BlockOptions(), _instance())["configuration"]
    )


def test_template_output_must_be_a_json_object(tmp_path: Path) -> None:
    (tmp_path / "resource.json.j2").write_text("not json", encoding="utf-8")
    with pytest.raises(TemplateOutputInvalid, match="did not render JSON"):
        Generator(tmp_path).block("customers", BlockOptions())
    (tmp_path / "resource.json.j2").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(TemplateOutputInvalid, match="must render a JSON object"):
        Generator(tmp_path).block("customers", BlockOptions())


def test_a_template_that_breaks_the_config_fails_lint(tmp_path: Path, cli) -> None:
    (tmp_path / "resource.json.j2").write_text('{"url": "/hubs/finance/customers"}')
    result = cli("generate", "-r", "customers", "--templates", str(tmp_path))
    assert result.exit_code == 1
    assert "S306 The generated config has lint errors." in result.stderr
    assert result.stdout == ""


def _instance():
    from sage200cfg.generate.blocks import InstanceOptions

    return InstanceOptions("x", "X", "https://e.example.com/x")
