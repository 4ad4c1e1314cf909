"""Field types for request models at the edge (pydantic): what every route accepts as
text, an e-mail, an amount or a time, refused with a 422 naming the field otherwise."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

from customers_core.money import AMOUNT_PATTERN

# Bidirectional embeddings, overrides and isolates can make a name read as another one.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ISO_8601 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"(Z|z|[+-][0-9]{2}:?[0-9]{2})"
)
# Orders of a store that exists today; also keeps the UTC conversion inside the calendar.
FIRST_YEAR, LAST_YEAR = 1970, 2999
_EMAIL_FORBIDDEN = set(' <>()[]\\,;:"') | {chr(code) for code in range(0x20)} | {"\x7f"}


def _plain_text(value: str) -> str:
    for char in value:
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            raise ValueError(f"holds the control character U+{ord(char):04X}")
    return value


def _email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at or "@" in domain or not local or "." not in domain.strip("."):
        raise ValueError("is not an e-mail address (name@domain.example)")
    if len(local) > 64 or len(domain) > 255:
        raise ValueError("has a part longer than e-mail allows (64 @ 255)")
    if any(char in _EMAIL_FORBIDDEN or unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("holds spaces, control characters or characters e-mail does not allow")
    return _plain_text(value)


def _iso_8601_text(value: object) -> object:
    if not isinstance(value, str) or not _ISO_8601.fullmatch(value):
        raise ValueError("is not an ISO 8601 time with a zone (2026-12-03T18:00:00Z)")
    return value


def _within_the_years(value: datetime) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"is not between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value


# Text people type (names, address lines, phone numbers), without control characters.
Name = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]
PostalCode = Annotated[str, Field(max_length=40), AfterValidator(_plain_text)]
Phone = Annotated[str, Field(max_length=60), AfterValidator(_plain_text)]
Email = Annotated[str, Field(max_length=320), AfterValidator(_email)]
Amount = Annotated[str, Field(pattern=AMOUNT_PATTERN)]
Timestamp = Annotated[
    AwareDatetime, BeforeValidator(_iso_8601_text), AfterValidator(_within_the_years)
]
