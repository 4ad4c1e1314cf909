"""Generated customers with orders, for SEED=synthetic:N and the benchmark.

Deterministic for a given seed. The names are the spellings that break naive code:
accents in composed and decomposed form, typographic and straight apostrophes, hyphens,
several words, empty last names, names starting with digits, letters that do not
decompose (ø, ł, æ, ß), and other scripts.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Literal

# fmt: off
FIRST_NAMES = [
    "Helena", "Luís", "François", "Bjørn", "Zoë", "Renée", "Łukasz", "Søren", "Ægir",
    "Anne-Marie", "Jean Luc", "Mary Ann", "Siobhán", "Dvořák", "İlkay", "Ngọc", "Ümit",
    "José", "Chloé", "Małgorzata", "Žofia", "Đorđe", "Ångström", "Yusuf", "Grace", "Li",
    "Ольга", "さくら", "", "3M", "O'Neil", "D’Arcy", "Mia", "Noah", "Emma", "Oliver",
]
LAST_NAMES = [
    "Holý", "Kovács", "Köhler", "Gonçalves", "Wójcik", "Hämäläinen", "O'Reilly", "O’Brien",
    "Van der Berg", "de la Cruz", "Brontë-Smith", "Smith-Jones", "Straße", "Øvergård",
    "Łukaszewicz", "Nguyễn", "Müller", "Ødegaard", "Ærø", "Núñez", "Ñandú", "", "",
    "2Pac", "4th Street Ltd", "Иванова", "山田", "McDonald", "MacLeod", "d'Alembert",
    "Zúñiga", "Åberg", "Young", "Abbott", "Quist", "Xu", "Ito", "Underwood", "Yilmaz",
]
DOMAINS = [
    "gmail.com", "yahoo.co.uk", "example.org", "posteo.de", "mail.cz", "uni-lj.si",
    "correo.es", "web.de", "icloud.com", "outlook.com", "sub.domain.example",
]
COUNTRIES = ["Czech Republic", "Hungary", "Germany", "Brazil", "Poland", "Finland",
             "Ireland", "Netherlands", "Norway", "Vietnam", "Spain", "Japan"]
# fmt: on
STATUSES = ["paid"] * 8 + ["pending", "refunded", "declined", "cancelled"]
START = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SyntheticAddress:
    street: str
    city: str
    state: str | None
    postal_code: str
    country: str


@dataclass(frozen=True)
class SyntheticOrder:
    order_id: str
    placed_at: datetime
    status: str
    total: Decimal


@dataclass(frozen=True)
class SyntheticCustomer:
    number: int
    first_name: str
    last_name: str
    email: str
    phone: str
    company: str | None
    address: SyntheticAddress
    created_at: datetime
    orders: list[SyntheticOrder] = field(default_factory=list)


def customers(count: int, seed: int = 7, prefix: str = "synthetic") -> Iterator[SyntheticCustomer]:
    """`count` customers, each with 1 to 8 orders; the same seed gives the same store."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield _customer(rng, number, prefix)


def _customer(rng: random.Random, number: int, prefix: str) -> SyntheticCustomer:
    first = _spelling(rng, rng.choice(FIRST_NAMES))
    last = _spelling(rng, rng.choice(LAST_NAMES))
    created_at = START + timedelta(days=rng.randrange(0, 1500))
    orders = [
        _order(rng, f"{prefix}-{number}-{index}", created_at)
        for index in range(1, rng.randint(1, 8) + 1)
    ]
    return SyntheticCustomer(
        number=number,
        first_name=first,
        last_name=last,
        email=_email(rng, first, last, number),
        phone=f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        company=rng.choice([None, None, f"{last or first} & Co.", "Acme s.r.o."]),
        address=_address(rng, number),
        created_at=created_at,
        orders=orders,
    )


def _spelling(rng: random.Random, name: str) -> str:
    # Imports bring decomposed accents, stray spaces and other capitalisations.
    form: Literal["NFC", "NFD"] = rng.choice(["NFC", "NFC", "NFD"])
    name = unicodedata.normalize(form, name)
    variant = rng.randrange(10)
    if variant == 0:
        return name.upper()
    if variant == 1:
        return name.lower()
    if variant == 2 and name:
        return f" {name}  "
    return name


def _email(rng: random.Random, first: str, last: str, number: int) -> str:
    # The number keeps every e-mail unique; the shape varies as real stores' do.
    local = _ascii(f"{first}.{last}".strip(". ")) or "customer"
    shape = rng.randrange(4)
    if shape == 0:
        local = f"{local}{number}"
    elif shape == 1:
        local = f"{number}{local}"
    else:
        local = f"{local}+{number}"
    if rng.randrange(6) == 0:
        local = local.upper()
    return f"{local}@{rng.choice(DOMAINS)}"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        char for char in decomposed if char.isascii() and (char.isalnum() or char in ".-")
    )
    return kept.lower()


def _address(rng: random.Random, number: int) -> SyntheticAddress:
    return SyntheticAddress(
        street=f"{rng.randint(1, 250)} {rng.choice(['Main', 'Hlavní', 'Königstraße'])} {number}",
        city=rng.choice(["Praha", "Budapest", "São Paulo", "Kraków", "Oslo", "Dublin"]),
        state=rng.choice([None, "SP", "QC", "CA"]),
        postal_code=f"{rng.randint(10000, 99999)}",
        country=rng.choice(COUNTRIES),
    )


def _order(rng: random.Random, order_id: str, created_at: datetime) -> SyntheticOrder:
    return SyntheticOrder(
        order_id=order_id,
        placed_at=created_at + timedelta(days=rng.randrange(0, 700), hours=rng.randrange(24)),
        status=rng.choice(STATUSES),
        total=Decimal(rng.randint(0, 50000)) / 100,
    )
