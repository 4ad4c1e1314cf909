"""The orders stream delivered in process, against DynamoDB Local's real streams."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from localmode.streams import StreamConsumer
from localmode.template import StreamSource

pytestmark = pytest.mark.dynamodb_local


class RecordingFunction:
    """Stands in for OrderTotalsFunction: records each batch, answers what `answer` says."""

    name = "OrderTotalsFunction"

    def __init__(self, answer: Callable[[list[dict]], dict] | None = None) -> None:
        self.batches: list[list[dict[str, Any]]] = []
        self._answer = answer or (lambda _records: {"batchItemFailures": []})

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        self.batches.append(event["Records"])
        return self._answer(event["Records"])

    def keys(self) -> list[str]:
        return [r["dynamodb"]["Keys"]["id"]["S"] for batch in self.batches for r in batch]


@pytest.fixture
def stream_table(
    dynamodb_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    """A fresh table with a stream, and a table without one written to first."""
    # Streams have an endpoint variable of their own; local mode sets both.
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamodb_engine.endpoint)
    client = boto3.client("dynamodb")
    name = f"orders_{uuid.uuid4().hex[:8]}"
    key = {
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    stream = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    client.create_table(TableName=name, StreamSpecification=stream, **key)
    client.create_table(TableName=f"{name}_other", **key)
    arn = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    yield name, arn
    client.delete_table(TableName=name)
    client.delete_table(TableName=f"{name}_other")


def consumer_for(
    table: str, arn: str, function: RecordingFunction, checkpoint: Path, batch_size: int = 100
) -> StreamConsumer:
    source = StreamSource(function.name, table, batch_size, "TRIM_HORIZON", 3, None)
    return StreamConsumer(source, function, arn, checkpoint)  # type: ignore[arg-type]


def put(table: str, *keys: str) -> None:
    client = boto3.client("dynamodb")
    for key in keys:
        client.put_item(TableName=table, Item={"id": {"S": key}, "total": {"N": "1.5"}})


def run_until_caught_up(consumer: StreamConsumer) -> bool:
    """Start the consumer, wait for a round that finds nothing new, and stop it."""
    consumer.start()
    try:
        return consumer.wait_caught_up(timeout=30)
    finally:
        consumer.stop()


def test_records_reach_the_function_as_a_lambda_stream_event(
    stream_table: tuple[str, str], tmp_path: Path
) -> None:
    # GIVEN a consumer polling a stream whose shard is still empty
    table, arn = stream_table
    function = RecordingFunction()
    consumer = consumer_for(table, arn, function, tmp_path / "checkpoint.json")
    consumer.start()

    # WHEN another table is written first (DynamoDB Local numbers records across tables),
    # then the streamed table
    try:
        put(f"{table}_other", "x")
        put(table, "a", "b", "c")
        caught_up = consumer.wait_caught_up(timeout=30)
    finally:
        consumer.stop()

    # THEN every record arrived once, in order, shaped as Lambda shapes it
    assert caught_up
    assert function.keys() == ["a", "b", "c"]
    record = function.batches[0][0]
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventName"] == "INSERT"
    assert record["awsRegion"] == "us-east-1"
    assert record["eventSourceARN"] == arn
    assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], int | float)
    assert record["dynamodb"]["NewImage"] == {"id": {"S": "a"}, "total": {"N": "1.5"}}


def test_items_reported_as_failed_are_delivered_again_from_the_first_failure(
    stream_table: tuple[str, str], tmp_path: Path
) -> None:
    # GIVEN a function that fails the second record of its first batch
    table, arn = stream_table
    failed_once: set[str] = set()

    def fail_b_once(records: list[dict]) -> dict:
        for record in records:
            key = record["dynamodb"]["Keys"]["id"]["S"]
            if key == "b" and key not in failed_once:
                failed_once.add(key)
                return {
                    "batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]
                }
        return {"batchItemFailures": []}

    put(table, "a", "b", "c")
    function = RecordingFunction(fail_b_once)
    consumer = consumer_for(table, arn, function, tmp_path / "checkpoint.json")

    # WHEN the consumer runs until it has caught up
    caught_up = run_until_caught_up(consumer)

    # THEN the batch was retried from "b": "a" went once, "b" and "c" twice
    assert caught_up
    assert function.keys() == ["a", "b", "c", "b", "c"]


def test_a_new_start_resumes_after_the_last_delivered_record(
    stream_table: tuple[str, str], tmp_path: Path
) -> None:
    # GIVEN a consumer that delivered two records and stopped
    table, arn = stream_table
    checkpoint = tmp_path / "checkpoint.json"
    put(table, "a", "b")
    first = RecordingFunction()
    consumer = consumer_for(table, arn, first, checkpoint)
    assert run_until_caught_up(consumer)

    # WHEN a record is written and a new consumer starts with the same checkpoint
    put(table, "c")
    second = RecordingFunction()
    consumer = consumer_for(table, arn, second, checkpoint)
    caught_up = run_until_caught_up(consumer)

    # THEN only the new record is delivered
    assert caught_up
    assert first.keys() == ["a", "b"]
    assert second.keys() == ["c"]


def test_batches_hold_at_most_the_batch_size(stream_table: tuple[str, str], tmp_path: Path) -> None:
    # GIVEN seven records and a batch size of three
    table, arn = stream_table
    put(table, *"abcdefg")
    function = RecordingFunction()
    consumer = consumer_for(table, arn, function, tmp_path / "c.json", batch_size=3)

    # WHEN the consumer catches up
    caught_up = run_until_caught_up(consumer)

    # THEN the records came in batches of 3, 3 and 1
    assert caught_up
    assert [len(batch) for batch in function.batches] == [3, 3, 1]
    assert function.keys() == list("abcdefg")
