"""PUT /orders/{order_id}: created, unchanged, updated, conflicting, and refused input."""

from __future__ import annotations

import pytest
from customers_core.customers import get_profile, total_count
from customers_core.models import Order
from customers_core.money import format_cents

from tests.datalayer.builders import add_customer
from tests.handlers.events import api_event, call, call_with_headers

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


def put(order_id: str, body, **event_options):
    return call(
        "bulk_actions",
        api_event(
            "PUT",
            f"/orders/{order_id}",
            resource="/orders/{order_id}",
            body=body,
            path_parameters={"order_id": order_id},
            **event_options,
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


def new_customer_order(**changes):
    return {
        "customer": {"email": "new@example.com", "first_name": "New", "last_name": "Buyer"},
        "placed_at": "2026-01-01T10:00:00Z",
        "status": "paid",
        "total": "1.00",
        **changes,
    }


def assert_nothing_stored():
    with pytest.raises(Order.DoesNotExist):
        Order.get("o-1")
    assert total_count() == 0


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/vnd.api+json",
        "*/*",
    ],
)
def test_a_body_that_is_not_sent_as_json_is_a_415_naming_the_content_type(content_type):
    # GIVEN a valid order body sent with another media type
    # WHEN it is put
    status, answer = put("o-1", new_customer_order(), headers={"Content-Type": content_type})

    # THEN it is refused as a media type the feed does not take, and nothing is stored
    assert status == 415
    assert answer["error"]["code"] == "unsupported_media_type"
    assert list(answer["error"]["fields"]) == ["Content-Type"]
    assert_nothing_stored()


