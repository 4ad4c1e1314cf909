"""DynamoDB transactions that try again when they collide with another one.

Two transactions that touch one item at the same moment (two new customers adding to the
same counter shard, an order's totals while the customer is written) are cancelled with
the reason TransactionConflict, and nothing of them is written. Trying again after a
short random pause is what AWS advises; a cancellation for any other reason (a failed
condition) goes back to the caller at once, with its reasons.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from customers_core.errors import Throttled
from customers_core.models import shared_connection
from customers_core.observability import logger

ATTEMPTS = 6
FIRST_PAUSE_S = 0.02


def write_transaction(build: Callable[[TransactWrite], None]) -> None:
    """Write the items `build` adds to a transaction, once, however many tries it takes.

    Throttled (429) when it still collides after ATTEMPTS tries.
    """
    for attempt in range(ATTEMPTS):
        try:
            with TransactWrite(connection=shared_connection()) as transaction:
                build(transaction)
            return
        except TransactWriteError as error:
            if not collided(error):
                raise
            logger.debug("transaction conflict", extra={"attempt": attempt + 1})
            # Full jitter: colliding writers spread out instead of colliding again.
            time.sleep(random.uniform(0, FIRST_PAUSE_S * 2**attempt))  # noqa: S311
    raise Throttled("The store is busy with the same customers; send the request again.")


def collided(error: TransactWriteError) -> bool:
    reasons = getattr(error, "cancellation_reasons", None) or []
    codes = {reason.code for reason in reasons if reason is not None}
    return "TransactionConflict" in codes and "ConditionalCheckFailed" not in codes


def failed_condition(error: TransactWriteError, index: int) -> bool:
    """True when the item at `index` of the cancelled transaction failed its condition."""
    reasons = getattr(error, "cancellation_reasons", None) or []
    reason = reasons[index] if len(reasons) > index else None
    return reason is not None and reason.code == "ConditionalCheckFailed"
