"""Test environment: fake AWS credentials, and DynamoDB Local for the data-layer tests.

The layer reads table names from the environment when it is imported, and botocore reads
AWS_ENDPOINT_URL_DYNAMODB when pynamodb creates its client, so both are set here, before
any test module imports the layer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest

from localmode import dynamodb_local
from localmode.resources import table_definition
from localmode.template import load, resources_of_type

DYNAMODB_PORT = dynamodb_local.free_port()

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{DYNAMODB_PORT}",
        "CUSTOMERS_TABLE": "CustomersTable",
        "ORDERS_TABLE": "OrdersTable",
        "GROUPS_TABLE": "GroupsTable",
        "CURSOR_SECRET": "test-cursor-secret",
        "POWERTOOLS_SERVICE_NAME": "customers",
        "POWERTOOLS_METRICS_NAMESPACE": "CustomersTests",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_DEV": "false",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)


@pytest.fixture(scope="session")
def dynamodb_engine() -> Iterator[dynamodb_local.DynamoDBLocal]:
    """AWS's DynamoDB Local, in memory, for the whole test session."""
    engine = dynamodb_local.start(DYNAMODB_PORT)
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def table_names(dynamodb_engine: dynamodb_local.DynamoDBLocal) -> list[dict]:
    """The tables of template.yaml, created once: creating 11 indexes per test is slow."""
    client = boto3.client("dynamodb")
    definitions = [
        table_definition(logical_id, props)
        for logical_id, props in resources_of_type(load(), "AWS::DynamoDB::Table")
    ]
    for definition in definitions:
        client.create_table(**definition)
    return definitions


@pytest.fixture
def tables(table_names: list[dict]) -> Iterator[None]:
    """Empty tables for one test; whatever it wrote is deleted afterwards."""
    yield
    client = boto3.client("dynamodb")
    for definition in table_names:
        key_names = [key["AttributeName"] for key in definition["KeySchema"]]
        pages = client.get_paginator("scan").paginate(
            TableName=definition["TableName"], ProjectionExpression=", ".join(key_names)
        )
        keys = [item for page in pages for item in page["Items"]]
        for start in range(0, len(keys), 25):
            client.batch_write_item(
                RequestItems={
                    definition["TableName"]: [
                        {"DeleteRequest": {"Key": key}} for key in keys[start : start + 25]
                    ]
                }
            )
