"""Measure read units per request at two store sizes on DynamoDB Local.

For each kind of request in DESIGN.md's table, prints the read capacity units DynamoDB
Local reports (ReturnConsumedCapacity, summed over the calls one request makes) and the
items it read, at both sizes, their ratio, and the ratio to the floor: the units of the
page's own items read once from one index.

    make bench                      # 1,000 then 5,000 customers
    BENCH_SIZES=2000,10000 make bench
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("STATE_DIR", ROOT / ".local"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,5000").split(",")]
ORDERS_PER_CUSTOMER = 2
PAGE = 50


def main() -> int:
    from localmode import dynamodb_local

    port = dynamodb_local.free_port()
    _environment(port)
    engine = dynamodb_local.start(port)
    try:
        _create_tables()
        results = _measure_sizes()
    finally:
        engine.stop()
    _print(results)
    _save(results)
    return 0


def _environment(port: int) -> None:
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{port}",
            "CUSTOMERS_TABLE": "CustomersTable",
            "ORDERS_TABLE": "OrdersTable",
            "GROUPS_TABLE": "GroupsTable",
            "CURSOR_SECRET": "bench",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }
    )


def _create_tables() -> None:
    import boto3

    from localmode.resources import table_definition
    from localmode.template import load, resources_of_type

    client = boto3.client("dynamodb")
    for logical_id, props in resources_of_type(load(), "AWS::DynamoDB::Table"):
        client.create_table(**table_definition(logical_id, props))


def _measure_sizes() -> dict[int, dict[str, dict[str, float]]]:
    from localmode import synthetic

    generated = list(synthetic.customers(max(SIZES), seed=11, prefix="bench"))
    results, loaded, letters = {}, 0, {}
    for size in SIZES:
        _load(generated[loaded:size])
        loaded = size
        # The same letters at every size: the busiest ones of the smallest store, so that
        # their pages are full at every size and the sizes compare like with like.
        letters = letters or {by: _busiest_letter(by) for by in ("last_name", "email")}
        results[size] = _measure_requests(letters)
    return results


def _busiest_letter(by: str) -> str:
    from customers_core.customers import letter_counts

    counts = [entry for entry in letter_counts(by) if entry["letter"] != "#"]
    return max(counts, key=lambda entry: entry["count"])["letter"]


def _load(batch: list[Any]) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        for done, _ in enumerate(pool.map(_write_customer, batch), start=1):
            if done % 100 == 0 or done == len(batch):
                print(f"\rloading customers {done}/{len(batch)}", end="", file=sys.stderr)
    print(f"  ({time.monotonic() - started:.0f} s)", file=sys.stderr)


def _write_customer(generated: Any) -> None:
    """A customer and its first orders through the data layer and the stream consumer."""
    from customers_core.customers import Address, NewCustomer, create_customer
    from customers_core.errors import EmailTaken
    from customers_core.models import Order
    from customers_core.orders import OrderChange, apply_order_change, put_order

    address = Address(**vars(generated.address))
    try:
        customer_id = create_customer(
            NewCustomer(
                login=generated.email, email=generated.email,
                first_name=generated.first_name, last_name=generated.last_name,
                phone=generated.phone, company=generated.company,
                billing=address, shipping=address, created_at=generated.created_at,
            )
        )  # fmt: skip
    except EmailTaken:
        return
    for order in generated.orders[:ORDERS_PER_CUSTOMER]:
        outcome = put_order(
            OrderChange(
                order_id=order.order_id,
                placed_at=order.placed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                status=order.status,
                total_cents=int(order.total * 100),
                customer_id=customer_id,
            )
        )
        # What the orders stream would deliver for this INSERT.
        image = Order.get(outcome.order.id).serialize()
        apply_order_change(order.order_id, None, image)


def _requests(letters: dict[str, str]) -> dict[str, tuple[str, Callable[[], Any]]]:
    """Each kind of request: (how it is served, the call)."""
    from customers_core import customers
    from customers_core.listing import ListingRequest, list_customers

    def listing(**kwargs: Any) -> Callable[[], Any]:
        return lambda: list_customers(ListingRequest(limit=PAGE, **kwargs))

    def second_page(**kwargs: Any) -> Callable[[], Any]:
        def call() -> Any:
            first = list_customers(ListingRequest(limit=PAGE, **kwargs))
            _meter_reset()
            return list_customers(ListingRequest(limit=PAGE, cursor=first.next_cursor, **kwargs))

        return call

    def detail() -> Any:
        some = list_customers(ListingRequest(limit=1, sort="orders_count", order="desc"))
        _meter_reset()
        return customers.customer_detail(some.items[0].pk)

    k = "merged, k=27"
    name_letter, email_letter = letters["last_name"], letters["email"]
    return {
        "full list by last_name": (k, listing()),
        "full list by last_name, page 2": (k, second_page()),
        "full list by first_name desc": (k, listing(sort="first_name", order="desc")),
        "full list by email": (k, listing(sort="email")),
        "full list by created_at desc": (k, listing(sort="created_at", order="desc")),
        "full list by status": (k, listing(sort="status")),
        "full list by total_paid desc": (k, listing(sort="total_paid", order="desc")),
        "full list by orders_count desc": (k, listing(sort="orders_count", order="desc")),
        f"letter {name_letter} by last_name": ("one partition", listing(letter=name_letter)),
        f"letter {name_letter} by total_paid desc": (
            "one partition",
            listing(letter=name_letter, sort="total_paid", order="desc"),
        ),
        f"letter {email_letter} by e-mail": (
            "one partition",
            listing(letter=email_letter, by="email", sort="email"),
        ),
        "status registered by total_amount": (k, listing(status="registered", sort="total_amount")),
        f"status + letter {name_letter}": (
            "one partition",
            listing(status="registered", letter=name_letter),
        ),
        "search 'kovacs'": ("search", listing(q="kovacs")),
        "search 'smith jones'": ("search", listing(q="smith jones")),
        "search 'hol' by total_paid": ("search", listing(q="hol", sort="total_paid")),
        "letter counts": ("counter", lambda: customers.letter_counts("last_name")),
        "total count": ("counter", customers.total_count),
        "customer detail": ("customer + orders", detail),
    }


def _meter_reset() -> None:
    from customers_core.observability import capacity_meter

    capacity_meter().reset()


def _measure_requests(letters: dict[str, str]) -> dict[str, dict[str, Any]]:
    from customers_core.listing import Page
    from customers_core.observability import capacity_meter

    measured = {}
    for name, (served_by, call) in _requests(letters).items():
        _meter_reset()
        answer = call()
        meter = capacity_meter()
        measured[name] = {
            "served_by": served_by,
            "read_units": meter.read_units,
            "items_read": meter.items_read,
            "calls": meter.calls,
            "floor": _floor(answer),
            "page_items": len(answer.items) if isinstance(answer, Page) else None,
        }
        if served_by == "search":
            measured[name]["candidates"] = _candidates(name.split("'")[1])
    return measured


def _candidates(query: str) -> int:
    """Customers the query's most selective word matches: what a search may read."""
    from customers_core.models import SearchToken
    from customers_core.text import query_words

    def customers_matching(word: str) -> int:
        tokens = SearchToken.search_tokens.query(word[:1], SearchToken.tk.startswith(word))
        return len({token.pk for token in tokens})

    return min(customers_matching(word) for word in query_words(query))


