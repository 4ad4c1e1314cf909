"""Local mode creates what template.yaml declares, under moto's mock of AWS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from localmode import resources, template


@pytest.fixture
def mocked_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The session's DynamoDB Local endpoint would take the table calls past the mock.
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    with mock_aws():
        yield


def created(state_dir: Path) -> template.Resolver:
    resolver = template.Resolver(template.load())
    resources.create_all(resolver, state_dir)
    return resolver


def test_every_table_queue_pool_and_secret_of_the_template_is_created(
    mocked_aws: None, tmp_path: Path
) -> None:
    # GIVEN template.yaml and an empty account

    # WHEN local mode creates its resources
    resolver = created(tmp_path)

    # THEN each table has the template's key, indexes and stream
    dynamodb = boto3.client("dynamodb")
    declared = dict(template.resources_of_type(template.load(), "AWS::DynamoDB::Table"))
    assert sorted(dynamodb.list_tables()["TableNames"]) == sorted(declared)
    for name, props in declared.items():
        table = dynamodb.describe_table(TableName=name)["Table"]
        assert table["KeySchema"] == props["KeySchema"]
        indexes = [index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])]
        assert sorted(indexes) == sorted(
            index["IndexName"] for index in props.get("GlobalSecondaryIndexes", [])
        )
        assert ("StreamSpecification" in props) == ("LatestStreamArn" in table)
        assert resolver.refs[name] == name

    # AND the failure queue, the staff pool with its managers group and the cursor secret
    queue_url = resolver.refs["OrderTotalsFailures"]
    assert boto3.client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["MessageRetentionPeriod"]
    )["Attributes"] == {"MessageRetentionPeriod": "1209600"}
    groups = boto3.client("cognito-idp").list_groups(UserPoolId=resolver.refs["StaffUserPool"])
    assert [group["GroupName"] for group in groups["Groups"]] == ["managers"]
    secret = resolver.resolve(
        {"Fn::Sub": "{{resolve:secretsmanager:${CursorSecret}:SecretString}}"}
    )
    assert len(secret) == 48 and secret.isalnum()


def test_the_generated_cursor_secret_survives_a_restart(mocked_aws: None, tmp_path: Path) -> None:
    # GIVEN local mode started once: moto forgets its secrets, the state folder does not
    first = created(tmp_path)
    secret_reference = {"Fn::Sub": "{{resolve:secretsmanager:${CursorSecret}:SecretString}}"}
    first_secret = first.resolve(secret_reference)

    # WHEN it starts again on the same state folder (the tables already exist)
    again = created(tmp_path)

    # THEN cursors signed before the restart still verify: the secret is the same
    assert again.resolve(secret_reference) == first_secret
    assert (tmp_path / "secrets" / "CursorSecret").stat().st_mode & 0o077 == 0
