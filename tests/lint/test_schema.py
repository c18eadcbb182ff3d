"""The instance schema: valid draft 2020-12, documented for editors, true to the seed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sage200cfg.lint.schema import schema_errors
from sage200cfg.resources import load_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = load_schema("instance.schema.json")


def _properties(node, path=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}/{name}", sub
        for key, sub in node.items():
            if key != "properties" or not isinstance(sub, dict):
                yield from _properties(sub, f"{path}/{key}")
            else:
                for name, prop in sub.items():
                    yield from _properties(prop, f"{path}/{name}")


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_property_is_documented_for_editors():
    undocumented = [
        path
        for path, prop in _properties(SCHEMA)
        if prop is not True and "description" not in prop and "$ref" not in prop
    ]
    assert undocumented == []


def test_every_documented_parameter_is_in_the_schema():
    config = SCHEMA["properties"]["configuration"]["properties"]
    resource = SCHEMA["$defs"]["resource"]["properties"]
    dates = SCHEMA["$defs"]["datesConfiguration"]["properties"]
    assert {
        "event.notification.enabled",
        "event.notification.callback.url",
        "event.poller.refresh_interval",
        "event.poller.configuration",
        "event.notification.basic.username",
        "event.notification.basic.password",
        "event.notification.signature.key",
        "oauth.api.key",
        "oauth.api.secret",
        "subscription.key",
        "signing.key",
        "company.name",
    } <= set(config)
    assert {
        "url",
        "idField",
        "datesConfiguration",
        "filterByUpdatedDate",
        "filterByCurrentDate",
        "createdCheckTolerance",
        "pageSize",
        "pollDelay",
    } <= set(resource)
    assert {
        "updatedDateField",
        "updatedDateFormat",
        "updatedDateTimezone",
        "createdDateField",
        "createdDateFormat",
        "createdDateTimezone",
    } == set(dates)


@pytest.mark.parametrize("name", ["example.json", "empty-body.json"])
def test_seed_bodies_are_schema_valid(name):
    data = json.loads((ROOT / "samples" / "seed" / name).read_text())
    assert schema_errors(data) == []


def test_encoded_poller_configuration_is_validated_like_an_object(valid_doc):
    poller = valid_doc["configuration"]["event.poller.configuration"]
    poller["customers"]["idFeld"] = "id"
    valid_doc["configuration"]["event.poller.configuration"] = json.dumps(poller)
    [error] = schema_errors(valid_doc)
    assert (error.code, error.message) == (
        "S101",
        "unknown key `idFeld` in `customers`; did you mean `idField`?",
    )


def test_refresh_interval_accepts_numbers_and_numeric_strings(valid_doc):
    for value in (15, 2.5, "15", " 5 "):
        valid_doc["configuration"]["event.poller.refresh_interval"] = value
        assert schema_errors(valid_doc) == []
    valid_doc["configuration"]["event.poller.refresh_interval"] = "fifteen"
    assert [e.code for e in schema_errors(valid_doc)] == ["S104"]


def test_other_elements_may_carry_their_own_keys(valid_doc):
    valid_doc["element"]["key"] = "hubspot"
    valid_doc["configuration"]["hubspot.authorization.apikey"] = "${env:HUBSPOT_KEY}"
    assert schema_errors(valid_doc) == []
    valid_doc["configuration"]["event.poller.refreshinterval"] = "5"
    assert [e.code for e in schema_errors(valid_doc)] == ["S101"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "schemas").glob("*.schema.json")), ids=lambda path: path.name
)
def test_every_schema_id_follows_the_one_scheme(path):
    """README: ``https://sage200cfg.invalid/schemas/<file>``; .invalid never resolves."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$id"] == f"https://sage200cfg.invalid/schemas/{path.name}"
