"""The catalog data file, its schema, and the lookups the rules depend on."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sage200cfg.catalog import catalog_from_dict, load_catalog
from sage200cfg.resources import load_schema

REPO = Path(__file__).resolve().parents[2]
SAMPLES = Path("/work/shared/sage200-samples")
UPDATED, CREATED = "date_time_updated", "date_time_created"


def test_catalog_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema("catalog.schema.json"))


def test_catalog_file_validates_against_its_schema() -> None:
    validator = jsonschema.Draft202012Validator(load_schema("catalog.schema.json"))
    errors = [e.message for e in validator.iter_errors(load_schema("sage200-catalog.json"))]
    assert errors == []


def test_schema_rejects_a_pollable_resource_without_updated_field() -> None:
    data = json.loads((REPO / "schemas" / "sage200-catalog.json").read_text(encoding="utf-8"))
    data["resources"][0]["updated_field"] = None
    validator = jsonschema.Draft202012Validator(load_schema("catalog.schema.json"))
    assert not validator.is_valid(data)


def test_cloud_elements_hub_resources_are_confirmed() -> None:
    catalog = load_catalog()
    confirmed = {path for path, r in catalog.resources.items() if r.confidence == "confirmed"}
    assert confirmed == {
        "customers", "banks", "invoices", "payments", "payments/receipts",
        "products", "products/groups", "products/prices", "transactions",
    }
    assert catalog.element_key == "sage200"
    assert catalog.hubs == frozenset({"finance"})


@pytest.mark.parametrize(
    ("hub", "native", "id_field", "updated", "created"),
    [
        ("transactions", "sales_posted_transactions", "id", UPDATED, CREATED),
        ("invoices", "sales_invoices", "id", UPDATED, CREATED),
        ("products/prices", "product_price_views", "product_price_id", UPDATED, None),
        ("warehouse-holdings", "warehouse_holdings", "id", UPDATED, CREATED),
        ("sales-transaction-views", "sales_transaction_views", "posted_customer_transaction_id",
         "transaction_date_time_updated", None),
    ],
)
def test_resource_facts(
    hub: str, native: str, id_field: str, updated: str, created: str | None
) -> None:
    resource = load_catalog().get(hub)
    assert resource is not None
    assert (resource.native_path, resource.id_field) == (native, id_field)
    assert (resource.updated_field, resource.created_field) == (updated, created)


def test_every_named_field_is_a_known_field_and_pollable_means_updated() -> None:
    for resource in load_catalog().resources.values():
        named = {resource.id_field, resource.updated_field, resource.created_field} - {None}
        assert named <= resource.fields, resource.hub_path
        assert resource.pollable == (resource.updated_field is not None), resource.hub_path
        assert resource.confidence in {"confirmed", "inferred"}
        assert resource.source.startswith("[S"), resource.hub_path


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared Sage 200 sample bodies not present")
def test_sample_bodies_only_use_catalog_fields() -> None:
    # The real Sage 200 bodies are the ground truth for the fields we list.
    catalog = load_catalog()
    for name in ("customers", "products", "product_groups", "product_price_views", "tax_codes",
                 "customer_contacts", "price_bands", "sop_orders"):
        body = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        resource = catalog.by_native(name)
        assert resource is not None, name
        assert set(body[0]) <= resource.fields, name


def test_no_date_time_created_means_created_field_none() -> None:
    for resource in load_catalog().resources.values():
        if "date_time_created" not in resource.fields:
            assert resource.created_field is None, resource.hub_path


def test_recommended_formats_come_from_the_datetimes_block() -> None:
    prices = load_catalog().get("products/prices")
    assert prices is not None
    assert prices.date_format == "yyyy-MM-dd'T'HH:mm:ss"
    assert prices.placeholder_format == "yyyy-MM-dd'T'HH:mm:ss'Z'"
    assert prices.timezone == "GMT"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sop_orders", "sales-orders"),
        ("sales_orders", "sales-orders"),
        ("product_price_views", "products/prices"),
        ("warehouse_holdings", "warehouse-holdings"),
        ("custmers", "customers"),
        ("suppliers", "vendors"),
        ("/transactions/", "transactions"),
    ],
)
def test_suggest(name: str, expected: str) -> None:
    assert load_catalog().suggest(name)[0] == expected


def test_suggest_gives_nothing_for_nonsense() -> None:
    assert load_catalog().suggest("zzzzqqq") == []


def test_lookups_miss_cleanly() -> None:
    catalog = load_catalog()
    assert catalog.get("nope") is None
    assert catalog.by_native("nope") is None


def test_per_resource_override_wins() -> None:
    data = json.loads(json.dumps(load_schema("sage200-catalog.json")))
    data["resources"][0]["date_format"] = "yyyy-MM-dd"
    assert catalog_from_dict(data).resources["customers"].date_format == "yyyy-MM-dd"
