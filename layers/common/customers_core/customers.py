"""Writing and reading customers: the profile, its listing copies, tokens and counters."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import idna
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from customers_core.errors import EmailTaken, LoginTaken, NotFound
from customers_core.models import (
    DETAIL,
    EMAIL_COPY,
    GROUP_COPY,
    LISTING_KINDS,
    PROFILE,
    STATUS_COPY,
    AddressAttribute,
    Counter,
    CustomerDetail,
    CustomerItem,
    Order,
    Owner,
    SearchToken,
)
from customers_core.money import format_cents
from customers_core.text import LETTERS, fold, letter_of, search_tokens
from customers_core.transactions import failed_condition, write_transaction

STATUSES = ("registered", "not_activated", "password_reset", "quick_checkout")

# Sort keys end with the customer id after a separator that sorts below every character
# a folded value holds, so that ties are broken by id and "holy" sorts before "holy a".
SEPARATOR = "\x01"
# Customers without a group sort after every group in ascending order.
NO_GROUP_SORT = "\x7f"
NO_GROUP_PARTITION = "none"
# Numeric sort keys are value * ID_SHIFT + the id's digits: unique, ordered by value then
# id, and still moved by one atomic ADD when an order changes a total.
ID_DIGITS = 19
ID_SHIFT = 10**ID_DIGITS
# Counters are split in shards picked by the customer id, so that customers written at the
# same moment rarely touch the same counter item (a transaction conflict each time). Four
# shards keep all 27 letters x 4 shards of one dimension under 4 KB: one query, 0.5 RCU.
COUNTER_SHARDS = 4
# A customer's search tokens are written in the same transaction as the customer, whose
# limit is 100 items; names with very many words keep their first words' tokens.
MAX_SEARCH_TOKENS = 60


@dataclass(frozen=True)
class Address:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "street": self.street,
            "city": self.city,
            "state": self.state,
            "postal_code": self.postal_code,
            "country": self.country,
        }


@dataclass(frozen=True)
class NewCustomer:
    login: str
    email: str
    first_name: str = ""
    last_name: str = ""
    status: str = "registered"
    phone: str | None = None
    company: str | None = None
    billing: Address | None = None
    shipping: Address | None = None
    created_at: datetime | None = None


def new_customer_id() -> str:
    """'c_' and 19 digits: milliseconds then randomness, so ids sort roughly by creation."""
    millis = time.time_ns() // 1_000_000
    return f"c_{millis:013d}{secrets.randbelow(10**6):06d}"


def email_key(email: str) -> str:
    """The identity of an e-mail or login: case and Unicode form ignored, and a domain the
    same whether written in Unicode or punycode (bü.com is xn--b-eha.com); nothing else is
    folded. Lower case rather than case folding: straße@x and strasse@x are two addresses."""
    key = unicodedata.normalize("NFKC", email).strip().lower()
    local, at, domain = key.rpartition("@")
    if not at:
        return key
    # A domain IDNA cannot spell stays as written, still lower case.
    with contextlib.suppress(idna.IDNAError, UnicodeError):
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}"


# A partition key holds at most 2,048 bytes; NFKC can spell one character as eighteen.
_OWNER_KEY_BYTES = 1024


def _owner_key(kind: str, value: str) -> str:
    key = email_key(value)
    if len(key.encode()) > _OWNER_KEY_BYTES:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return f"{kind}#{key}"


def email_owner_key(email: str) -> str:
    return _owner_key("email", email)


def login_owner_key(login: str) -> str:
    return _owner_key("login", login)


def iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id_number(customer_id: str) -> int:
    return int(customer_id[2:])


def text_sort_key(value: str, customer_id: str) -> str:
    return f"{value}{SEPARATOR}{customer_id}"


def numeric_sort_key(value: int, customer_id: str) -> int:
    return int(value) * ID_SHIFT + _id_number(customer_id)


def listing_partitions(
    *, last_name: str, email: str, status: str, group_id: str | None
) -> dict[str, str]:
    """The listing partition each of a customer's items lives in."""
    name_letter = letter_of(last_name)
    return {
        PROFILE: f"N#{name_letter}",
        EMAIL_COPY: f"E#{letter_of(email)}",
        STATUS_COPY: f"S#{status}#{name_letter}",
        GROUP_COPY: f"G#{group_id or NO_GROUP_PARTITION}#{name_letter}",
    }


