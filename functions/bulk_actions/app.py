"""Writes on customers and orders. Today: the order feed, PUT /orders/{order_id}."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from customers_core.api import answers, create_resolver, json_response, resolve_metered
from customers_core.customers import Address, iso_utc
from customers_core.fields import Amount, Email, Name, Phone, PostalCode, Timestamp
from customers_core.money import format_cents, parse_cents
from customers_core.observability import logger, metrics, tracer
from customers_core.orders import ORDER_STATUSES, OrderChange, OrderCustomer, put_order
from customers_core.schemas import OrderAnswer
from pydantic import BaseModel, ConfigDict, Field, model_validator

app = create_resolver()

ORDER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"


class AddressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    street: Name | None = None
    city: Name | None = None
    state: Name | None = None
    postal_code: PostalCode | None = None
    country: Name | None = None


class OrderCustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    first_name: Name = ""
    last_name: Name = ""
    phone: Phone | None = None
    billing: AddressIn | None = None
    shipping: AddressIn | None = None


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: Annotated[str | None, Field(pattern=r"^c_[0-9]{19}$")] = None
    customer: OrderCustomerIn | None = None
    placed_at: Timestamp
    status: Literal[ORDER_STATUSES]  # type: ignore[valid-type]
    total: Amount

    @model_validator(mode="after")
    def names_one_customer(self) -> OrderIn:
        if (self.customer_id is None) == (self.customer is None):
            raise ValueError("give either customer_id or customer, not both or neither")
        return self


def _address(address: AddressIn | None) -> Address | None:
    return Address(**address.model_dump()) if address else None


def _order_customer(customer: OrderCustomerIn | None) -> OrderCustomer | None:
    if customer is None:
        return None
    return OrderCustomer(
        email=customer.email,
        first_name=customer.first_name.strip(),
        last_name=customer.last_name.strip(),
        phone=customer.phone,
        billing=_address(customer.billing),
        shipping=_address(customer.shipping),
    )


@app.put(
    "/orders/<order_id>",
    responses={
        **answers(
            200, OrderAnswer, 400, 409, 415, 422, description="The order, unchanged or updated."
        ),
        **answers(201, OrderAnswer, description="The order, new."),
    },
)
def put_order_route(
    order_id: Annotated[str, Path(pattern=ORDER_ID_PATTERN)],
    order: Annotated[OrderIn, Body()],
) -> Any:
    total_cents = parse_cents(order.total)
    outcome = put_order(
        OrderChange(
            order_id=order_id,
            placed_at=iso_utc(order.placed_at.astimezone(UTC)),
            status=order.status,
            total_cents=total_cents,
            customer_id=order.customer_id,
            customer=_order_customer(order.customer),
        )
    )
    body = {
        "id": outcome.order.id,
        "customer_id": outcome.order.customer_id,
        "placed_at": outcome.order.placed_at,
        "status": outcome.order.status,
        "total": format_cents(total_cents),
    }
    return json_response(201 if outcome.created else 200, body)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return resolve_metered(app, event, context)
