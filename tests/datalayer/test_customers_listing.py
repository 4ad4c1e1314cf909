"""The listing paths of GET /customers against DynamoDB Local: keys, indexes and paging."""

from __future__ import annotations

import pytest
from customers_core.cursors import MAX_CURSOR_CHARS
from customers_core.errors import InvalidCursor, UnsupportedSort
from customers_core.listing import ListingRequest, list_customers
from customers_core.observability import capacity_meter

from tests.datalayer.builders import add_customer, count_order, order_image

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.usefixtures("tables")]


def names(page) -> list[str]:
    return [f"{item.first_name} {item.last_name}".strip() for item in page.items]


def all_pages(request: ListingRequest) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = list_customers(ListingRequest(**{**request.__dict__, "cursor": cursor}))
        pages.append([item.pk for item in page.items])
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_full_list_sorts_by_folded_last_name_across_letters():
    # GIVEN customers whose last names start with different letters, accents and cases
    for first, last in [("Ö", "Ölund"), ("a", "adams"), ("Z", "Zed"), ("B", "Brontë-Smith")]:
        add_customer(first, last)
    add_customer("Nobody", "")
    add_customer("Num", "4ever")

    # WHEN the full list is read in both directions
    ascending = list_customers(ListingRequest(limit=50))
    descending = list_customers(ListingRequest(limit=50, order="desc"))

    # THEN names sort by their folded form, empty and digit names first, ties by id
    assert [item.last_name for item in ascending.items] == [
        "",
        "4ever",
        "adams",
        "Brontë-Smith",
        "Ölund",
        "Zed",
    ]
    assert [item.last_name for item in descending.items] == [
        "Zed",
        "Ölund",
        "Brontë-Smith",
        "adams",
        "4ever",
        "",
    ]
    assert ascending.next_cursor is None


SORTS = [
    "last_name",
    "first_name",
    "email",
    "login",
    "status",
    "group",
    "created_at",
    "orders_count",
    "total_paid",
    "total_amount",
]


@pytest.mark.slow
def test_paging_with_many_equal_values_yields_each_customer_once():
    # GIVEN 20 customers sharing last names, totals and creation time, across two letters
    ids = {add_customer(f"Same{n}", "Smith", email=f"s{n}@x.com") for n in range(12)}
    ids |= {add_customer(f"Other{n}", "Jones", email=f"j{n}@x.com") for n in range(8)}
    for n, customer_id in enumerate(sorted(ids)[:5]):
        count_order(f"o{n}", None, order_image(customer_id, 100))

    for sort in SORTS:
        for order in ("asc", "desc"):
            for limit in (3, 7, 20):
                # WHEN the whole list is paged
                pages = all_pages(ListingRequest(sort=sort, order=order, limit=limit))

                # THEN every customer appears once and every page but the last is full
                seen = [customer_id for page in pages for customer_id in page]
                assert sorted(seen) == sorted(ids), (sort, order, limit)
                assert all(len(page) == limit for page in pages[:-1]), (sort, order, limit)
                assert 1 <= len(pages[-1]) <= limit


def test_ties_are_broken_by_id_in_the_sort_direction():
    # GIVEN three customers with the same last name
    ids = [add_customer("A", "Same", email=f"{n}@x.com") for n in range(3)]

    # WHEN listed ascending and descending by last name
    up = [item.pk for item in list_customers(ListingRequest()).items]
    down = [item.pk for item in list_customers(ListingRequest(order="desc")).items]

    # THEN ids break the tie in the same direction
    assert up == sorted(ids)
    assert down == sorted(ids, reverse=True)


def test_letter_lists_only_its_customers_and_hash_holds_the_rest():
    # GIVEN names with accents, apostrophes, digits, other scripts and an empty name
    add_customer("Zoë", "Ölund")
    add_customer("Jo", "O\u2019Reilly")
    add_customer("Ann", "oneal")
    add_customer("Digit", "9lives")
    add_customer("Empty", "")
    add_customer("Ivan", "Иванов")

    # WHEN letters O, I and # are listed
    letter_o = list_customers(ListingRequest(letter="O"))
    letter_i = list_customers(ListingRequest(letter="I"))
    other = list_customers(ListingRequest(letter="#"))

    # THEN each holds exactly its customers; other scripts list under #, as digits do
    assert [item.last_name for item in letter_o.items] == ["Ölund", "oneal", "O\u2019Reilly"]
    assert letter_i.items == []
    assert sorted(item.last_name for item in other.items) == ["", "9lives", "Иванов"]


