"""The read API over HTTP on the Chinook store, as local mode loads it."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHINOOK = Path(__file__).resolve().parents[1] / "data" / "chinook"
SORT_COLUMNS = [
    "last_name", "first_name", "email", "login", "status",
    "orders_count", "total_paid", "total_amount", "group", "created_at",
]  # fmt: skip
NUMERIC_COLUMNS = {"orders_count", "total_paid", "total_amount"}


def chinook_rows(name: str) -> list[dict[str, Any]]:
    lines = (CHINOOK / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def first_letter(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    return folded[0] if folded[:1].isalpha() else "#"


def test_sorted_by_total_paid_descending_the_first_customer_is_helena_holy(api: Api) -> None:
    # GIVEN the Chinook store

    # WHEN the list is sorted by total paid, largest first
    answer = api.get("/customers", sort="total_paid", order="desc", limit=5)

    # THEN Helena Holý comes first with her 7 paid orders
    assert answer.status == 200
    first = answer.body["items"][0]
    assert first["first_name"] == "Helena"
    assert first["last_name"] == "Holý"
    assert first["email"] == "hholy@gmail.com"
    assert first["login"] == "hholy@gmail.com"
    assert first["status"] == "registered"
    assert first["orders_count"] == 7
    assert first["total_paid"] == "49.62"
    assert first["total_amount"] == "49.62"
    assert first["group"] is None
    assert first["created_at"] == "2007-07-11T00:00:00Z"
    assert len(answer.body["items"]) == 5
    assert isinstance(answer.body["next_cursor"], str)


@pytest.mark.parametrize("by", ["last_name", "email"])
def test_letter_counts_add_up_to_every_customer(api: Api, by: str) -> None:
    # GIVEN the 59 Chinook customers, counted here by the first letter of `by`
    field = "last_name" if by == "last_name" else "email"
    expected = Counter(first_letter(row[field]) for row in chinook_rows("customers.jsonl"))

    # WHEN the letters are asked for
    answer = api.get("/customers/letters", by=by)

    # THEN every letter A-Z and # is there, each with its customers, 59 in all
    assert answer.status == 200
    letters = answer.body["letters"]
    assert [entry["letter"] for entry in letters] == [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]
    assert {entry["letter"]: entry["count"] for entry in letters} == {
        entry["letter"]: expected.get(entry["letter"], 0) for entry in letters
    }
    assert sum(entry["count"] for entry in letters) == 59


def test_the_count_is_every_customer(api: Api) -> None:
    # GIVEN the Chinook store

    # WHEN the count is asked for
    answer = api.get("/customers/count")

    # THEN it is the store's 59 customers
    assert answer.status == 200
    assert answer.body == {"count": 59}


def test_searching_kovac_finds_kovacs(api: Api) -> None:
    # GIVEN Ladislav Kovács among the customers

    # WHEN searching without the accent
    answer = api.get("/customers", q="kovac")

    # THEN he, and only he, is found
    assert answer.status == 200
    assert [(item["first_name"], item["last_name"]) for item in answer.body["items"]] == [
        ("Ladislav", "Kovács")
    ]
    assert answer.body["next_cursor"] is None


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("sort", SORT_COLUMNS)
def test_paging_seven_at_a_time_yields_every_customer_once_on_nine_full_pages(
    api: Api, sort: str, order: str
) -> None:
    # GIVEN 59 customers, many sharing a status, a group (none) or a total

    # WHEN the whole list is read 7 at a time
    pages = api.all_pages(limit=7, sort=sort, order=order)

    # THEN 9 pages hold the 59 customers once each, every page but the last full
    ids = [item["id"] for page in pages for item in page]
    assert len(pages) == 9
    assert [len(page) for page in pages] == [7] * 8 + [3]
    assert len(set(ids)) == 59
    if sort in NUMERIC_COLUMNS or sort == "created_at":
        values = [item[sort] for page in pages for item in page]
        key = Decimal if sort in NUMERIC_COLUMNS else str
        assert values == sorted(values, key=key, reverse=order == "desc")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"sort": "shoe_size"}, "sort"),
        ({"order": "sideways"}, "order"),
    ],
)
def test_a_parameter_out_of_its_range_gets_422_naming_the_field(
    api: Api, params: dict[str, Any], field: str
) -> None:
    # GIVEN the Chinook store

    # WHEN a parameter is out of its range or not one of its choices
    answer = api.get("/customers", **params)

    # THEN the answer is a 422 whose fields name that parameter
    assert answer.status == 422
    error = answer.body["error"]
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)
    assert list(error["fields"]) == [field]


def test_an_unknown_customer_id_gets_404(api: Api) -> None:
    # GIVEN an id no customer has
    unknown = "c_0000000000000000001"

    # WHEN its detail is asked for
    answer = api.get(f"/customers/{unknown}")

    # THEN the answer is a 404 in the API's error shape
    assert answer.status == 404
    assert answer.body["error"]["code"] == "not_found"
    assert isinstance(answer.body["error"]["message"], str)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda cursor: cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB"),
        lambda cursor: cursor[5:],
        lambda _cursor: "not-a-cursor",
        lambda cursor: cursor + "x",
    ],
    ids=["edited", "truncated", "made-up", "extended"],
)
def test_a_mangled_cursor_gets_400(api: Api, mangle: Any) -> None:
    # GIVEN a real cursor from the first page
    first = api.get("/customers", limit=7)
    cursor = first.body["next_cursor"]

    # WHEN it is changed and sent back
    answer = api.get("/customers", limit=7, cursor=mangle(cursor))

    # THEN the answer is a 400 naming the cursor, not a page
    assert answer.status == 400
    assert "cursor" in answer.body["error"]["fields"]


def test_the_detail_has_both_addresses_and_seven_orders_newest_first(
    api: Api, chinook_customers: list[dict[str, Any]]
) -> None:
    # GIVEN Helena Holý, whose 7 invoices were fed as paid orders
    helena = next(c for c in chinook_customers if c["email"] == "hholy@gmail.com")
    invoices = [row for row in chinook_rows("invoices.jsonl") if row["customer_id"] == 6]

    # WHEN her detail is asked for
    answer = api.get(f"/customers/{helena['id']}")

    # THEN it has her summary, phone, both addresses and her orders, newest first
    assert answer.status == 200
    detail = answer.body
    assert {key: detail[key] for key in helena} == helena
    assert detail["phone"] == "+420 2 4177 0449"
    assert detail["company"] is None
    address = {
        "street": "Rilská 3174/6",
        "city": "Prague",
        "state": None,
        "postal_code": "14300",
        "country": "Czech Republic",
    }
    assert detail["addresses"] == {"billing": address, "shipping": address}
    newest_first = sorted(invoices, key=lambda row: row["date"], reverse=True)
    assert detail["orders"] == [
        {
            "id": f"chinook-{row['invoice_id']}",
            "placed_at": f"{row['date']}T00:00:00Z",
            "status": "paid",
            "total": row["total"],
        }
        for row in newest_first
    ]


def test_the_invoice_totals_sum_to_2328_60_across_all_customers(
    chinook_customers: list[dict[str, Any]],
) -> None:
    # GIVEN the Chinook store, whose 412 invoices total 2328.60

    # WHEN every customer's total paid and order count are added up
    paid = sum(Decimal(customer["total_paid"]) for customer in chinook_customers)
    orders = sum(customer["orders_count"] for customer in chinook_customers)

    # THEN the sum is exact to the cent, and every invoice is counted once
    assert len(chinook_customers) == 59
    assert paid == Decimal("2328.60")
    assert orders == 412
    assert all(c["total_paid"] == c["total_amount"] for c in chinook_customers)
