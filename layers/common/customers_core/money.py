"""Money as integer cents: stored, added and compared exactly, shown with two places."""

from __future__ import annotations

import re

# At most ten digits before the point (under ten billion an order). A customer's total sits
# left of the id's 19 digits in a sort key, which DynamoDB caps at 38 digits: it would take
# ten million orders of the largest amount to reach that.
AMOUNT_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
_AMOUNT = re.compile(AMOUNT_PATTERN)


class InvalidAmount(ValueError):
    """The text is not a non-negative decimal with at most two places."""


def parse_cents(text: str) -> int:
    """'49.62' -> 4962; refuses floats' artefacts, signs, exponents and extra places."""
    if not isinstance(text, str) or not _AMOUNT.fullmatch(text):
        raise InvalidAmount(f"not a non-negative amount with at most two decimals: {text!r}")
    units, _, fraction = text.partition(".")
    return int(units) * 100 + int(fraction.ljust(2, "0") or 0)


def format_cents(cents: int) -> str:
    """4962 -> '49.62'; negative values keep their sign (a refund adjustment)."""
    sign = "-" if cents < 0 else ""
    units, fraction = divmod(abs(int(cents)), 100)
    return f"{sign}{units}.{fraction:02d}"
