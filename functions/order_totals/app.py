"""Consumer of the orders stream: keeps each customer's order count and totals exact."""

from __future__ import annotations

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from customers_core.observability import count_metric, logger, metrics, tracer
from customers_core.orders import apply_order_change

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    change = record.raw_event["dynamodb"]
    order_id = change["Keys"]["id"]["S"]
    counted = apply_order_change(order_id, change.get("OldImage"), change.get("NewImage"))
    # Redelivered or out-of-date records are skipped; a steady rise of those is worth a look.
    count_metric("OrderChangesCounted" if counted else "OrderChangesSkipped", 1)
    logger.debug("order change", extra={"order_id": order_id, "counted": counted})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
