"""Money stays exact in cents; cursors refuse anything they did not issue."""

from __future__ import annotations

import random

import pytest
from customers_core.cursors import decode_cursor, encode_cursor
from customers_core.errors import InvalidCursor
from customers_core.money import InvalidAmount, format_cents, parse_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [("0", 0), ("0.1", 10), ("0.10", 10), ("49.62", 4962), ("1.98", 198), ("1000000", 100000000)],
)
def test_amounts_parse_to_exact_cents(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["-1", "1.234", "1e3", "", " 1", "1,00", "NaN", ".5", "1."])
def test_anything_but_a_plain_two_place_decimal_is_refused(text):
    with pytest.raises(InvalidAmount):
        parse_cents(text)


def test_thousands_of_amounts_sum_exactly_to_the_cent():
    # GIVEN 5,000 random two-place amounts
    rng = random.Random(7)
    texts = [f"{rng.randrange(0, 100000)}.{rng.randrange(0, 100):02d}" for _ in range(5000)]

    # WHEN summed as cents
    total = sum(parse_cents(text) for text in texts)

    # THEN the sum equals the exact decimal sum, with no float drift
    from decimal import Decimal

    assert format_cents(total) == str(sum(Decimal(text) for text in texts))


def test_a_cursor_round_trips_its_position():
    cursor = encode_cursor({"k": "holy\x01c_1"}, "fp1")

    assert decode_cursor(cursor, "fp1") == {"k": "holy\x01c_1"}


@pytest.mark.parametrize("mangle", ["flip", "truncate", "append", "garbage", "unicode", "padding"])
def test_a_mangled_cursor_is_refused(mangle):
    cursor = encode_cursor(12345678901234567890123, "fp1")
    bad = {
        "flip": cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:],
        "truncate": cursor[:-3],
        "append": cursor + "AAAA",
        "garbage": "!!!",
        "unicode": "ünï",
        "padding": "====",
    }[mangle]

    with pytest.raises(InvalidCursor):
        decode_cursor(bad, "fp1")


def test_a_cursor_from_another_listing_is_refused():
    cursor = encode_cursor("x", "fp1")

    with pytest.raises(InvalidCursor) as refused:
        decode_cursor(cursor, "fp2")

    assert refused.value.fields == {"cursor": "belongs to another filter or sort"}