def test_letter_by_email_uses_the_email_partition():
    # GIVEN customers whose e-mail letter differs from their last-name letter
    add_customer("Ann", "Zed", email="alpha@x.com")
    add_customer("Bob", "Able", email="Ébert@x.com")
    add_customer("Cy", "Cole", email="zed@x.com")

    # WHEN letter E and A are listed by e-mail
    by_e = list_customers(ListingRequest(letter="E", by="email", sort="email"))
    by_a = list_customers(ListingRequest(letter="A", by="email"))

    # THEN the e-mail's folded first letter decides
    assert [item.email for item in by_e.items] == ["Ébert@x.com"]
    assert [item.email for item in by_a.items] == ["alpha@x.com"]


def test_sorting_by_totals_follows_the_stream_consumer():
    # GIVEN three customers with orders counted from stream records
    poor = add_customer("Poor", "Payer")
    rich = add_customer("Rich", "Payer")
    none = add_customer("None", "Payer")
    count_order("o1", None, order_image(rich, 4962))
    count_order("o2", None, order_image(poor, 198))
    count_order("o3", None, order_image(poor, 500, status="pending"))

    # WHEN listed by total paid descending and by orders count
    by_paid = list_customers(ListingRequest(sort="total_paid", order="desc"))
    by_count = list_customers(ListingRequest(sort="orders_count", order="desc"))

    # THEN the order follows the exact totals
    assert [item.pk for item in by_paid.items] == [rich, poor, none]
    assert [item.pk for item in by_count.items] == [poor, rich, none]
    assert by_paid.items[0].total_paid == 4962


def test_a_mangled_or_foreign_cursor_is_refused():
    # GIVEN a real cursor for the list sorted by last name
    for n in range(3):
        add_customer(f"P{n}", "Page", email=f"p{n}@x.com")
    cursor = list_customers(ListingRequest(limit=1)).next_cursor
    assert cursor

    # WHEN it is altered, truncated, or used for another sort
    # THEN each is an InvalidCursor
    for bad in [
        cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1],
        cursor[:10],
        "not a cursor!",
        "",
        "%%%",
    ]:
        if not bad:
            continue
        with pytest.raises(InvalidCursor):
            list_customers(ListingRequest(limit=1, cursor=bad))
    with pytest.raises(InvalidCursor):
        list_customers(ListingRequest(limit=1, sort="email", cursor=cursor))


def test_a_page_of_the_full_list_reads_about_the_page():
    # GIVEN 60 customers spread over letters
    for n in range(60):
        add_customer(f"F{n}", f"{'ABCDEFGHIJ'[n % 10]}name{n}", email=f"m{n}@x.com")

    # WHEN one page of 10 is read
    meter = capacity_meter()
    meter.reset()
    page = list_customers(ListingRequest(limit=10))

    # THEN it is full and reads far fewer items than the store holds
    assert len(page.items) == 10
    assert meter.by_operation.get("Scan") is None
    assert meter.items_read < 60


def test_search_sorted_by_other_columns_is_bounded():
    # GIVEN a few matches for a search
    a = add_customer("Helena", "Holý", email="hholy@gmail.com")
    b = add_customer("Hector", "Hall", email="hh@x.com")
    count_order("o1", None, order_image(b, 100))

    # WHEN searched and sorted by total paid descending
    page = list_customers(ListingRequest(q="h", sort="total_paid", order="desc"))

    # THEN the matches come sorted in memory
    assert [item.pk for item in page.items] == [b, a]


def test_a_broad_search_with_too_many_candidates_asks_to_narrow(monkeypatch):
    # GIVEN more candidates than the in-memory bound
    monkeypatch.setattr("customers_core.listing.MAX_SORTED", 3)
    for n in range(5):
        add_customer(f"Hal{n}", "Hardy", email=f"h{n}@x.com")

    # WHEN a one-letter search is made
    # THEN it is refused with unsupported_sort
    with pytest.raises(UnsupportedSort):
        list_customers(ListingRequest(q="h"))


def test_a_cursor_without_a_letter_serves_either_filter_by_choice():
    # GIVEN the first page of the full list, asked for with by=email but no letter
    for n in range(3):
        add_customer(f"P{n}", "Page", email=f"p{n}@x.com")
    first = list_customers(ListingRequest(limit=2, by="email"))

    # WHEN the next page is asked for with the default by=last_name
    second = list_customers(ListingRequest(limit=2, cursor=first.next_cursor))

    # THEN it continues the same list: without a letter, `by` changes nothing
    assert len(first.items) == 2 and len(second.items) == 1
    assert {item.pk for item in first.items}.isdisjoint(item.pk for item in second.items)