def summary_attributes(
    customer_id: str,
    new: NewCustomer,
    created_at: str,
) -> dict[str, Any]:
    """Attributes every listing item of a new customer carries."""
    return {
        "login": new.login,
        "email": new.email,
        "first_name": new.first_name or "",
        "last_name": new.last_name or "",
        "status": new.status,
        "group_id": None,
        "group_name": None,
        "created_at": created_at,
        "orders_count": 0,
        "total_paid": 0,
        "total_amount": 0,
        "s_last_name": text_sort_key(fold(new.last_name), customer_id),
        "s_first_name": text_sort_key(fold(new.first_name), customer_id),
        "s_email": text_sort_key(fold(new.email), customer_id),
        "s_login": text_sort_key(fold(new.login), customer_id),
        "s_status": text_sort_key(new.status, customer_id),
        "s_group": text_sort_key(NO_GROUP_SORT, customer_id),
        "s_created_at": text_sort_key(created_at, customer_id),
        "n_orders_count": numeric_sort_key(0, customer_id),
        "n_total_paid": numeric_sort_key(0, customer_id),
        "n_total_amount": numeric_sort_key(0, customer_id),
    }


def _token_items(customer_id: str, new: NewCustomer, s_last_name: str) -> list[SearchToken]:
    tokens = search_tokens(
        email=new.email, login=new.login, first_name=new.first_name, last_name=new.last_name
    )
    kept = sorted(tokens, key=len, reverse=True)[:MAX_SEARCH_TOKENS]
    return [
        SearchToken(
            pk=customer_id,
            sk=f"token#{token}",
            tp=token[:1],
            tk=text_sort_key(token, customer_id),
            words=sorted(kept),
            s_last_name=s_last_name,
        )
        for token in kept
    ]


def _address(address: Address | None) -> AddressAttribute | None:
    return AddressAttribute(**address.as_dict()) if address else None


def create_customer(new: NewCustomer) -> str:
    """Write a new customer, its copies, tokens and counters at once; answer its id.

    EmailTaken or LoginTaken when another customer owns the e-mail or the login (in any
    case or Unicode form); nothing is written then.
    """
    customer_id = new_customer_id()
    created_at = iso_utc(new.created_at or datetime.now(UTC))
    attributes = summary_attributes(customer_id, new, created_at)
    partitions = listing_partitions(
        last_name=new.last_name, email=new.email, status=new.status, group_id=None
    )
    counters = counter_keys(
        customer_id,
        [
            f"last_name#{letter_of(new.last_name)}",
            f"email#{letter_of(new.email)}",
            f"status#{new.status}",
            "all#",
        ],
    )

    def write(transaction: TransactWrite) -> None:
        # The two owners go first: a cancellation names a failed item by its position.
        transaction.save(
            Owner(pk=email_owner_key(new.email), sk="email", customer_id=customer_id),
            condition=Owner.pk.does_not_exist(),
        )
        transaction.save(
            Owner(pk=login_owner_key(new.login), sk="login", customer_id=customer_id),
            condition=Owner.pk.does_not_exist(),
        )
        for kind in LISTING_KINDS:
            item = CustomerItem(pk=customer_id, sk=kind, lp=partitions[kind], **attributes)
            transaction.save(item, condition=CustomerItem.pk.does_not_exist())
        transaction.save(
            CustomerDetail(
                pk=customer_id,
                sk=DETAIL,
                phone=new.phone,
                company=new.company,
                billing=_address(new.billing),
                shipping=_address(new.shipping),
            )
        )
        for token in _token_items(customer_id, new, attributes["s_last_name"]):
            transaction.save(token)
        for counter in sorted(counters):
            transaction.update(Counter(sk=counter), actions=[Counter.n.add(1)])

    try:
        write_transaction(write)
    except TransactWriteError as error:
        if failed_condition(error, index=0):
            raise EmailTaken(
                "A customer with this e-mail already exists.",
                fields={"email": "already registered"},
            ) from error
        if failed_condition(error, index=1):
            raise LoginTaken(
                "A customer with this login already exists.",
                fields={"login": "already taken"},
            ) from error
        raise
    return customer_id


