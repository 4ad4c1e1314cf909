"""Customer writes: e-mail uniqueness, counters updated by writes, search over spellings."""

from __future__ import annotations

import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from customers_core.customers import letter_counts, total_count
from customers_core.errors import EmailTaken, LoginTaken, Throttled
from customers_core.listing import ListingRequest, list_customers
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
from pynamodb.transactions import TransactWrite

from tests.datalayer.builders import add_customer

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


@pytest.mark.parametrize(
    "other_spelling",
    [
        "ZOË@EXAMPLE.COM",
        "Zoë@Example.com",
        unicodedata.normalize("NFD", "zoë@example.com"),
        " zoë@example.com ",
    ],
)
def test_an_email_is_owned_by_one_customer_in_any_case_or_unicode_form(other_spelling):
    # GIVEN a customer with an accented e-mail in composed form
    add_customer("Zoë", "One", email=unicodedata.normalize("NFC", "zoë@example.com"))

    # WHEN another customer is written with the same e-mail in another case or form
    # THEN it is a conflict naming the e-mail, and nothing of the second one is stored
    with pytest.raises(EmailTaken) as refused:
        add_customer("Zoë", "Two", email=other_spelling)
    assert refused.value.fields == {"email": "already registered"}
    assert total_count() == 1
    assert [item.last_name for item in list_customers(ListingRequest()).items] == ["One"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("dedup@bü.com", "dedup@xn--b-eha.com"), ("dedup@xn--b-eha.com", "DEDUP@BÜ.COM")],
)
def test_a_domain_in_unicode_or_punycode_is_the_same_mailbox(first, second):
    # GIVEN a customer whose e-mail's domain is written one way
    add_customer("Ann", "One", email=first)

    # WHEN another customer is written with the same domain spelled the other way
    # THEN it is the same e-mail, and a conflict
    with pytest.raises(EmailTaken):
        add_customer("Ann", "Two", email=second)
    assert total_count() == 1


def test_a_login_is_owned_by_one_customer_whatever_its_case():
    # GIVEN a customer whose login is a string of digits, and one with a login of letters
    add_customer("Ann", "One", email="one@example.com", login="0123456789")
    add_customer("Bo", "Two", email="two@example.com", login="Bo.Two")

    # WHEN other customers with other e-mails take the same logins, in another case too
    # THEN each is a conflict naming the login, and nothing of them is stored
    with pytest.raises(LoginTaken) as refused:
        add_customer("Ann", "Three", email="three@example.com", login="0123456789")
    assert refused.value.fields == {"login": "already taken"}
    with pytest.raises(LoginTaken):
        add_customer("Bo", "Four", email="four@example.com", login="BO.TWO")
    assert total_count() == 2
    assert letter_counts("email")[ord("T") - ord("A")] == {"letter": "T", "count": 1}


def test_letter_counters_follow_writes_and_add_up_to_the_total():
    # GIVEN customers across letters, an empty last name and a digit
    for first, last, email in [
        ("a", "Adams", "z@x.com"),
        ("b", "Ölund", "o@x.com"),
        ("c", "", "1@x.com"),
        ("d", "9lives", "d@x.com"),
        ("e", "Abbot", "a@x.com"),
    ]:
        add_customer(first, last, email=email)

    # WHEN the counters are read
    by_name = {row["letter"]: row["count"] for row in letter_counts("last_name")}
    by_email = {row["letter"]: row["count"] for row in letter_counts("email")}

    # THEN they count each letter and add up to the total
    assert len(by_name) == 27 and len(by_email) == 27
    assert (by_name["A"], by_name["O"], by_name["#"]) == (2, 1, 2)
    assert (by_email["Z"], by_email["O"], by_email["#"], by_email["A"]) == (1, 1, 1, 1)
    assert sum(by_name.values()) == sum(by_email.values()) == total_count() == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kovac", ["Kovács"]),
        ("KOVÁCS", ["Kovács"]),
        (unicodedata.normalize("NFD", "kovács"), ["Kovács"]),
        ("o'r", ["O’Reilly"]),
        ("o\u2019r", ["O’Reilly"]),
        ("oreil", ["O’Reilly"]),
        ("van der", ["Van der Berg"]),
        ("berg", ["Van der Berg"]),
        ("brontë-sm", ["Brontë-Smith"]),
        ("smith", ["Brontë-Smith"]),
        ("stanislaw", ["Wójcik"]),
        ("bjorn", ["Hansen"]),
        ("hel hol", ["Holý"]),
        ("  hel   HOL  ", ["Holý"]),
        ("hholy@", ["Holý"]),
        ("2pa", ["2Pac"]),
        ("nolast", [""]),
        ("cher", [""]),
        ("zzz", []),
    ],
)
def test_search_finds_every_spelling_of_a_name(query, expected):
    # GIVEN customers with accents, apostrophes, hyphens and several words
    add_customer("Ladislav", "Kovács", email="ladislav_kovacs@apple.hu")
    add_customer("Hugh", "O’Reilly", email="hughoreilly@apple.ie")
    add_customer("Mark", "Van der Berg", email="mvdb@x.nl")
    add_customer("Emily", "Brontë-Smith", email="eb@x.uk")
    add_customer("Stanisław", "Wójcik", email="stanisław.wójcik@wp.pl")
    add_customer("Bjørn", "Hansen", email="bjorn.hansen@yahoo.no")
    add_customer("Helena", "Holý", email="hholy@gmail.com")
    add_customer("Tupac", "2Pac", email="tupac@x.com")
    add_customer("Cher", "", email="nolastname@x.com")

    # WHEN searched
    page = list_customers(ListingRequest(q=query))

    # THEN exactly the expected customers are found
    assert [item.last_name for item in page.items] == expected


