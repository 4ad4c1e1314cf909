"""The order feed (PUT /orders/{id}) and the stream consumer that keeps customer totals.

Totals are never computed per page view: each change of an order reaches the orders
stream, and `apply_order_change` adds the difference it makes to the customer's profile
and every listing copy in one transaction, together with a ledger item that records the
order version already counted, so a stream record delivered twice is counted once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from customers_core.customers import (
    ID_SHIFT,
    Address,
    NewCustomer,
    create_customer,
    customer_id_for_email,
    get_profile,
    iso_utc,
    update_profile_items,
)
from customers_core.errors import (
    Conflict,
    EmailTaken,
    InvalidField,
    LoginTaken,
    NotFound,
)
from customers_core.models import LISTING_KINDS, CustomerItem, Order, OrderLedger
from customers_core.observability import logger
from customers_core.transactions import failed_condition, write_transaction

ORDER_STATUSES = ("pending", "paid", "declined", "refunded", "cancelled")


@dataclass(frozen=True)
class OrderCustomer:
    email: str
    first_name: str = ""
    last_name: str = ""
    phone: str | None = None
    billing: Address | None = None
    shipping: Address | None = None


@dataclass(frozen=True)
class OrderChange:
    order_id: str
    placed_at: str
    status: str
    total_cents: int
    customer_id: str | None = None
    customer: OrderCustomer | None = None


@dataclass(frozen=True)
class OrderOutcome:
    created: bool
    changed: bool
    order: Order


def put_order(change: OrderChange) -> OrderOutcome:
    """Create or update an order; the same body twice changes nothing."""
    existing = _existing_order(change.order_id)
    customer_id = _resolve_customer(change, existing)
    if existing is None:
        return _create_order(change, customer_id)
    if existing.customer_id != customer_id:
        raise Conflict(
            "This order belongs to another customer; an order's customer cannot change.",
            fields={"customer_id": "differs from the order's customer"},
        )
    return _update_order(existing, change)


def _existing_order(order_id: str) -> Order | None:
    try:
        return Order.get(order_id, consistent_read=True)
    except Order.DoesNotExist:
        return None


def _resolve_customer(change: OrderChange, existing: Order | None) -> str:
    if change.customer_id is not None:
        get_profile_or_field_error(change.customer_id)
        return change.customer_id
    assert change.customer is not None
    owner = customer_id_for_email(change.customer.email)
    if owner is not None:
        return owner
    if existing is not None:
        # The order exists and names an e-mail nobody owns: it cannot move customers.
        return ""
    return _create_quick_checkout_customer(change.customer)


def get_profile_or_field_error(customer_id: str) -> CustomerItem:
    try:
        return get_profile(customer_id)
    except NotFound as error:
        raise InvalidField(
            f"No customer has the id {customer_id!r}.",
            fields={"customer_id": "unknown customer"},
        ) from error


# A digit login is 10 random digits; one taken already is drawn again (at a million
# quick-checkout customers, about one draw in 10,000 is).
QUICK_CHECKOUT_LOGIN_DIGITS = 10
QUICK_CHECKOUT_LOGIN_DRAWS = 5


def draw_digit_login() -> str:
    return f"{secrets.randbelow(10**QUICK_CHECKOUT_LOGIN_DIGITS):0{QUICK_CHECKOUT_LOGIN_DIGITS}d}"


def _create_quick_checkout_customer(customer: OrderCustomer) -> str:
    """A customer for an unknown e-mail, with a login of digits for a later account."""
    for _ in range(QUICK_CHECKOUT_LOGIN_DRAWS):
        new = NewCustomer(
            login=draw_digit_login(),
            email=customer.email,
            first_name=customer.first_name,
            last_name=customer.last_name,
            status="quick_checkout",
            phone=customer.phone,
            billing=customer.billing,
            shipping=customer.shipping or customer.billing,
        )
        try:
            customer_id = create_customer(new)
        except LoginTaken:
            continue
        except EmailTaken:
            # Another order for the same new e-mail created the customer a moment ago.
            owner = customer_id_for_email(customer.email)
            if owner is None:
                raise
            return owner
        logger.info("quick checkout customer created", extra={"customer_id": customer_id})
        return customer_id
    raise Conflict("No free login could be drawn for a new customer; send the order again.")


def _create_order(change: OrderChange, customer_id: str) -> OrderOutcome:
    profile = get_profile(customer_id)
    order = Order(
        id=change.order_id,
        customer_id=customer_id,
        placed_at=change.placed_at,
        placed_key=f"{change.placed_at}#{change.order_id}",
        status=change.status,
        total=change.total_cents,
        version=1,
        customer_email=profile.email,
        customer_first_name=profile.first_name,
        customer_last_name=profile.last_name,
        received_at=iso_utc(datetime.now(UTC)),
    )
    try:
        order.save(condition=Order.id.does_not_exist())
    except PutError as error:
        if _is_condition_failure(error):
            # A concurrent PUT created it first: treat this one as an update of it.
            existing = _existing_order(change.order_id)
            if existing is not None and existing.customer_id == customer_id:
                return _update_order(existing, change)
            raise Conflict("This order was created for another customer.") from error
        raise
    logger.info("order created", extra={"order_id": order.id, "customer_id": customer_id})
    return OrderOutcome(created=True, changed=True, order=order)


def _update_order(existing: Order, change: OrderChange) -> OrderOutcome:
    same = (
        existing.status == change.status
        and int(existing.total) == change.total_cents
        and existing.placed_at == change.placed_at
    )
    if same:
        return OrderOutcome(created=False, changed=False, order=existing)
    try:
        existing.update(
            actions=[
                Order.status.set(change.status),
                Order.total.set(change.total_cents),
                Order.placed_at.set(change.placed_at),
                Order.placed_key.set(f"{change.placed_at}#{existing.id}"),
                Order.version.add(1),
            ],
            condition=Order.version == existing.version,
        )
    except UpdateError as error:
        if _is_condition_failure(error):
            raise Conflict(
                "The order changed while this update was made; send it again."
            ) from error
        raise
    logger.info("order updated", extra={"order_id": existing.id, "version": existing.version})
    return OrderOutcome(created=False, changed=True, order=existing)


def _is_condition_failure(error: Exception) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


# --- The stream consumer ----------------------------------------------------------------


@dataclass(frozen=True)
class OrderFigures:
    """What one version of an order adds to its customer's totals."""

    customer_id: str
    version: int
    count: int
    amount: int
    paid: int

    @classmethod
    def from_image(cls, image: dict[str, Any] | None) -> OrderFigures | None:
        if not image:
            return None
        total = int(image["total"]["N"])
        return cls(
            customer_id=image["customer_id"]["S"],
            version=int(image["version"]["N"]),
            count=1,
            amount=total,
            paid=total if image["status"]["S"] == "paid" else 0,
        )