@pytest.mark.parametrize(
    "content_type", ["application/JSON", "Application/Json; charset=UTF-8", "application/json"]
)
def test_json_in_any_case_of_its_media_type_is_taken(content_type):
    # GIVEN an order sent as JSON, its media type written in another case
    # WHEN it is put
    status, answer = put("o-1", new_customer_order(), headers={"content-type": content_type})

    # THEN it is created
    assert status == 201, answer
    assert Order.get("o-1").status == "paid"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (("[" * 5000 + "]" * 5000).encode(), "nested too deeply"),
        (('{"customer": ' + "[" * 40 + "]" * 40 + "}").encode(), "nested too deeply"),
        (('{"a":' * 3000 + "1" + "}" * 3000).encode(), "nested too deeply"),
        (b'{"customer_id": "c_0000000000000000001", "total": NaN}', "NaN is not JSON"),
        (b'{"total": -Infinity}', "-Infinity is not JSON"),
        (b'{"n": 1' + b"0" * 4300 + b"}", "an integer of 4301 digits is not JSON"),
    ],
)
def test_a_body_that_cannot_be_read_is_a_400(raw, problem):
    # GIVEN a body that is not UTF-8, or JSON nested thousands deep
    # WHEN it is put
    status, answer = put("o-1", None, base64_body=raw)

    # THEN it is malformed, named as such, and nothing is stored
    assert status == 400
    assert answer["error"]["code"] == "malformed"
    assert answer["error"]["fields"] == {"body": problem}
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"placed_at": "0001-01-01T00:00:00+01:00"}, "placed_at"),
        ({"placed_at": "9999-12-31T23:59:59-01:00"}, "placed_at"),
        ({"placed_at": "0999-01-01T00:00:00Z"}, "placed_at"),
        ({"placed_at": 0}, "placed_at"),
        ({"placed_at": 1700000000}, "placed_at"),
        ({"placed_at": "1700000000"}, "placed_at"),
        ({"placed_at": "2026-01-01"}, "placed_at"),
        ({"placed_at": "2999-12-31T23:59:59-23:59"}, "placed_at"),
        ({"placed_at": "2999-12-31T23:59:59-14:00"}, "placed_at"),
        ({"placed_at": "1970-01-01T00:00:00+23:59"}, "placed_at"),
        ({"total": "\u0661\u0662"}, "total"),
        ({"total": "\uff11\uff12.\uff13\uff14"}, "total"),
        ({"total": "\U0001d7cf.\U0001d7ce\U0001d7ce"}, "total"),
        ({"total": "12345678901.00"}, "total"),
        ({"total": "1.00\n"}, "total"),
        ({"customer": {"email": "ctl\u0000@example.com"}}, "customer.email"),
        ({"customer": {"email": "<script>@example.com"}}, "customer.email"),
        ({"customer": {"email": "two@at@example.com"}}, "customer.email"),
        ({"customer": {"email": "nodomain@localhost"}}, "customer.email"),
        ({"customer": {"email": "a@b..com"}}, "customer.email"),
        ({"customer": {"email": ".a@b.com"}}, "customer.email"),
        ({"customer": {"email": "a@-b.com"}}, "customer.email"),
        ({"customer": {"email": "a@b_c.com"}}, "customer.email"),
        ({"customer": {"email": "a@b.com."}}, "customer.email"),
        ({"customer": {"email": "a@b.1"}}, "customer.email"),
        ({"customer": {"email": "john\u200b@lookalike.example"}}, "customer.email"),
        ({"customer": {"email": "a@b.c", "first_name": "Jo\u200bhn"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "\u200fJohn"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "last_name": "Sm\u061cith"}}, "customer.last_name"),
        ({"customer": {"email": "a@b.c", "last_name": "\ufeffSmith"}}, "customer.last_name"),
        ({"customer": {"email": "a@b.c", "last_name": "Smi\U000e0041th"}}, "customer.last_name"),
        ({"customer": {"email": "a@b.c", "first_name": "\u3164" * 5}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "Jo\u2800"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "Jo\u2028hn"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "Jo\uffff"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "Jo\u0378"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "\u200d" * 5}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "first_name": "\u0301\u0301"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "billing": {"city": "\u115f"}}}, "customer.billing.city"),
        ({"placed_at": "2026-01-01T10:00:00z"}, "placed_at"),
        ({"customer": {"email": "a@b.c", "first_name": "A\u0000B"}}, "customer.first_name"),
        ({"customer": {"email": "a@b.c", "last_name": "\u202eesrever"}}, "customer.last_name"),
        ({"customer": {"email": "a@b.c", "phone": "+1\x07"}}, "customer.phone"),
        (
            {"customer": {"email": "a@b.c", "billing": {"city": "Oslo\r\nX-Bad: 1"}}},
            "customer.billing.city",
        ),
    ],
)
def test_times_amounts_emails_and_names_outside_their_form_are_a_422(changes, field):
    # GIVEN an order whose time, amount, e-mail or name is out of its form
    # WHEN it is put
    status, answer = put("o-1", new_customer_order(**changes))

    # THEN the answer names that field, and nothing is stored
    assert status == 422, answer
    assert field in answer["error"]["fields"], answer
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("2026-12-03T19:00:00+01:00", "2026-12-03T18:00:00Z"),
        ("2999-12-31T23:59:59Z", "2999-12-31T23:59:59Z"),
    ],
)
def test_times_inside_the_calendar_are_stored_in_utc(sent, stored):
    # GIVEN an order placed at the edge of the accepted years, or in another zone
    # WHEN it is put
    status, answer = put("o-1", new_customer_order(placed_at=sent))

    # THEN it is stored and answered in UTC with a Z
    assert status == 201, answer
    assert answer["placed_at"] == stored
    assert Order.get("o-1").placed_at == stored


def test_every_answer_is_kept_out_of_caches():
    # GIVEN a customer
    customer = add_customer()

    # WHEN an order is put, and a refused one too
    answers = [
        call_with_headers("bulk_actions", api_event("PUT", path, resource=resource, **extra))
        for path, resource, extra in [
            ("/orders/o-1", "/orders/{order_id}", {"body": order_body(customer)}),
            ("/orders/o-2", "/orders/{order_id}", {"body": "{", "path_parameters": None}),
        ]
    ]

    # THEN each says no cache may keep it
    for _status, _body, headers in answers:
        assert headers["Cache-Control"] == "no-store"
        assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "first_name", ["Zoë", "Ümit", "Nasrin \u200cمی\u200cخواهم", "👨\u200d👩\u200d👧", "O’Brien"]
)
def test_names_that_need_a_joiner_or_an_accent_are_taken(first_name):
    # GIVEN names spelled with accents, apostrophes and the joiners some scripts need
    # WHEN an order names a new customer with one
    status, answer = put(
        "o-1",
        new_customer_order(
            customer={
                "email": "joined@example.com",
                "first_name": first_name,
            }
        ),
    )

    # THEN the customer is created with the name as written
    assert status == 201, answer
    assert get_profile(answer["customer_id"]).first_name == first_name