def counter_keys(customer_id: str, names: list[str]) -> list[str]:
    """The counter items one customer adds to: each name in the customer's own shard."""
    shard = _id_number(customer_id) % COUNTER_SHARDS
    return [f"{name}#{shard}" for name in names]


def customer_id_for_email(email: str) -> str | None:
    try:
        return Owner.get(email_owner_key(email), "email").customer_id
    except Owner.DoesNotExist:
        return None


def get_profile(customer_id: str) -> CustomerItem:
    try:
        return CustomerItem.get(customer_id, PROFILE)
    except CustomerItem.DoesNotExist as error:
        raise NotFound(f"No customer has the id {customer_id!r}.") from error


def summary(item: CustomerItem) -> dict[str, Any]:
    """The customer summary of API.md from a profile or listing copy."""
    group = {"id": item.group_id, "name": item.group_name} if item.group_id else None
    return {
        "id": item.pk,
        "login": item.login,
        "email": item.email,
        "first_name": item.first_name or "",
        "last_name": item.last_name or "",
        "status": item.status,
        "orders_count": int(item.orders_count or 0),
        "total_paid": format_cents(int(item.total_paid or 0)),
        "total_amount": format_cents(int(item.total_amount or 0)),
        "group": group,
        "created_at": item.created_at,
    }


def _address_dict(address: AddressAttribute | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {name: getattr(address, name) for name in Address.__dataclass_fields__}


def customer_detail(customer_id: str) -> dict[str, Any]:
    """The summary plus phone, company, addresses and every order, newest first."""
    profile = get_profile(customer_id)
    try:
        detail = CustomerDetail.get(customer_id, DETAIL)
    except CustomerDetail.DoesNotExist:
        detail = CustomerDetail(pk=customer_id)
    orders = Order.by_customer.query(customer_id, scan_index_forward=False)
    return {
        **summary(profile),
        "phone": detail.phone,
        "company": detail.company,
        "addresses": {
            "billing": _address_dict(detail.billing),
            "shipping": _address_dict(detail.shipping),
        },
        "orders": [
            {
                "id": order.id,
                "placed_at": order.placed_at,
                "status": order.status,
                "total": format_cents(int(order.total)),
            }
            for order in orders
        ],
    }


def letter_counts(by: str) -> list[dict[str, Any]]:
    """Every letter A-Z and # with its customers, from the counters (one query)."""
    counts = _summed_counters(f"{by}#")
    return [{"letter": letter, "count": max(counts.get(letter, 0), 0)} for letter in LETTERS]


def total_count() -> int:
    return _counter_value("all")


def status_count(status: str) -> int:
    return _counter_value(f"status#{status}")


def letter_count(by: str, letter: str) -> int:
    return _counter_value(f"{by}#{letter}")


def _counter_value(name: str) -> int:
    """One counter, its shards summed ("all", "status#registered", "email#A")."""
    return max(_summed_counters(f"{name}#").get("", 0), 0)


def _summed_counters(prefix: str) -> dict[str, int]:
    """Counter values under a prefix, their shards summed: one query of a few items."""
    sums: dict[str, int] = {}
    for counter in Counter.query("counts", Counter.sk.startswith(prefix)):
        # "last_name#A#3" -> "A"; "last_name###3" -> "#"; "all##5" -> ""
        value = counter.sk[len(prefix) :].rpartition("#")[0]
        sums[value] = sums.get(value, 0) + int(counter.n)
    return sums


def update_profile_items(customer_id: str, actions: list[Any], transaction: TransactWrite) -> None:
    """Apply the same update to the profile and every listing copy, inside a transaction."""
    for kind in LISTING_KINDS:
        transaction.update(
            CustomerItem(pk=customer_id, sk=kind),
            actions=actions,
            condition=CustomerItem.pk.exists(),
        )
