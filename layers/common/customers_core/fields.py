"""Field types for request models at the edge (pydantic): what every route accepts as
text, an e-mail, an amount or a time, refused with a 422 naming the field otherwise."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

from customers_core.money import AMOUNT_PATTERN

# Format characters are invisible: bidi controls make a name read as another one, and
# zero-width ones make two customers look the same. Only the joiners that some scripts
# and emoji need to be spelled right are kept.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# Controls, format characters, private use, surrogates, unassigned and non-characters,
# and the line and paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Letters and symbols that draw nothing: Hangul fillers, the blank braille pattern, the
# grapheme joiner, Khmer's inherent vowels and the Mongolian vowel separator.
_BLANK_CHARACTERS = set("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e")
_ISO_8601 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})"
)
# Orders of a store that exists today; also keeps the UTC conversion inside the calendar.
FIRST_YEAR, LAST_YEAR = 1970, 2999


def _plain_text(value: str) -> str:
    for char in value:
        refused = unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BLANK_CHARACTERS
        if refused and char not in _KEPT_FORMAT_CHARACTERS:
            raise ValueError(f"holds the invisible or control character U+{ord(char):04X}")
    if value.strip() and not any(_visible(char) for char in value):
        raise ValueError("has no character that can be seen")
    return value


def _visible(char: str) -> bool:
    # Marks, spaces and joiners only ever change or separate characters around them.
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_CHARACTERS


def _email(value: str) -> str:
    """An address by the e-mail grammar (email-validator, with internationalised names),
    kept as it was written; no DNS lookup."""
    _plain_text(value)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"is not an e-mail address: {error}") from error
    return value


def _iso_8601_text(value: object) -> object:
    if not isinstance(value, str) or not _ISO_8601.fullmatch(value):
        raise ValueError("is not an ISO 8601 time with a zone (2026-12-03T18:00:00Z)")
    return value


def _within_the_years(value: datetime) -> datetime:
    # The local year first: converting a time near the calendar's ends would overflow.
    if not FIRST_YEAR <= value.year <= LAST_YEAR or not (
        FIRST_YEAR <= value.astimezone(UTC).year <= LAST_YEAR
    ):
        raise ValueError(f"is not between the years {FIRST_YEAR} and {LAST_YEAR} in UTC")
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
