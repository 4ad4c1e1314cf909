"""PUT /orders/{order_id}: created, unchanged, updated, conflicting, and refused input."""

from __future__ import annotations

import pytest
from customers_core.models import Order
from customers_core.money import format_cents

from tests.datalayer.builders import add_customer
from tests.handlers.events import api_event, call

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


def put(order_id: str, body):
    return call(
        "bulk_actions",
        api_event(
            "PUT",
            f"/orders/{order_id}",
            resource="/orders/{order_id}",
            body=body,
            path_parameters={"order_id": order_id},
        ),
    )


def order_body(customer_id: str, **changes):
    return {
        "customer_id": customer_id,
        "placed_at": "2026-01-01T10:00:00Z",
        "status": "paid",
        "total": "49.62",
        **changes,
    }


def test_a_new_order_is_201_the_same_body_200_and_a_new_status_updates_it():
    # GIVEN a customer
    customer = add_customer()

    # WHEN the same order is put twice, then with a new status
    created = put("o-1", order_body(customer))
    again = put("o-1", order_body(customer))
    refunded = put("o-1", order_body(customer, status="refunded"))

    # THEN 201, 200, 200 and the stored order has the last status, version 2
    assert created == (
        201,
        {
            "id": "o-1",
            "customer_id": customer,
            "placed_at": "2026-01-01T10:00:00Z",
            "status": "paid",
            "total": "49.62",
        },
    )
    assert again[0] == 200 and refunded[0] == 200
    stored = Order.get("o-1")
    assert (stored.status, int(stored.total), int(stored.version)) == ("refunded", 4962, 2)


def test_the_customer_of_an_order_cannot_change():
    first, second = add_customer("A", "One", email="1@x.com"), add_customer("B", "Two")
    put("o-1", order_body(first))

    status, body = put("o-1", order_body(second))

    assert status == 409
    assert body["error"]["code"] == "conflict"
    assert Order.get("o-1").customer_id == first


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"placed_at": "2026-01-01T10:00:00Z", "status": "paid", "total": "1.00"}, "body"),
        (
            {
                "customer_id": "c_1",
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": "1.00",
            },
            "customer_id",
        ),
        (
            {
                "customer": {"email": "not-an-email"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": "1.00",
            },
            "customer.email",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "yesterday",
                "status": "paid",
                "total": "1.00",
            },
            "placed_at",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00",
                "status": "paid",
                "total": "1.00",
            },
            "placed_at",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "gift",
                "total": "1.00",
            },
            "status",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": "-1.00",
            },
            "total",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": "1.005",
            },
            "total",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": 1.5,
            },
            "total",
        ),
        (
            {
                "customer": {"email": "a@b.c"},
                "placed_at": "2026-01-01T10:00:00Z",
                "status": "paid",
                "total": "1.00",
                "surprise": 1,
            },
            "surprise",
        ),
    ],
)
def test_bad_order_input_is_a_422_naming_the_field_and_stores_nothing(body, field):
    status, answer = put("o-1", body)

    assert status == 422
    assert any(name.startswith(field) for name in answer["error"]["fields"]), answer
    with pytest.raises(Order.DoesNotExist):
        Order.get("o-1")


def test_a_body_that_is_not_json_is_a_400():
    status, answer = put("o-1", "{not json")

    assert status == 400
    assert answer["error"]["code"] == "malformed"


@pytest.mark.parametrize("raw", ["", "[]", "null", "42"])
def test_a_json_body_that_is_not_an_object_is_a_422_naming_the_body(raw):
    status, answer = put("o-1", raw)

    assert status == 422
    assert "body" in answer["error"]["fields"]


def test_an_order_id_with_odd_characters_is_a_422():
    status, answer = put(
        "a b<",
        {
            "customer": {"email": "a@b.c"},
            "status": "paid",
            "placed_at": "2026-01-01T10:00:00Z",
            "total": "1.00",
        },
    )

    assert status == 422
    assert "order_id" in answer["error"]["fields"]


@pytest.mark.parametrize(("sent", "answered"), [("7", "7.00"), ("1.5", "1.50"), ("0.05", "0.05")])
def test_the_answer_gives_the_total_with_two_places_whatever_was_sent(sent, answered):
    # GIVEN a customer
    customer = add_customer()

    # WHEN an order's total is sent with no or one decimal place
    status, body = put("o-1", order_body(customer, total=sent))

    # THEN the answer and the stored order hold the same exact amount, with two places
    assert status == 201
    assert body["total"] == answered
    assert format_cents(int(Order.get("o-1").total)) == answered