def apply_order_change(order_id: str, old: dict | None, new: dict | None) -> bool:
    """Add what a stream record changes to the customer's totals; False if already counted.

    The ledger's condition makes a redelivered record (or an older one) a no-op; the
    totals and the ledger change in one transaction, so neither moves without the other.
    """
    before, after = OrderFigures.from_image(old), OrderFigures.from_image(new)
    current = after or before
    if current is None:
        return False
    deltas = _deltas(before, after)
    ledger = OrderLedger(pk=current.customer_id, sk=f"order#{order_id}")
    if after is not None:
        ledger.version = after.version
        condition = OrderLedger.sk.does_not_exist() | (OrderLedger.version < after.version)
    else:
        assert before is not None
        ledger.version = before.version + 1
        condition = OrderLedger.version == before.version

    def write(transaction: TransactWrite) -> None:
        transaction.save(ledger, condition=condition)
        if any(deltas.values()):
            update_profile_items(current.customer_id, _total_actions(deltas), transaction)

    try:
        write_transaction(write)
    except TransactWriteError as error:
        # Item 0 is the ledger; the others are the customer's profile and copies.
        if failed_condition(error, index=0):
            logger.info("order change already counted", extra={"order_id": order_id})
            return False
        if any(failed_condition(error, index) for index in range(1, len(LISTING_KINDS) + 1)):
            logger.warning(
                "order for a missing customer",
                extra={"order_id": order_id, "customer_id": current.customer_id},
            )
            return False
        raise
    return True


def _deltas(before: OrderFigures | None, after: OrderFigures | None) -> dict[str, int]:
    def value(figures: OrderFigures | None, name: str) -> int:
        return getattr(figures, name) if figures else 0

    return {name: value(after, name) - value(before, name) for name in ("count", "amount", "paid")}


def _total_actions(deltas: dict[str, int]) -> list[Any]:
    return [
        CustomerItem.orders_count.add(deltas["count"]),
        CustomerItem.total_amount.add(deltas["amount"]),
        CustomerItem.total_paid.add(deltas["paid"]),
        CustomerItem.n_orders_count.add(deltas["count"] * ID_SHIFT),
        CustomerItem.n_total_amount.add(deltas["amount"] * ID_SHIFT),
        CustomerItem.n_total_paid.add(deltas["paid"] * ID_SHIFT),
    ]
