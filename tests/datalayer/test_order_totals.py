"""Order totals from the stream: exact to the cent, idempotent, following status changes."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from customers_core.customers import customer_detail, get_profile, total_count
from customers_core.models import LISTING_KINDS, CustomerItem
from customers_core.money import format_cents, parse_cents
from customers_core.orders import OrderChange, OrderCustomer, put_order

from tests.datalayer.builders import add_customer, count_order, order_image

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


def totals(customer_id: str) -> list[tuple[int, int, int]]:
    """(orders_count, total_amount, total_paid) of the profile and every listing copy."""
    return [
        (int(item.orders_count), int(item.total_amount), int(item.total_paid))
        for item in (CustomerItem.get(customer_id, kind) for kind in LISTING_KINDS)
    ]


def test_a_stream_record_delivered_twice_is_counted_once():
    # GIVEN a customer and one paid order's INSERT record
    customer = add_customer()
    record = order_image(customer, 4962)

    # WHEN the record is delivered three times
    outcomes = [count_order("o-1", None, record) for _ in range(3)]

    # THEN it counts once, in the profile and every copy
    assert outcomes == [True, False, False]
    assert totals(customer) == [(1, 4962, 4962)] * 4


def test_a_status_change_moves_the_amount_out_of_total_paid():
    # GIVEN a paid order, counted
    customer = add_customer()
    paid = order_image(customer, 1000, "paid", version=1)
    refunded = order_image(customer, 1000, "refunded", version=2)
    count_order("o-1", None, paid)

    # WHEN it is refunded, and the refund record is redelivered, and the old one too
    count_order("o-1", paid, refunded)
    count_order("o-1", paid, refunded)
    count_order("o-1", None, paid)

    # THEN the order still counts and sums in total_amount but not in total_paid
    assert totals(customer) == [(1, 1000, 0)] * 4


def test_a_changed_total_replaces_the_old_one():
    customer = add_customer()
    first = order_image(customer, 500, "pending", version=1)
    second = order_image(customer, 750, "paid", version=2)

    count_order("o-1", None, first)
    count_order("o-1", first, second)

    assert totals(customer) == [(1, 750, 750)] * 4


@pytest.mark.slow
def test_thousands_of_orders_sum_exactly_to_the_cent():
    # GIVEN 1,500 orders of random amounts for one customer, a third not paid
    customer = add_customer()
    rng = random.Random(11)
    amounts = [f"{rng.randrange(0, 500)}.{rng.randrange(0, 100):02d}" for _ in range(1500)]
    statuses = [rng.choice(["paid", "paid", "pending"]) for _ in amounts]

    # WHEN each is counted (some twice, as a stream may redeliver)
    for n, (amount, status) in enumerate(zip(amounts, statuses, strict=True)):
        image = order_image(customer, parse_cents(amount), status)
        count_order(f"o-{n}", None, image)
        if n % 7 == 0:
            count_order(f"o-{n}", None, image)

    # THEN the totals equal the exact decimal sums
    profile = get_profile(customer)
    paid = sum(Decimal(a) for a, s in zip(amounts, statuses, strict=True) if s == "paid")
    assert int(profile.orders_count) == 1500
    assert format_cents(int(profile.total_amount)) == str(sum(Decimal(a) for a in amounts))
    assert format_cents(int(profile.total_paid)) == str(paid)


def test_an_order_for_a_deleted_customer_is_skipped_without_creating_items():
    # GIVEN an order record for a customer id that does not exist
    # WHEN it is counted
    counted = count_order("o-1", None, order_image("c_0000000000000000001", 100))

    # THEN nothing is counted and no partial customer item appears
    assert counted is False
    with pytest.raises(CustomerItem.DoesNotExist):
        CustomerItem.get("c_0000000000000000001", "profile")


def test_an_order_for_an_unknown_email_creates_a_quick_checkout_customer():
    # GIVEN no customer with this e-mail
    # WHEN an order arrives for it
    outcome = put_order(
        OrderChange(
            order_id="web-1",
            placed_at="2026-01-02T00:00:00Z",
            status="paid",
            total_cents=100,
            customer=OrderCustomer(
                email="New.Buyer@Example.com", first_name="New", last_name="Buyer"
            ),
        )
    )

    # THEN a quick_checkout customer with a digit login owns the order
    profile = get_profile(outcome.order.customer_id)
    assert outcome.created is True
    assert profile.status == "quick_checkout"
    assert profile.login.isdigit() and len(profile.login) == 10
    assert profile.email == "New.Buyer@Example.com"


def test_a_quick_checkout_login_already_taken_is_drawn_again(monkeypatch):
    # GIVEN a customer whose login is the first digits the next draw will give
    taken = add_customer("Ann", "Taken", email="taken@example.com", login="0000000042")
    draws = iter(["0000000042", "0000000042", "0000000077"])
    monkeypatch.setattr("customers_core.orders.draw_digit_login", lambda: next(draws))

    # WHEN an order for an unknown e-mail creates a quick-checkout customer
    outcome = put_order(
        OrderChange(
            order_id="web-1",
            placed_at="2026-01-02T00:00:00Z",
            status="paid",
            total_cents=100,
            customer=OrderCustomer(email="new@example.com", first_name="New"),
        )
    )

    # THEN the new customer gets the first free login, and the taken one keeps its own
    assert get_profile(outcome.order.customer_id).login == "0000000077"
    assert get_profile(taken).login == "0000000042"
    assert total_count() == 2


@pytest.mark.parametrize(
    "spelling",
    ["helena@example.com", "HELENA@EXAMPLE.COM", "Helena@Example.com", " helena@example.com "],
)
def test_an_order_whose_email_differs_only_in_case_or_form_belongs_to_the_customer(spelling):
    # GIVEN a registered customer
    customer = add_customer("Helena", "Holý", email="helena@example.com")

    # WHEN an order names her e-mail in another case or with spaces
    outcome = put_order(
        OrderChange(
            order_id="web-1",
            placed_at="2026-01-02T00:00:00Z",
            status="paid",
            total_cents=100,
            customer=OrderCustomer(email=spelling.strip()),
        )
    )

    # THEN it is hers
    assert outcome.order.customer_id == customer


def test_an_email_in_another_unicode_form_belongs_to_the_same_customer():
    import unicodedata

    customer = add_customer("José", "Núñez", email=unicodedata.normalize("NFC", "josé@ex.es"))

    outcome = put_order(
        OrderChange(
            order_id="web-2",
            placed_at="2026-01-02T00:00:00Z",
            status="paid",
            total_cents=100,
            customer=OrderCustomer(email=unicodedata.normalize("NFD", "JOSÉ@ex.es")),
        )
    )

    assert outcome.order.customer_id == customer


def test_the_same_order_twice_changes_nothing_and_a_new_status_updates_it():
    customer = add_customer()
    change = OrderChange(
        order_id="o-9",
        placed_at="2026-01-02T00:00:00Z",
        status="pending",
        total_cents=1234,
        customer_id=customer,
    )

    first, again = put_order(change), put_order(change)
    paid = put_order(OrderChange(**{**change.__dict__, "status": "paid"}))

    assert (first.created, again.created, again.changed) == (True, False, False)
    assert (paid.created, paid.changed, int(paid.order.version)) == (False, True, 2)


def test_detail_lists_orders_newest_first_with_exact_amounts():
    customer = add_customer()
    for n, day in enumerate(["2026-01-05", "2026-03-01", "2026-02-10"]):
        put_order(
            OrderChange(
                order_id=f"o-{n}",
                placed_at=f"{day}T00:00:00Z",
                status="paid",
                total_cents=199 + n,
                customer_id=customer,
            )
        )

    detail = customer_detail(customer)

    assert [order["placed_at"][:10] for order in detail["orders"]] == [
        "2026-03-01",
        "2026-02-10",
        "2026-01-05",
    ]
    assert [order["total"] for order in detail["orders"]] == ["2.00", "2.01", "1.99"]
