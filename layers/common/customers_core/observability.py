"""The one place that creates the logger, tracer and metrics, and meters DynamoDB reads.

Every DynamoDB call made through botocore asks for its consumed capacity; the totals of
one invocation are logged once and kept for the benchmark, so the cost of a request is
measured where it is spent.
"""

from __future__ import annotations

import contextvars
import threading
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

logger = Logger()
tracer = Tracer()
metrics = Metrics()


def count_metric(name: str, value: float) -> None:
    """Add to a metric of this invocation, unless metrics are switched off.

    NOTE: with POWERTOOLS_METRICS_DISABLED, Powertools 3.37 still collects every value
    (log_metrics never flushes them) and prints the set each 100th value, so a switched-off
    process would leak memory and print metric blobs now and then; this check avoids both.
    """
    if not is_metrics_disabled():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


_CAPACITY_OPERATIONS = {
    "GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem",
    "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
}  # fmt: skip
_READ_OPERATIONS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"}


@dataclass
class CapacityMeter:
    """Read units and items read, summed over the DynamoDB calls of one request."""

    read_units: float = 0.0
    write_units: float = 0.0
    items_read: int = 0
    calls: int = 0
    by_operation: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        self.read_units = self.write_units = 0.0
        self.items_read = self.calls = 0
        self.by_operation = {}


# A context variable, not a thread-local: reads fanned out to worker threads run in a copy
# of the request's context and so add to the request's own meter.
_meter: contextvars.ContextVar[CapacityMeter] = contextvars.ContextVar("capacity_meter")
_meter_lock = threading.Lock()


def capacity_meter() -> CapacityMeter:
    meter = _meter.get(None)
    if meter is None:
        meter = CapacityMeter()
        _meter.set(meter)
    return meter


def _ask_for_capacity(params: dict[str, Any], model: Any, **_: Any) -> None:
    if model.name in _CAPACITY_OPERATIONS:
        params.setdefault("ReturnConsumedCapacity", "TOTAL")


def _count_capacity(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    with _meter_lock:
        _add_capacity(capacity_meter(), parsed, model.name)


def _add_capacity(meter: CapacityMeter, parsed: dict[str, Any], operation: str) -> None:
    meter.calls += 1
    meter.by_operation[operation] = meter.by_operation.get(operation, 0) + 1
    consumed = parsed.get("ConsumedCapacity") or []
    if isinstance(consumed, dict):
        consumed = [consumed]
    units = sum(float(entry.get("CapacityUnits", 0)) for entry in consumed)
    if operation in _READ_OPERATIONS:
        meter.read_units += units
        meter.items_read += _items_in(parsed)
    else:
        meter.write_units += units


def _items_in(parsed: dict[str, Any]) -> int:
    if "Count" in parsed:
        return int(parsed.get("ScannedCount", parsed["Count"]))
    if "Item" in parsed:
        return 1
    if "Responses" in parsed:
        responses = parsed["Responses"]
        if isinstance(responses, dict):
            return sum(len(items) for items in responses.values())
        return sum(1 for entry in responses if entry.get("Item"))
    return 0


def install_capacity_metering() -> None:
    """Meter every DynamoDB call pynamodb makes from now on (idempotent).

    pynamodb builds its botocore session through the `get_session` it imported; wrapping
    that one name is the narrowest hook that reaches every model's client.
    """
    from pynamodb.connection import base

    if getattr(base.get_session, "meters_capacity", False):
        return
    plain_get_session = base.get_session

    def metered_session() -> Any:
        session = plain_get_session()
        emitter = session.get_component("event_emitter")
        emitter.register("provide-client-params.dynamodb.*", _ask_for_capacity)
        emitter.register("after-call.dynamodb.*", _count_capacity)
        return session

    metered_session.meters_capacity = True  # type: ignore[attr-defined]
    base.get_session = metered_session  # type: ignore[assignment]


install_capacity_metering()