def _floor(answer: Any) -> float | None:
    """Read units of the page's own items read once from one index (eventually consistent)."""
    from customers_core.listing import Page

    if not isinstance(answer, Page):
        return None
    size = sum(_item_size(item.serialize()) for item in answer.items)
    return max(0.5, math.ceil(size / 4096) * 0.5)


def _item_size(attributes: dict[str, Any]) -> int:
    """DynamoDB's item size: attribute names plus values (numbers about half their digits)."""
    total = 0
    for name, value in attributes.items():
        ((kind, raw),) = value.items()
        if kind == "N":
            total += len(name) + math.ceil(len(raw.lstrip("-").replace(".", "")) / 2) + 1
        elif kind == "S":
            total += len(name) + len(raw.encode())
        else:
            total += len(name) + len(json.dumps(raw).encode())
    return total


# DESIGN.md's targets: no listing or counter costs more as the store grows, and a page
# costs at most twice its floor from one partition, k + 1 times merged from k.
GROWTH_TARGET = 1.1
FLOOR_TARGETS = {"one partition": 2.0, "merged, k=27": 28.0}


def _verdict(at_small: dict[str, Any], growth: float, versus_floor: float | None) -> str:
    served_by = at_small["served_by"]
    if served_by == "search":
        return "stated below"
    if at_small["page_items"] is not None and at_small["page_items"] < PAGE:
        return f"not comparable: a short page at {SIZES[0]} (use larger BENCH_SIZES)"
    misses = []
    if growth > GROWTH_TARGET:
        misses.append(f"growth > {GROWTH_TARGET}")
    limit = FLOOR_TARGETS.get(served_by)
    if limit is not None and versus_floor is not None and versus_floor > limit:
        misses.append(f"floor x {versus_floor:.1f} > {limit:g}")
    return "; ".join(misses) or "ok"


