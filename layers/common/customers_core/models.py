"""pynamodb models of the Customers service's tables.

The customers table holds several kinds of item, told apart by the sort key `sk`:

- `profile`: the customer summary; lists in partition `N#<last-name letter>`.
- `scope#email`, `scope#status`, `scope#group`: copies of the summary that list in
  `E#<e-mail letter>`, `S#<status>#<last-name letter>` and `G#<group id or none>#<letter>`.
  Every copy carries the same sort keys, so each `by_<column>` index serves every scope
  and sort; the copies are never deleted and re-created, only moved by updating `lp`,
  which keeps the stream consumer's atomic ADDs right whatever else changes.
- `detail`: phone, company and addresses (kept off the listings to keep pages cheap).
- `token#<token>`: one per search token, indexed by `search_tokens`.
- `order#<order id>`: which version of an order the totals already count.
- `email#<key>` / `email`: who owns an e-mail (unique, any case or Unicode form).
- `login#<key>` / `login`: who owns a login (unique the same way; sign-in looks it up).
- `counts` / `<dimension>#<value>`: counters that writes update.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from customers_core.settings import get_settings

# Sort columns of GET /customers and the attribute each index sorts by.
SORT_ATTRIBUTES = {
    "last_name": "s_last_name",
    "first_name": "s_first_name",
    "email": "s_email",
    "login": "s_login",
    "status": "s_status",
    "group": "s_group",
    "created_at": "s_created_at",
    "orders_count": "n_orders_count",
    "total_paid": "n_total_paid",
    "total_amount": "n_total_amount",
}
NUMERIC_SORTS = {"orders_count", "total_paid", "total_amount"}

PROFILE = "profile"
EMAIL_COPY = "scope#email"
STATUS_COPY = "scope#status"
GROUP_COPY = "scope#group"
LISTING_KINDS = (PROFILE, EMAIL_COPY, STATUS_COPY, GROUP_COPY)
DETAIL = "detail"


def _sort_index(column: str, attribute: str) -> GlobalSecondaryIndex:
    range_type = NumberAttribute if column in NUMERIC_SORTS else UnicodeAttribute
    namespace: dict[str, Any] = {
        "Meta": type("Meta", (), {"index_name": f"by_{column}", "projection": AllProjection()}),
        "lp": UnicodeAttribute(hash_key=True),
        attribute: range_type(range_key=True),
    }
    index_class = type(f"By{column.title().replace('_', '')}", (GlobalSecondaryIndex,), namespace)
    return index_class()


class SearchTokenIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "search_tokens"
        projection = IncludeProjection(["words", "s_last_name"])

    tp = UnicodeAttribute(hash_key=True)
    tk = UnicodeAttribute(range_key=True)


class AddressAttribute(MapAttribute):
    street = UnicodeAttribute(null=True)
    city = UnicodeAttribute(null=True)
    state = UnicodeAttribute(null=True)
    postal_code = UnicodeAttribute(null=True)
    country = UnicodeAttribute(null=True)


_customers_table = get_settings().customers_table


class CustomerItem(Model):
    """A customer's profile or one of its listing copies (same attributes)."""

    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    lp = UnicodeAttribute()
    login = UnicodeAttribute()
    email = UnicodeAttribute()
    first_name = UnicodeAttribute(default="")
    last_name = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    group_id = UnicodeAttribute(null=True)
    group_name = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    orders_count = NumberAttribute(default=0)
    total_paid = NumberAttribute(default=0)
    total_amount = NumberAttribute(default=0)
    s_last_name = UnicodeAttribute()
    s_first_name = UnicodeAttribute()
    s_email = UnicodeAttribute()
    s_login = UnicodeAttribute()
    s_status = UnicodeAttribute()
    s_group = UnicodeAttribute()
    s_created_at = UnicodeAttribute()
    n_orders_count = NumberAttribute()
    n_total_paid = NumberAttribute()
    n_total_amount = NumberAttribute()

    by_last_name = _sort_index("last_name", "s_last_name")
    by_first_name = _sort_index("first_name", "s_first_name")
    by_email = _sort_index("email", "s_email")
    by_login = _sort_index("login", "s_login")
    by_status = _sort_index("status", "s_status")
    by_group = _sort_index("group", "s_group")
    by_created_at = _sort_index("created_at", "s_created_at")
    by_orders_count = _sort_index("orders_count", "n_orders_count")
    by_total_paid = _sort_index("total_paid", "n_total_paid")
    by_total_amount = _sort_index("total_amount", "n_total_amount")


def sort_index(column: str) -> GlobalSecondaryIndex:
    return getattr(CustomerItem, f"by_{column}")


class CustomerDetail(Model):
    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default=DETAIL)
    phone = UnicodeAttribute(null=True)
    company = UnicodeAttribute(null=True)
    billing = AddressAttribute(null=True)
    shipping = AddressAttribute(null=True)


class SearchToken(Model):
    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    tp = UnicodeAttribute()
    tk = UnicodeAttribute()
    words = ListAttribute(of=UnicodeAttribute)
    s_last_name = UnicodeAttribute()

    search_tokens = SearchTokenIndex()


class Owner(Model):
    """Makes an e-mail or a login unique across customers, in any case or Unicode form:
    `email#<key>` / `email` and `login#<key>` / `login` name the customer who has it."""

    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    customer_id = UnicodeAttribute()


class OrderLedger(Model):
    """The version of an order that a customer's totals already include."""

    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    version = NumberAttribute()


class Counter(Model):
    """One counter (a letter's customers, all customers); writes ADD to it."""

    class Meta:
        table_name = _customers_table

    pk = UnicodeAttribute(hash_key=True, default="counts")
    sk = UnicodeAttribute(range_key=True)
    n = NumberAttribute(default=0)


class Order(Model):
    class Meta:
        table_name = get_settings().orders_table

    id = UnicodeAttribute(hash_key=True)
    customer_id = UnicodeAttribute()
    placed_at = UnicodeAttribute()
    placed_key = UnicodeAttribute()
    status = UnicodeAttribute()
    total = NumberAttribute()
    version = NumberAttribute()
    customer_email = UnicodeAttribute(null=True)
    customer_first_name = UnicodeAttribute(null=True)
    customer_last_name = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute()

    by_customer = type(
        "ByCustomer",
        (GlobalSecondaryIndex,),
        {
            "Meta": type("Meta", (), {"index_name": "by_customer", "projection": AllProjection()}),
            "customer_id": UnicodeAttribute(hash_key=True),
            "placed_key": UnicodeAttribute(range_key=True),
        },
    )()


class Group(Model):
    class Meta:
        table_name = get_settings().groups_table

    id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    customers_count = NumberAttribute(default=0)
    product_ids = ListAttribute(of=UnicodeAttribute, default=list)


@cache
def shared_connection() -> Connection:
    """One connection for transactions: a botocore client costs ~0.2 s to build."""
    return Connection()
