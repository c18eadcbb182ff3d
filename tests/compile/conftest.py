"""Fixtures for the compile tests: config builders, planted secrets, plan snapshots."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

FIXTURES = Path(__file__).parent / "fixtures"
PLANTED = (
    "PLANTED-oauth-secret-K2m4",
    "PLANTED-oauth-key-V8n1",
    "PLANTED-subscription-key-R5t7",
    "PLANTED-signing-key-W3q6",
    "PLANTED-basic-password-Z9p2",
)
GMT_WHERE = "/hubs/finance/customers?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss}'"

BASE: dict[str, Any] = {
    "name": "unit",
    "element": {"key": "sage200"},
    "configuration": {
        "event.notification.enabled": True,
        "event.notification.callback.url": "https://hooks.example/cb",
        "event.poller.refresh_interval": "15",
        "event.poller.configuration": {
            "customers": {
                "url": GMT_WHERE,
                "idField": "id",
                "datesConfiguration": {
                    "updatedDateField": "date_time_updated",
                    "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss",
                },
            }
        },
    },
}


def config(resource: dict[str, Any] | None = None,
           settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """BASE with its customers block updated by ``resource``, its configuration by ``settings``."""
    data = copy.deepcopy(BASE)
    data["configuration"]["event.poller.configuration"]["customers"].update(resource or {})
    data["configuration"].update(settings or {})
    return data


def document(data: Any, path: str = "unit.json") -> Any:
    from sage200cfg.load.documents import load_text

    return load_text(path, json.dumps(data, indent=2), "json")


class PlanSnapshot(SingleFileSnapshotExtension):
    """A compiled plan stored as its exact bytes, one reviewable .json file per snapshot."""

    _write_mode = WriteMode.TEXT
    file_extension = "json"


@pytest.fixture
def plan_snapshot(snapshot: Any) -> Any:
    return snapshot.use_extension(PlanSnapshot)


@pytest.fixture
def make_config() -> Any:
    """``make_config(resource_overrides, **config_keys)``: BASE, changed."""
    return config


@pytest.fixture
def make_document() -> Any:
    """``make_document(data, path)``: a loaded Document from data in memory."""
    return document