def _print(results: dict[int, dict[str, dict[str, Any]]]) -> None:
    small, large = SIZES[0], SIZES[-1]
    header = (
        f"{'request':38} {'served by':18} {'RCU@' + str(small):>9} {'RCU@' + str(large):>10} "
        f"{'items@' + str(small):>11} {'items@' + str(large):>12} {'growth':>7} "
        f"{'vs floor':>9}  target"
    )
    print(header)
    print("-" * len(header))
    verdicts = []
    for name, at_small in results[small].items():
        at_large = results[large][name]
        growth = at_large["read_units"] / at_small["read_units"] if at_small["read_units"] else 0
        floor = at_large["floor"]
        versus_floor = at_large["read_units"] / floor if floor else None
        verdict = _verdict(at_small, growth, versus_floor)
        verdicts.append(verdict)
        shown_floor = f"{versus_floor:.1f}" if versus_floor is not None else "-"
        print(
            f"{name:38} {at_small['served_by']:18} {at_small['read_units']:9.1f} "
            f"{at_large['read_units']:10.1f} {at_small['items_read']:11d} "
            f"{at_large['items_read']:12d} {growth:7.2f} {shown_floor:>9}  {verdict}"
        )
    print("\nsearches against the customers their most selective word matches (candidates):")
    for name, at_small in results[small].items():
        if "candidates" in at_small:
            at_large = results[large][name]
            print(
                f"  {name:34} candidates {at_small['candidates']:5d} -> "
                f"{at_large['candidates']:5d}; items read per candidate "
                f"{at_small['items_read'] / max(at_small['candidates'], 1):.2f} -> "
                f"{at_large['items_read'] / max(at_large['candidates'], 1):.2f}; read units "
                f"per candidate {at_small['read_units'] / max(at_small['candidates'], 1):.2f} "
                f"-> {at_large['read_units'] / max(at_large['candidates'], 1):.2f}"
            )
    missed = [verdict for verdict in verdicts if verdict not in ("ok", "stated below")]
    print(f"\ntargets: {'all met' if not missed else f'{len(missed)} missed or not comparable'}")


def _save(results: dict[int, Any]) -> None:
    folder = STATE_DIR / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.json"
    path.write_text(json.dumps({"sizes": SIZES, "results": results}, indent=2))
    print(f"\nsaved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    raise SystemExit(main())