def test_search_pages_hold_each_match_once():
    # GIVEN 9 customers sharing a name word
    ids = {add_customer(f"Jo{n}", "Smith", email=f"js{n}@x.com") for n in range(9)}

    # WHEN the search is paged 4 at a time
    seen, cursor, pages = [], None, 0
    while True:
        page = list_customers(ListingRequest(q="smi", limit=4, cursor=cursor))
        seen += [item.pk for item in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break

    # THEN 3 pages list all 9 once
    assert pages == 3 and sorted(seen) == sorted(ids)


@pytest.mark.parametrize(
    ("first", "last", "email"),
    [
        ("Ann", "\ufdfd" * 200, "long1@example.com"),
        ("🎉" * 200, "Party", "long2@example.com"),
        ("Ann", "Émile" * 40, "\ufdfd" * 64 + "@example.com"),
    ],
)
def test_names_and_emails_whose_folded_form_is_long_are_stored_and_found(first, last, email):
    # GIVEN a name or e-mail of the longest accepted length whose spellings expand

    # WHEN the customer is written
    customer_id = add_customer(first, last, email=email)

    # THEN it is listed, counted and found by the start of its e-mail, like any other
    assert [item.pk for item in list_customers(ListingRequest()).items] == [customer_id]
    assert total_count() == 1
    found = list_customers(ListingRequest(q=email[:30]))
    assert [item.pk for item in found.items] == [customer_id]
    with pytest.raises(EmailTaken):
        add_customer("Other", "One", email=email.upper())


def test_customers_written_at_the_same_moment_are_all_stored_and_counted():
    # GIVEN 48 new customers arriving at once, as from a busy checkout
    def write(n: int) -> str:
        return add_customer(f"Con{n}", "Current", email=f"c{n}@x.com")

    # WHEN they are written concurrently (they share the counter items)
    with ThreadPoolExecutor(max_workers=12) as pool:
        ids = list(pool.map(write, range(48)))

    # THEN every one is stored and counted, none lost to a conflict
    assert len(set(ids)) == 48
    assert total_count() == 48
    assert letter_counts("last_name")[ord("C") - ord("A")] == {"letter": "C", "count": 48}


def conflict() -> TransactWriteError:
    reasons = [CancellationReason(code="None"), CancellationReason(code="TransactionConflict")]
    response = {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}}
    cause = VerboseClientError(response, "TransactWriteItems", cancellation_reasons=reasons)
    return TransactWriteError("Failed to write transaction items", cause=cause)


def colliding_transactions(times: int) -> type[TransactWrite]:
    """TransactWrite whose first `times` commits collide with another transaction."""
    collisions = {"left": times}

    class Colliding(TransactWrite):
        def _commit(self):
            if collisions["left"] > 0:
                collisions["left"] -= 1
                raise conflict()
            return super()._commit()

    return Colliding


def test_a_customer_write_that_collides_with_another_is_tried_again(monkeypatch):
    # GIVEN a store where the next two transactions collide with other writers
    monkeypatch.setattr("customers_core.transactions.TransactWrite", colliding_transactions(2))
    monkeypatch.setattr("customers_core.transactions.FIRST_PAUSE_S", 0.001)

    # WHEN a customer is written
    customer_id = add_customer("Ann", "Again", email="again@x.com")

    # THEN it is stored and counted once
    assert [item.pk for item in list_customers(ListingRequest()).items] == [customer_id]
    assert total_count() == 1


def test_a_write_that_keeps_colliding_is_a_429_and_stores_nothing(monkeypatch):
    # GIVEN a store where every transaction collides
    monkeypatch.setattr("customers_core.transactions.TransactWrite", colliding_transactions(99))
    monkeypatch.setattr("customers_core.transactions.FIRST_PAUSE_S", 0.001)

    # WHEN a customer is written
    # THEN the caller is told to try again, and nothing is stored
    with pytest.raises(Throttled):
        add_customer("Ann", "Busy", email="busy@x.com")
    assert total_count() == 0
    assert list_customers(ListingRequest()).items == []
