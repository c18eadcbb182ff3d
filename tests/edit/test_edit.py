"""Format-preserving edits: only the edited value's bytes change."""

from __future__ import annotations

import difflib
import json

import pytest
import yaml

from sage200cfg.edit.splice import EditError, apply_edit, apply_edits
from sage200cfg.findings import Edit

POLLER = "/configuration/event.poller.configuration"

YAML_DOC = """\
# instance config
element:
  key: sage200   # the element
configuration:
  company.name: 'Demo Co'
  event.poller.configuration:
    # customers first
    customers:
      url: "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd}'"
      idField: id
      datesConfiguration:
        updatedDateField: updated_at  # wrong
    # end of resources
  event.notification.enabled: true
tags: [a, b]
name: demo
"""

SEED_STYLE = """{
"configuration": {
"event.poller.configuration":{
"customers":{
"url":"/hubs/finance/customers",
"idField":"id"
}
}
},
"name":"x"
}
"""


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_yaml_scalar_edit_keeps_comments_and_quoting() -> None:
    new = apply_edits(
        YAML_DOC,
        "yaml",
        [
            Edit(f"{POLLER}/customers/datesConfiguration/updatedDateField", "date_time_updated"),
            Edit("/configuration/company.name", "It's"),
        ],
    )
    assert changed_lines(YAML_DOC, new) == [
        "-  company.name: 'Demo Co'",
        "+  company.name: 'It''s'",
        "-        updatedDateField: updated_at  # wrong",
        "+        updatedDateField: date_time_updated  # wrong",
    ]


def test_yaml_insert_block_lands_after_last_member_and_keeps_comments() -> None:
    block = {"url": "/hubs/finance/banks", "idField": "id"}
    new = apply_edit(YAML_DOC, "yaml", Edit(f"{POLLER}/banks", block))
    assert yaml.safe_load(new)["configuration"]["event.poller.configuration"]["banks"] == block
    assert changed_lines(YAML_DOC, new) == [
        "+    banks:",
        "+      url: /hubs/finance/banks",
        "+      idField: id",
    ]
    assert "# end of resources" in new and "# customers first" in new


def test_yaml_flow_sequence_item() -> None:
    new = apply_edit(YAML_DOC, "yaml", Edit("/tags/1", "c d"))
    assert changed_lines(YAML_DOC, new) == ["-tags: [a, b]", "+tags: [a, c d]"]


def test_json_keeps_the_files_own_layout() -> None:
    new = apply_edit(SEED_STYLE, "json", Edit(f"{POLLER}/banks", {"url": "/b", "idField": "id"}))
    assert changed_lines(SEED_STYLE, new) == [
        "+},",
        '+"banks":{',
        '+"url":"/b",',
        '+"idField":"id"',
    ]
    assert json.loads(new)["configuration"]["event.poller.configuration"]["banks"]["url"] == "/b"


def test_json_replace_scalar_only_touches_the_value() -> None:
    text = '{\n    "a":   "old" ,\n    "b": [1, 2]\n}\n'
    assert apply_edit(text, "json", Edit("/a", "new")) == text.replace('"old"', '"new"')
    assert apply_edit(text, "json", Edit("/b/1", 3)) == text.replace("[1, 2]", "[1, 3]")


def test_json_insert_into_compact_and_empty_objects() -> None:
    assert apply_edit('{"a": {"b": 1}}', "json", Edit("/a/c", 2)) == '{"a": {"b": 1, "c": 2}}'
    assert json.loads(apply_edit('{"a": {}}', "json", Edit("/a/c", [1]))) == {"a": {"c": [1]}}


def test_pointer_through_a_json_encoded_string() -> None:
    inner = json.dumps({"customers": {"url": "/hubs/finance/customers", "idField": "id"}})
    text = json.dumps({"configuration": {"event.poller.configuration": inner}}, indent=2)
    new = apply_edits(
        text,
        "json",
        [Edit(f"{POLLER}/customers/idField", "key"), Edit(f"{POLLER}/banks", {"url": "/b"})],
    )
    decoded = json.loads(json.loads(new)["configuration"]["event.poller.configuration"])
    assert decoded == {
        "customers": {"url": "/hubs/finance/customers", "idField": "key"},
        "banks": {"url": "/b"},
    }


def test_pointer_through_a_yaml_block_scalar_keeps_the_block() -> None:
    text = (
        "configuration:\n"
        "  event.poller.configuration: |\n"
        "    {\n"
        '      "customers": {"url": "/c", "idField": "id"}\n'
        "    }\n"
        "  name: x  # stays\n"
    )
    new = apply_edit(text, "yaml", Edit(f"{POLLER}/customers/idField", "key"))
    assert changed_lines(text, new) == [
        '-      "customers": {"url": "/c", "idField": "id"}',
        '+      "customers": {"url": "/c", "idField": "key"}',
    ]


@pytest.mark.parametrize(
    ("pointer", "message"),
    [
        ("/missing/deeper", "/missing does not exist"),
        ("/name/x", "does not hold JSON"),
        ("/tags/9", "not an object"),
    ],
)
def test_impossible_edits_raise_edit_error(pointer: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply_edit(YAML_DOC, "yaml", Edit(pointer, 1))


def test_unparsable_text_raises_edit_error() -> None:
    with pytest.raises(EditError, match="cannot parse"):
        apply_edit("{", "json", Edit("/a", 1))


def test_crlf_files_stay_crlf() -> None:
    text = YAML_DOC.replace("\n", "\r\n")
    new = apply_edit(text, "yaml", Edit(f"{POLLER}/banks", {"url": "/b", "idField": "id"}))
    assert new.count("\r\n") == new.count("\n") == YAML_DOC.count("\n") + 3
    assert new.startswith(text.split("    # end of resources")[0])
