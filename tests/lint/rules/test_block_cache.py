"""Block checks run once per distinct block and are reused, without changing any result."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sage200cfg.lint import lint_data
from sage200cfg.lint.rules import _blocks

CASES = Path(__file__).parent / "cases"

BASE = yaml.safe_load((CASES / "_base.yaml").read_text())
BLOCK = "/configuration/event.poller.configuration/customers"


def _doc(**dates: object) -> dict:
    doc = copy.deepcopy(BASE)
    doc["configuration"]["event.poller.configuration"]["customers"]["datesConfiguration"].update(
        dates
    )
    return doc


def _codes(doc: dict) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in lint_data(doc)]


def test_an_identical_block_in_another_file_reports_the_same() -> None:
    doc = _doc(updatedDateField="updated_at")
    first = _codes(doc)
    assert ("S251", f"{BLOCK}/datesConfiguration/updatedDateField") in first
    assert _codes(copy.deepcopy(doc)) == first


def test_the_element_is_part_of_the_block_identity() -> None:
    doc = _doc(updatedDateField="updated_at")
    assert any(code == "S251" for code, _ in _codes(doc))
    doc["element"]["key"] = "sageone"
    assert not any(code == "S251" for code, _ in _codes(doc))


def test_false_and_zero_are_different_blocks() -> None:
    doc = _doc(createdDateField="date_time_updated")
    block = doc["configuration"]["event.poller.configuration"]["customers"]
    block["filterByUpdatedDate"] = False
    assert not any(code == "S260" for code, _ in _codes(doc))
    block["filterByUpdatedDate"] = 0  # not the documented false: every event is CREATED
    assert any(code == "S260" for code, _ in _codes(doc))


def test_a_crashing_block_check_is_blamed_on_its_own_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object, block: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(_blocks, "_RESULTS", {})
    monkeypatch.setattr(_blocks, "_FIDS", {})
    monkeypatch.setitem(_blocks._CHECKS, "S214", broken)
    findings = lint_data(copy.deepcopy(BASE))
    assert [f.message for f in findings] == ["rule S214 failed on this file (RuntimeError: boom)"]


def test_secrets_never_appear_in_findings() -> None:
    secret = "q8ZtW3vK1nR7yB4mL9cF2hJ6sD0pX5aE"
    doc = copy.deepcopy(BASE)
    doc["configuration"]["oauth.api.secret"] = secret
    doc["configuration"]["event.notification.basic.username"] = "acme"
    doc["configuration"]["event.notification.basic.password"] = "P@$$w0rd-" + secret
    findings = lint_data(doc)
    assert {f.code for f in findings} == {"S275"}
    for finding in findings:
        assert secret not in repr(finding)
