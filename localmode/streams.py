"""Deliver a table's stream to its function in process, as Lambda's event source mapping does.

One thread per stream source polls DescribeStream / GetShardIterator / GetRecords, calls
the handler with batches of up to BatchSize records, retries from the first item the
handler reports in `batchItemFailures` (or the whole batch when it raises), and after
MaximumRetryAttempts sends a note to the on-failure destination and moves on. The last
delivered sequence number of each shard is kept under the state folder, so a restart
resumes there; a replay is harmless since the consumer is idempotent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

from localmode.events import stream_record
from localmode.functions import FunctionFailed, LocalFunction
from localmode.template import StreamSource

IDLE_POLL_S = 0.25  # Lambda polls a stream shard about four times a second.
_STALE_ITERATOR = ("TrimmedDataAccessException", "ExpiredIteratorException")


@dataclass
class Shard:
    shard_id: str
    parent_id: str | None
    iterator: str | None = None
    closed: bool = False


@dataclass
class StreamConsumer:
    source: StreamSource
    function: LocalFunction
    stream_arn: str
    checkpoint_file: Path
    failure_queue_url: str | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _idle: threading.Condition = field(default_factory=threading.Condition)
    _last_idle_round: float = 0.0
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._streams = boto3.client("dynamodbstreams")
        self._positions = self._load_checkpoint()
        self._shards: dict[str, Shard] = {}
        name = f"stream-{self.source.function_id}"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def wait_caught_up(self, timeout: float = 120.0) -> bool:
        """Wait for a polling round that began after this call and found nothing new."""
        asked_at = time.monotonic()
        with self._idle:
            return self._idle.wait_for(lambda: self._last_idle_round > asked_at, timeout)

    # --- the polling loop ---------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            round_started = time.monotonic()
            try:
                idle = self._poll_round()
            except ClientError as error:
                print(f"local mode: reading the stream of {self.source.table_id}: {error}")
                idle = False
                self._stop.wait(1)
            if idle:
                with self._idle:
                    self._last_idle_round = round_started
                    self._idle.notify_all()
                self._stop.wait(IDLE_POLL_S)

    def _poll_round(self) -> bool:
        """Read every open shard once; True when none had anything to deliver."""
        self._discover_shards()
        idle = True
        for shard in list(self._shards.values()):
            if not shard.closed and self._parent_done(shard):
                idle = self._poll_shard(shard) and idle
        return idle

    def _discover_shards(self) -> None:
        start: dict[str, str] = {}
        while True:
            answer = self._streams.describe_stream(StreamArn=self.stream_arn, **start)
            description = answer["StreamDescription"]
            for found in description["Shards"]:
                shard_id = found["ShardId"]
                if shard_id not in self._shards:
                    self._shards[shard_id] = Shard(shard_id, found.get("ParentShardId"))
            last = description.get("LastEvaluatedShardId")
            if not last:
                return
            start = {"ExclusiveStartShardId": last}

    def _parent_done(self, shard: Shard) -> bool:
        # Records of a parent shard come before its children's, as Lambda keeps them.
        parent = self._shards.get(shard.parent_id) if shard.parent_id else None
        return parent is None or parent.closed

    def _poll_shard(self, shard: Shard) -> bool:
        """Deliver the next batch of the shard; True when it had none."""
        if shard.iterator is None:
            shard.iterator = self._first_iterator(shard.shard_id)
        try:
            answer = self._streams.get_records(
                ShardIterator=shard.iterator, Limit=self.source.batch_size
            )
        except ClientError as error:
            if error.response["Error"]["Code"] not in _STALE_ITERATOR:
                raise
            # NOTE: DynamoDB Local numbers stream records across all tables, and an
            # iterator taken on an empty shard points at number 1: once the first record
            # has a higher number, that iterator is refused as trimmed. Take a new one
            # (from the checkpoint, or a fresh starting position) on the next round.
            shard.iterator = None
            return False
        records = answer["Records"]
        if records:
            if not self._deliver(shard, records):
                return False  # stopping: keep the position; the next start delivers these
            self._save_position(shard.shard_id, records[-1]["dynamodb"]["SequenceNumber"])
        shard.iterator = answer.get("NextShardIterator")
        shard.closed = shard.iterator is None
        return not records

    def _first_iterator(self, shard_id: str) -> str:
        position = self._positions.get(shard_id)
        if position is not None:
            try:
                return self._iterator(shard_id, "AFTER_SEQUENCE_NUMBER", position)
            except ClientError:
                pass  # trimmed or from an older stream: start over, replays are harmless
        return self._iterator(shard_id, self.source.starting_position)

    def _iterator(self, shard_id: str, kind: str, sequence: str | None = None) -> str:
        extra = {"SequenceNumber": sequence} if sequence else {}
        return self._streams.get_shard_iterator(
            StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType=kind, **extra
        )["ShardIterator"]

    # --- delivery and retries -----------------------------------------------------------

    def _deliver(self, shard: Shard, records: list[dict[str, Any]]) -> bool:
        """True once the records are delivered or given up on; False when stopping."""
        pending = records
        for attempt in range(self.source.maximum_retry_attempts + 1):
            failed_from = self._invoke(pending)
            if failed_from is None:
                return True
            pending = pending[failed_from:]
            if self._stop.wait(min(0.2 * 2**attempt, 5)):
                return False
        self._give_up(shard, pending)
        return True

    def _invoke(self, records: list[dict[str, Any]]) -> int | None:
        """Index of the first record to deliver again, or None when all went through."""
        event = {"Records": [stream_record(record, self.stream_arn) for record in records]}
        try:
            answer = self.function.invoke(event)
        except FunctionFailed as error:
            print(f"local mode: {self.function.name} failed on a stream batch: {error}")
            return 0
        failures = (answer.get("batchItemFailures") or []) if isinstance(answer, dict) else []
        failed = {failure.get("itemIdentifier") for failure in failures}
        for index, record in enumerate(records):
            if record["dynamodb"]["SequenceNumber"] in failed:
                return index
        return None

    def _give_up(self, shard: Shard, records: list[dict[str, Any]]) -> None:
        first, last = records[0]["dynamodb"], records[-1]["dynamodb"]
        print(
            f"local mode: {self.function.name} gave up on {len(records)} stream records "
            f"({first['SequenceNumber']}..{last['SequenceNumber']}) after every retry"
        )
        if self.failure_queue_url is None:
            return
        note = {
            "requestContext": {"condition": "RetryAttemptsExhausted"},
            "DDBStreamBatchInfo": {
                "shardId": shard.shard_id,
                "startSequenceNumber": first["SequenceNumber"],
                "endSequenceNumber": last["SequenceNumber"],
                "batchSize": len(records),
                "streamArn": self.stream_arn,
            },
        }
        sqs = boto3.client("sqs")
        sqs.send_message(QueueUrl=self.failure_queue_url, MessageBody=json.dumps(note))

    # --- the checkpoint -----------------------------------------------------------------

    def _load_checkpoint(self) -> dict[str, str]:
        try:
            saved = json.loads(self.checkpoint_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return saved.get("shards", {}) if saved.get("stream_arn") == self.stream_arn else {}

    def _save_position(self, shard_id: str, sequence: str) -> None:
        self._positions[shard_id] = sequence
        body = {"stream_arn": self.stream_arn, "shards": self._positions}
        partial = self.checkpoint_file.with_suffix(".partial")
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(body), encoding="utf-8")
        partial.replace(self.checkpoint_file)