def test_a_search_reads_about_its_most_selective_words_tokens_not_every_words():
    # GIVEN 150 customers named Smith, and one of them also named Zola
    for n in range(149):
        add_customer(f"Jo{n}", "Smith", email=f"smith{n}@x.com")
    zola = add_customer("Zola", "Smith", email="zs@x.com")

    # WHEN "smith zo" is searched: the longer word is the broad one
    meter = capacity_meter()
    meter.reset()
    page = list_customers(ListingRequest(q="smith zo"))

    # THEN Zola is found, and the Smiths' tokens were not all read to find her
    assert [item.pk for item in page.items] == [zola]
    assert meter.by_operation.get("Scan") is None
    assert meter.items_read < 150, meter.items_read


def test_group_none_with_another_filter_lists_the_customers_without_a_group():
    # GIVEN customers without a group, under two letters
    ids = [add_customer(f"N{n}", "Nogroup", email=f"n{n}@x.com") for n in range(3)]
    other = add_customer("B", "Bee", email="b@x.com")

    # WHEN group=none is combined with a status, a letter by e-mail, or a search
    with_status = list_customers(ListingRequest(group="none", status="registered"))
    with_email_letter = list_customers(ListingRequest(group="none", letter="N", by="email"))
    with_search = list_customers(ListingRequest(group="none", q="nogroup"))

    # THEN each lists exactly the matching customers without a group
    assert {item.pk for item in with_status.items} == {*ids, other}
    assert {item.pk for item in with_email_letter.items} == set(ids)
    assert {item.pk for item in with_search.items} == set(ids)


def test_a_filter_pair_is_read_from_its_smallest_scope(monkeypatch):
    # GIVEN more customers under the e-mail letter B than are sorted in memory, all
    # registered, and one quick-checkout customer among them
    monkeypatch.setattr("customers_core.listing.MAX_SORTED", 3)
    for n in range(5):
        add_customer(f"B{n}", "Many", email=f"b{n}@x.com")
    rare = add_customer("B", "Rare", email="brare@x.com", status="quick_checkout")

    # WHEN the letter is combined with the rare status, with a status nobody has, and
    # with the common one
    rare_page = list_customers(ListingRequest(letter="B", by="email", status="quick_checkout"))
    empty_page = list_customers(ListingRequest(letter="B", by="email", status="password_reset"))
    with pytest.raises(UnsupportedSort) as too_many:
        list_customers(ListingRequest(letter="B", by="email", status="registered"))

    # THEN the rare and empty statuses are answered, and the common one asks to narrow
    # the two filters it names
    assert [item.pk for item in rare_page.items] == [rare]
    assert empty_page.items == []
    assert set(too_many.value.fields) == {"letter", "status"}
    assert "narrow" in too_many.value.message


def test_a_search_of_many_broad_words_stops_at_its_budget(monkeypatch):
    # GIVEN a budget of a few tokens, and customers every word of a search matches
    monkeypatch.setattr("customers_core.listing.SEARCH_FIRST_PAGE", 2)
    monkeypatch.setattr("customers_core.listing.SEARCH_TOKEN_BUDGET", 10)
    for n in range(12):
        add_customer(f"Ann{n}", "Andersen", email=f"a{n}@x.com")

    # WHEN a search of three broad words is made
    # THEN it is refused as too broad rather than read on
    meter = capacity_meter()
    meter.reset()
    with pytest.raises(UnsupportedSort) as too_broad:
        list_customers(ListingRequest(q="a an and"))
    assert list(too_broad.value.fields) == ["q"]
    assert meter.items_read <= 10 + 3 * 8


@pytest.mark.parametrize("sort", ["last_name", "first_name", "email"])
def test_paging_reaches_every_customer_past_names_in_other_scripts_of_the_longest_length(sort):
    # GIVEN customers whose names and e-mails are 200 characters of emoji and cuneiform
    ids = {add_customer("😀" * 200, "😀" * 200, email=f"{'😀' * 60}{n}@x.com") for n in range(3)}
    ids |= {add_customer("𒀀" * 200, "𒀀" * 200, email=f"{'𒀀' * 60}{n}@x.com") for n in range(2)}
    ids.add(add_customer("Ann", "Plain", email="ann@x.com"))

    # WHEN the list is paged one at a time, both ways
    for order in ("asc", "desc"):
        pages = all_pages(ListingRequest(sort=sort, order=order, limit=1))

        # THEN every cursor the service gave was taken back and everyone was reached once
        assert sorted(customer for page in pages for customer in page) == sorted(ids)

    longest = max(
        len(list_customers(ListingRequest(sort=sort, order=order, limit=1)).next_cursor or "")
        for order in ("asc", "desc")
    )
    assert 0 < longest <= MAX_CURSOR_CHARS
