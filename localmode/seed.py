"""Load a sample store into an empty one: customers through the data layer, then every
order through the order feed (PUT /orders/{order_id}) dispatched by the local gateway in
process, so that totals come from the orders stream as they do deployed."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from localmode import synthetic
from localmode.settings import Seed
from localmode.template import ROOT

CHINOOK_DIR = ROOT / "tests" / "data" / "chinook"


class SeedError(RuntimeError):
    """The service refused part of the sample store; the message has its answer."""


@dataclass(frozen=True)
class SampleOrder:
    order_id: str
    customer_key: Any  # the sample's own customer number
    placed_at: str
    status: str
    total: str


@dataclass(frozen=True)
class SampleStore:
    name: str
    customers: list[tuple[Any, Any]]  # (the sample's customer number, NewCustomer)
    orders: list[SampleOrder]


class OrderFeed:
    """The order feed as the local gateway serves it, called without a socket."""

    def __init__(self, gateway: Any, token: Callable[[], str]) -> None:
        self._client = Client(gateway)
        # Asked for at each call: a large store loads for longer than a token lives.
        self._token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token()}"}

    def get(self, path: str) -> dict[str, Any]:
        response = self._client.get(path, headers=self._headers())
        return _json_answer("GET", path, response, expected=(200,))

    def put(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._client.put(path, json=body, headers=self._headers())
        return _json_answer("PUT", path, response, expected=(200, 201))


def _json_answer(method: str, path: str, response: Any, expected: tuple) -> dict[str, Any]:
    text = response.get_data(as_text=True)
    if response.status_code not in expected:
        raise SeedError(f"{method} {path} answered {response.status_code}: {text[:500]}")
    return json.loads(text) if text else {}


def store_is_empty(feed: OrderFeed) -> bool:
    return feed.get("/customers/count")["count"] == 0


def load(seed: Seed, feed: OrderFeed) -> int:
    """Write the sample store; answers how many customers were written."""
    store = chinook() if seed.kind == "chinook" else synthetic_store(seed.count)
    ids = _write_customers(store)
    for order in _progress(store.orders, f"{store.name}: orders"):
        body = {
            "customer_id": ids[order.customer_key],
            "placed_at": order.placed_at,
            "status": order.status,
            "total": order.total,
        }
        feed.put(f"/orders/{order.order_id}", body)
    return len(ids)


def _write_customers(store: SampleStore) -> dict[Any, str]:
    from customers_core.customers import create_customer

    return {
        key: create_customer(new)
        for key, new in _progress(store.customers, f"{store.name}: customers")
    }


# --- Chinook --------------------------------------------------------------------------------


def chinook(folder: Path = CHINOOK_DIR) -> SampleStore:
    from customers_core.customers import Address, NewCustomer

    customers = _json_lines(folder / "customers.jsonl")
    invoices = _json_lines(folder / "invoices.jsonl")
    first_invoice: dict[int, str] = {}
    for invoice in invoices:
        number = invoice["customer_id"]
        first_invoice[number] = min(first_invoice.get(number, invoice["date"]), invoice["date"])
    new_customers = []
    for row in customers:
        address = Address(**row["address"])
        created = first_invoice.get(row["customer_id"])
        new = NewCustomer(
            login=row["email"],
            email=row["email"],
            first_name=row["first_name"] or "",
            last_name=row["last_name"] or "",
            status="registered",
            phone=row["phone"],
            company=row["company"],
            billing=address,
            shipping=address,
            created_at=_utc_midnight(created) if created else None,
        )
        new_customers.append((row["customer_id"], new))
    orders = [
        SampleOrder(
            order_id=f"chinook-{invoice['invoice_id']}",
            customer_key=invoice["customer_id"],
            placed_at=f"{invoice['date']}T00:00:00Z",
            status="paid",
            total=invoice["total"],
        )
        for invoice in invoices
    ]
    return SampleStore("Chinook", new_customers, orders)


def _json_lines(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _utc_midnight(date: str) -> datetime:
    return datetime.fromisoformat(date).replace(tzinfo=UTC)


# --- synthetic ------------------------------------------------------------------------------


def synthetic_store(count: int, seed: int = 7) -> SampleStore:
    from customers_core.customers import Address, NewCustomer

    new_customers, orders = [], []
    for generated in synthetic.customers(count, seed=seed):
        address = Address(**vars(generated.address))
        new = NewCustomer(
            login=generated.email,
            email=generated.email,
            first_name=generated.first_name,
            last_name=generated.last_name,
            status="registered",
            phone=generated.phone,
            company=generated.company,
            billing=address,
            shipping=address,
            created_at=generated.created_at,
        )
        new_customers.append((generated.number, new))
        orders += [
            SampleOrder(
                order_id=order.order_id,
                customer_key=generated.number,
                placed_at=order.placed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                status=order.status,
                total=str(order.total.quantize(Decimal("0.01"))),
            )
            for order in generated.orders
        ]
    return SampleStore(f"synthetic:{count}", new_customers, orders)


# --- progress -------------------------------------------------------------------------------


def _progress(items: Iterable[Any], label: str) -> Iterator[Any]:
    """Yield the items while a counter line shows how far along they are."""
    started = time.monotonic()
    items = list(items)
    total = len(items)
    in_place = sys.stdout.isatty()
    milestones = {total * step // 4 for step in range(1, 5)}
    for done, item in enumerate(items, start=1):
        yield item
        if in_place:
            print(f"\r  {label} {done}/{total}", end="", flush=True)
        elif done in milestones:
            print(f"  {label} {done}/{total}", flush=True)
    if in_place:
        print(f" ({time.monotonic() - started:.0f} s)")
    else:
        print(f"  {label}: done in {time.monotonic() - started:.1f} s", flush=True)
