"""The read API through its Lambda handler: status, body and error shape."""

from __future__ import annotations

import pytest

from tests.datalayer.builders import add_customer, count_order, order_image
from tests.handlers.events import api_event, call

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


def get(path: str, query: dict[str, str] | None = None, resource: str | None = None):
    params = {"id": path.rsplit("/", 1)[1]} if resource == "/customers/{id}" else None
    return call(
        "list_customers",
        api_event("GET", path, query=query, resource=resource, path_parameters=params),
    )


def test_customers_answer_summaries_with_exact_amounts_and_a_null_last_cursor():
    # GIVEN a customer with a paid order
    customer = add_customer("Helena", "Holý", email="hholy@gmail.com")
    count_order("o-1", None, order_image(customer, 4962))

    # WHEN the list is read
    status, body = get("/customers", {"sort": "total_paid", "order": "desc"})

    # THEN the summary follows API.md
    assert status == 200
    assert body["next_cursor"] is None
    assert body["items"] == [
        {
            "id": customer,
            "login": "hholy@gmail.com",
            "email": "hholy@gmail.com",
            "first_name": "Helena",
            "last_name": "Holý",
            "status": "registered",
            "orders_count": 1,
            "total_paid": "49.62",
            "total_amount": "49.62",
            "group": None,
            "created_at": "2026-01-01T00:00:00Z",
        }
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"sort": "password"}, "sort"),
        ({"order": "up"}, "order"),
        ({"letter": "AB"}, "letter"),
        ({"letter": "1"}, "letter"),
        ({"by": "phone"}, "by"),
        ({"status": "vip"}, "status"),
        ({"group": "g 1;drop"}, "group"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a b c d e f g h i"}, "q"),
    ],
)
def test_a_parameter_out_of_range_is_a_422_naming_the_field(query, field):
    status, body = get("/customers", query)

    assert status == 422
    assert body["error"]["code"] == "invalid"
    assert field in body["error"]["fields"]


@pytest.mark.parametrize("cursor", ["garbage", "AAAA", "eyJwIjoxfQ", "%00", "A" * 2500])
def test_a_forged_cursor_is_a_400(cursor):
    status, body = get("/customers", {"cursor": cursor})

    assert status == 400
    assert body["error"]["code"] == "invalid_cursor"
    assert body["error"]["fields"] == {"cursor": "malformed or altered"}


def test_a_broad_search_sorted_by_a_column_no_index_serves_is_unsupported_sort(monkeypatch):
    monkeypatch.setattr("customers_core.listing.MAX_SORTED", 2)
    for n in range(3):
        add_customer(f"Al{n}", "Alder", email=f"a{n}@x.com")

    status, body = get("/customers", {"q": "al", "sort": "total_paid"})

    assert status == 422
    assert body["error"]["code"] == "unsupported_sort"
    assert "narrow" in body["error"]["message"]


@pytest.mark.parametrize(
    "customer_id",
    ["c_0000000000000000042", "nobody", "c_" + "9" * 500, "c_0000000000000000042\n"],
)
def test_an_unknown_customer_is_a_404(customer_id):
    status, body = get(f"/customers/{customer_id}", resource="/customers/{id}")

    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_letters_and_count_come_from_the_counters():
    add_customer("A", "Adams")
    add_customer("B", "")

    letters_status, letters = get("/customers/letters", {"by": "last_name"})
    count_status, count = get("/customers/count")

    assert (letters_status, count_status) == (200, 200)
    assert len(letters["letters"]) == 27
    assert {row["letter"]: row["count"] for row in letters["letters"]}["#"] == 1
    assert count == {"count": 2}


def test_groups_are_empty_until_groups_exist():
    assert get("/groups") == (200, {"items": []})


@pytest.mark.parametrize("suffix", ["\n", "%0A", " ", "x"])
def test_an_existing_id_with_anything_after_it_is_not_that_customer(suffix):
    # GIVEN a customer
    customer = add_customer()

    # WHEN its id is asked for with a newline, a space or more after it
    status, body = get(f"/customers/{customer}{suffix}", resource="/customers/{id}")

    # THEN no customer is answered
    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_a_repeated_parameter_is_a_422_asking_to_give_it_once():
    # GIVEN a query that names q and limit twice each
    event = api_event("GET", "/customers", query={"q": "b", "limit": "500"})
    event["multiValueQueryStringParameters"] = {"q": ["a", "b"], "limit": ["1", "500"]}

    # WHEN it is answered
    status, body = call("list_customers", event)

    # THEN both are named, with what to do, and no pattern or type name leaks out
    assert status == 422
    assert body["error"]["fields"] == {
        "q": "is given more than once; give it once",
        "limit": "is given more than once; give it once",
    }


def test_a_value_outside_a_fields_form_is_named_without_the_pattern():
    status, body = get("/customers", {"letter": "AB"})

    assert status == 422
    assert body["error"]["fields"] == {
        "letter": "is not in the form this field takes (see /openapi.json)"
    }
