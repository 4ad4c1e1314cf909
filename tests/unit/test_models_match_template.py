"""The pynamodb models and template.yaml describe the same tables, keys and indexes.

Local mode and the tests create tables from the template, the code reads them through the
models: a key or index that differs between the two would only show up deployed.
"""

from __future__ import annotations

from typing import Any

import pytest
from customers_core import models

from localmode import template

MODELS_BY_TABLE = {
    "CustomersTable": [
        models.CustomerItem,
        models.CustomerDetail,
        models.SearchToken,
        models.Owner,
        models.OrderLedger,
        models.Counter,
    ],
    "OrdersTable": [models.Order],
    "GroupsTable": [models.Group],
}


def template_table(logical_id: str) -> dict[str, Any]:
    return template.load()["Resources"][logical_id]["Properties"]


def key_schema(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["KeyType"]: entry["AttributeName"] for entry in entries}


def attribute_types(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["AttributeName"]: entry["AttributeType"] for entry in entries}


@pytest.mark.parametrize(
    ("table", "model"),
    [(table, model) for table, kinds in MODELS_BY_TABLE.items() for model in kinds],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_model_has_its_tables_key_and_its_indexes_as_declared(table, model) -> None:
    # GIVEN a table of template.yaml and a model stored in it
    declared = template_table(table)
    declared_indexes = {
        index["IndexName"]: index for index in declared.get("GlobalSecondaryIndexes", [])
    }

    # WHEN the model's own schema is read
    schema = model._get_schema()

    # THEN the key, every index the model queries and every key attribute's type agree
    assert model.Meta.table_name == table
    assert key_schema(schema["key_schema"]) == key_schema(declared["KeySchema"])
    types = attribute_types(declared["AttributeDefinitions"])
    for name, kind in attribute_types(schema["attribute_definitions"]).items():
        assert types.get(name) == kind, name
    for index in schema.get("global_secondary_indexes", []):
        twin = declared_indexes[index["index_name"]]
        assert key_schema(index["key_schema"]) == key_schema(twin["KeySchema"])
        assert index["projection"]["ProjectionType"] == twin["Projection"]["ProjectionType"]
        assert sorted(index["projection"].get("NonKeyAttributes", [])) == sorted(
            twin["Projection"].get("NonKeyAttributes", [])
        )


def test_every_sort_column_of_the_api_has_an_index_in_the_template() -> None:
    # GIVEN the sort columns GET /customers takes
    indexes = {
        index["IndexName"] for index in template_table("CustomersTable")["GlobalSecondaryIndexes"]
    }

    # WHEN each is looked up as the index that serves it
    # THEN every one is declared
    assert {f"by_{column}" for column in models.SORT_ATTRIBUTES} <= indexes
