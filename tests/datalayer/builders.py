"""Small helpers that write customers and orders through the data layer for tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from customers_core.customers import NewCustomer, create_customer
from customers_core.orders import apply_order_change


def add_customer(
    first_name: str = "Ada",
    last_name: str = "Lovelace",
    email: str | None = None,
    **fields: Any,
) -> str:
    email = email or f"{first_name}.{last_name}@example.com".replace(" ", "").lower()
    return create_customer(
        NewCustomer(
            login=fields.pop("login", email),
            email=email,
            first_name=first_name,
            last_name=last_name,
            created_at=fields.pop("created_at", datetime(2026, 1, 1, tzinfo=UTC)),
            **fields,
        )
    )


def order_image(customer_id: str, total_cents: int, status: str = "paid", version: int = 1):
    """The NEW_AND_OLD_IMAGES shape of an order, as the orders stream delivers it."""
    return {
        "id": {"S": "o-1"},
        "customer_id": {"S": customer_id},
        "status": {"S": status},
        "total": {"N": str(total_cents)},
        "version": {"N": str(version)},
    }


def count_order(order_id: str, old: dict | None, new: dict | None) -> bool:
    return apply_order_change(order_id, old, new)
