"""The admin page's reading half in a real browser: sort, letters, search, paging, details,
the address keeping the view, and customer data shown as text whatever it holds."""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.admin_page import TOTAL_PAID_COLUMN, AdminPage, range_text
from tests.browser.conftest import Api
from tests.support.local_service import LocalService

pytestmark = pytest.mark.browser


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def test_sorting_by_total_paid_lists_helena_holy_first(page: Page) -> None:
    # GIVEN the full list of the Chinook store, sorted by last name
    admin = AdminPage(page).open()
    expect(admin.column_header("Name")).to_have_attribute("aria-sort", "ascending")

    # WHEN the Total paid column title is clicked
    admin.sort_by("Total paid")

    # THEN the biggest spender comes first, in the store currency (USD without settings),
    # and the column says it is the sort, largest first
    first_row = admin.rows.first
    expect(first_row.locator("td").nth(2)).to_have_text("Holý, Helena")
    expect(first_row.locator("td").nth(TOTAL_PAID_COLUMN - 1)).to_have_text("$49.62")
    expect(admin.column_header("Total paid")).to_have_attribute("aria-sort", "descending")
    expect(admin.column_header("Name")).not_to_have_attribute("aria-sort", re.compile(".*"))
    assert admin.query() == {"sort": ["total_paid"], "order": ["desc"]}


def test_clicking_the_sorted_column_again_reverses_the_order(page: Page, api: Api) -> None:
    # GIVEN the list sorted by total paid, largest first
    admin = AdminPage(page).open("?sort=total_paid&order=desc")
    expect(admin.rows.first.locator("td").nth(2)).to_have_text("Holý, Helena")

    # WHEN the Total paid title is clicked again
    admin.sort_by("Total paid")

    # THEN the list runs from the smallest total paid, as the API orders it
    smallest = api.get("/customers", sort="total_paid", order="asc", limit=50)["items"]
    expect(admin.column_header("Total paid")).to_have_attribute("aria-sort", "ascending")
    assert admin.ids() == [customer["id"] for customer in smallest]
    assert "Holý, Helena" not in admin.names()[:10]
    assert admin.query() == {"sort": ["total_paid"]}  # ascending is the default order


def test_a_letter_by_last_name_shows_its_count_and_lists_its_customers(
    page: Page, api: Api
) -> None:
    # GIVEN the page, filtering by last name, with the API's count for each letter
    admin = AdminPage(page).open()
    counts = {item["letter"]: item["count"] for item in api.get("/customers/letters")["letters"]}
    expect(admin.letter("K")).to_have_attribute("aria-label", f"K, {counts['K']} customers")
    expect(admin.letter("K").locator(".letter-count")).to_have_text(str(counts["K"]))

    # WHEN the letter K is chosen
    admin.choose_letter("K")

    # THEN exactly the customers whose last name starts with K are listed (Köhler, Kovács)
    expect(admin.rows).to_have_count(counts["K"])
    assert sorted(admin.names()) == ["Kovács, Ladislav", "Köhler, Leonie"]
    expect(admin.letter("K")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#list-title")).to_have_text("Customers whose last name starts with K")
    expect(admin.status).to_have_text(range_text(1, counts["K"], counts["K"], 1))
    assert admin.query() == {"letter": ["K"]}


def test_a_letter_by_email_shows_its_count_and_lists_its_customers(page: Page, api: Api) -> None:
    # GIVEN the page switched to filtering by e-mail
    admin = AdminPage(page).open()
    admin.filter_by.select_option(label="E-mail")
    counts = {
        item["letter"]: item["count"]
        for item in api.get("/customers/letters", by="email")["letters"]
    }
    expect(admin.letter("J")).to_have_attribute("aria-label", f"J, {counts['J']} customers")

    # WHEN the letter J is chosen
    admin.choose_letter("J")

    # THEN the customers whose e-mail starts with J are listed, as many as the letter said
    expect(admin.rows).to_have_count(counts["J"])
    emails = page.locator("#customers-rows a.customer-link").all_inner_texts()
    assert emails and all(email.lower().startswith("j") for email in emails)
    expect(page.locator("#list-title")).to_have_text("Customers whose e-mail starts with J")
    assert admin.query() == {"letter": ["J"], "by": ["email"]}


def test_a_search_typed_without_accents_finds_the_accented_name(page: Page, api: Api) -> None:
    # GIVEN the full list
    admin = AdminPage(page).open()
    total = api.get("/customers/count")["count"]

    # WHEN "kovacs" is searched with the Enter key
    admin.search("kovacs")

    # THEN Kovács is found, and only Kovács
    expect(admin.rows).to_have_count(1)
    assert admin.names() == ["Kovács, Ladislav"]
    expect(page.locator("#list-title")).to_have_text("Customers matching “kovacs”")
    assert admin.query() == {"q": ["kovacs"]}

    # WHEN the search field is cleared
    admin.search_field.fill("")
    admin.wait_for_list()

    # THEN the full list is back
    expect(admin.status).to_have_text(range_text(1, min(total, 50), total, 1))
    assert admin.query() == {}


def test_paging_goes_forward_and_back_by_cursor(page: Page, api: Api) -> None:
    # GIVEN the full list at 10 customers a page
    admin = AdminPage(page).open()
    total = api.get("/customers/count")["count"]
    admin.page_size.select_option("10")
    admin.wait_for_list()
    first_page = admin.ids()
    expect(admin.previous_page).to_be_disabled()

    # WHEN the next page is asked for, twice
    admin.next_page.click()
    admin.wait_for_list()
    second_page = admin.ids()
    admin.next_page.click()
    admin.wait_for_list()
    third_page = admin.ids()

    # THEN each page holds the next ten customers, none seen before
    assert len(first_page) == len(second_page) == len(third_page) == 10
    assert len(set(first_page + second_page + third_page)) == 30
    expect(admin.status).to_have_text(range_text(21, 30, total, 3))
    # ... and the address holds the page and its own cursor only, however far it goes
    assert admin.query()["page"] == ["3"]
    assert len(admin.query()["cursor"]) == 1

    # WHEN the previous page is asked for
    admin.previous_page.click()
    admin.wait_for_list()

    # THEN the second page is back, the same customers in the same order
    assert admin.ids() == second_page
    expect(admin.status).to_have_text(range_text(11, 20, total, 2))
    admin.previous_page.click()
    admin.wait_for_list()
    assert admin.ids() == first_page
    expect(admin.previous_page).to_be_disabled()


def test_clicking_a_login_opens_the_customers_details(page: Page, api: Api) -> None:
    # GIVEN the list, sorted so that Helena Holý is on top
    admin = AdminPage(page).open("?sort=total_paid&order=desc")
    helena = api.get("/customers", q="hholy")["items"][0]
    detail = api.get(f"/customers/{helena['id']}")

    # WHEN her login is clicked
    dialog = admin.open_details(helena["id"])

    # THEN her details show: contact, both addresses, and every order, newest first
    expect(dialog.locator("#detail-title")).to_have_text("Helena Holý")
    facts = dialog.locator(".facts")
    expect(facts).to_contain_text("hholy@gmail.com")
    expect(facts).to_contain_text("+420 2 4177 0449")
    expect(facts).to_contain_text("Registered")
    for heading in ("Billing address", "Shipping address"):
        address = dialog.locator("section", has=page.get_by_role("heading", name=heading))
        expect(address.locator("address")).to_have_text(
            re.compile(r"Rilská 3174/6\s*14300 Prague\s*Czech Republic")
        )
    orders = dialog.locator("table.orders tbody tr")
    expect(orders).to_have_count(len(detail["orders"]))
    newest = detail["orders"][0]
    first = orders.first.locator("td")
    expect(first.nth(0)).to_have_text(newest["id"])
    expect(first.nth(1).locator("time")).to_have_attribute("datetime", newest["placed_at"])
    expect(first.nth(2)).to_have_text("Paid")
    expect(first.nth(3)).to_have_text(f"${newest['total']}")
    assert admin.query()["customer"] == [helena["id"]]

    # WHEN the dialog is closed with Escape
    page.keyboard.press("Escape")

    # THEN the list is back as it was, and the keyboard is on the login again
    expect(dialog).to_be_hidden()
    expect(page).not_to_have_url(re.compile(r"customer="))
    expect(admin.login_link(helena["id"])).to_be_focused()


def test_reload_and_back_keep_the_view(page: Page) -> None:
    # GIVEN the customers whose e-mail starts with M, sorted by orders, then by total paid
    admin = AdminPage(page).open("?by=email")
    admin.choose_letter("M")
    admin.sort_by("Orders")
    admin.sort_by("Total paid")
    view = admin.ids()
    address = page.url

    # WHEN the page is reloaded
    page.reload()
    admin.wait_for_list()

    # THEN the same view is drawn: the letter, what it applies to, the sort and the rows
    assert page.url == address
    assert admin.ids() == view
    expect(admin.filter_by).to_have_value("email")
    expect(admin.letter("M")).to_have_attribute("aria-pressed", "true")
    expect(admin.column_header("Total paid")).to_have_attribute("aria-sort", "descending")

    # WHEN Back is pressed
    page.go_back()

    # THEN the previous view returns: the same letter sorted by orders
    expect(admin.column_header("Orders")).to_have_attribute("aria-sort", "descending")
    admin.wait_for_list()
    assert admin.query() == {
        "letter": ["M"],
        "by": ["email"],
        "sort": ["orders_count"],
        "order": ["desc"],
    }

    # WHEN Back is pressed twice more
    page.go_back()
    page.go_back()

    # THEN the page is back at the full list
    expect(admin.letter("")).to_have_attribute("aria-pressed", "true")
    admin.wait_for_list()
    assert admin.query() == {"by": ["email"]}


def test_the_page_works_from_the_keyboard_alone(page: Page) -> None:
    # GIVEN the page, with no mouse used
    admin = AdminPage(page).open()

    # WHEN the search field is reached with Tab, "holy" typed and Enter pressed
    tab_until(page, "#search-q")
    page.keyboard.type("holy")
    page.keyboard.press("Enter")
    admin.wait_for_list()

    # THEN the focused controls show a visible outline, and Helena Holý is listed
    assert outline_of(page) != "none"
    assert admin.names() == ["Holý, Helena"]

    # WHEN Tab reaches her login and Enter is pressed
    tab_until(page, "#customers-rows a.customer-link")
    assert outline_of(page) != "none"
    page.keyboard.press("Enter")

    # THEN her details open with the focus inside, and Escape returns to the link
    expect(admin.dialog).to_be_visible()
    expect(page.locator("#detail-close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(admin.dialog).to_be_hidden()
    expect(page.locator("#customers-rows a.customer-link")).to_be_focused()


def test_a_sort_the_api_refuses_asks_to_narrow_the_filter(page: Page) -> None:
    # GIVEN an API that refuses to sort a search by total paid, as it does past 1,000
    # matches (the Chinook store is too small to get there, so the answer is staged)
    def refuse(route, _request: Request) -> None:
        body = {
            "error": {
                "code": "unsupported_sort",
                "message": "narrow the filter",
                "fields": {"sort": "unsupported with this filter"},
            }
        }
        route.fulfill(status=422, json=body)

    page.route(
        re.compile(r"/customers\?.*q=.*sort=total_paid|/customers\?.*sort=total_paid.*q="), refuse
    )
    admin = AdminPage(page).open()
    admin.search("a")

    # WHEN the search is sorted by total paid
    admin.sort_by("Total paid")

    # THEN the page says to narrow the filter, and offers the sort that always works
    expect(admin.alert).to_be_visible()
    expect(admin.alert).to_contain_text("Narrow the search")
    expect(admin.rows).to_have_count(0)
    admin.alert.get_by_role("button", name="Sort by name").click()
    admin.wait_for_list()
    expect(admin.alert).to_be_hidden()
    assert admin.query() == {"q": ["a"]}


def test_a_broad_search_sorted_by_name_asks_to_narrow_it_and_offers_to_clear_it(
    page: Page,
) -> None:
    # GIVEN an API that refuses a search too broad to list, as it does past 1,000 matches
    # (staged: the Chinook store is too small), whatever the sort
    def refuse(route, _request: Request) -> None:
        body = {
            "error": {
                "code": "unsupported_sort",
                "message": "More than 1000 customers match this search",
                "fields": {"q": "matches more than 1000 customers"},
            }
        }
        route.fulfill(status=422, json=body)

    page.route(re.compile(r"/customers\?.*q=e(&|$)"), refuse)
    admin = AdminPage(page).open()

    # WHEN the broad search is made, sorted by name (the default)
    admin.search("e")

    # THEN the page says to narrow the search, without offering the sort already in use,
    # and its button clears the search
    expect(admin.alert).to_contain_text("Narrow the search")
    expect(admin.alert.get_by_role("button", name="Sort by name")).to_have_count(0)
    admin.alert.get_by_role("button", name="Clear the search").click()
    admin.wait_for_list()
    expect(admin.alert).to_be_hidden()
    assert admin.query() == {}


@pytest.mark.parametrize(
    ("address", "advice", "button"),
    [
        ("?q=a+b+c+d+e+f+g+h+i", "at most 8 words", "Clear the search"),
        ("?page=2&cursor=" + "A" * 2500, "position in the list no longer works", None),
        ("?q=" + "a" * 300, "at most 200 characters", "Clear the search"),
    ],
    ids=["too-many-words", "over-long-cursor", "over-long-search"],
)
def test_an_address_the_api_refuses_offers_a_way_out_not_the_same_request(
    page: Page, address: str, advice: str, button: str | None
) -> None:
    # GIVEN an address the API refuses (a search of nine words, a cursor too long)
    # WHEN it is opened
    admin = AdminPage(page).open(address)

    # THEN the page says why, and its button leads to a list that loads
    expect(admin.alert).to_contain_text(advice)
    expect(admin.alert.get_by_role("button", name="Try again")).to_have_count(0)
    admin.alert.get_by_role("button").click()
    admin.wait_for_list()
    expect(admin.alert).to_be_hidden()
    expect(admin.rows.first).to_be_visible()


def test_a_bookmarked_page_opens_at_its_place_and_leads_back_to_the_first(
    page: Page, api: Api
) -> None:
    # GIVEN the address of the third page of 10, as a bookmark keeps it
    admin = AdminPage(page).open("?limit=10")
    admin.next_page.click()
    admin.wait_for_list()
    admin.next_page.click()
    admin.wait_for_list()
    third_page, address = admin.ids(), page.url
    first_page = api.get("/customers", limit=10)["items"]

    # WHEN it is opened in a new tab, with no history of how it was reached
    fresh = page.context.new_page()
    again = AdminPage(fresh)
    fresh.goto(address)
    again.wait_for_list()

    # THEN it shows the third page, and its way back is to the first page
    assert again.ids() == third_page
    expect(again.status).to_contain_text("page 3")
    expect(again.previous_page).to_have_text("First page")
    again.previous_page.click()
    again.wait_for_list()
    assert again.ids() == [customer["id"] for customer in first_page]
    expect(again.previous_page).to_be_disabled()
    fresh.close()


@pytest.mark.parametrize("page_number", ["0", "-3", "abc", "1", "2.5", "99999999"])
def test_a_hand_edited_page_number_starts_the_list_over_and_mends_the_address(
    page: Page, page_number: str
) -> None:
    # GIVEN the address of the second page of 10, with its page number edited by hand
    admin = AdminPage(page).open("?limit=10")
    first_page = admin.ids()
    admin.next_page.click()
    admin.wait_for_list()
    cursor = admin.query()["cursor"][0]

    # WHEN it is opened
    admin.open(f"?limit=10&page={page_number}&cursor={cursor}")

    # THEN the list starts at its first page, says so, and the address says so too
    assert admin.ids() == first_page
    expect(admin.status).to_contain_text("page 1")
    assert admin.query() == {"limit": ["10"]}


def test_an_address_naming_something_other_than_a_customer_id_opens_no_customer(
    page: Page,
) -> None:
    # GIVEN addresses whose customer is a route of the API or a path, not an id
    for value in ["letters", "count", ".", "..%2Findex.html"]:
        requests: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))

        # WHEN each is opened
        AdminPage(page).open(f"?customer={value}")

        # THEN the dialog says there is no such customer, and asked the API nothing for it:
        # only the list's own requests went out, once each
        expect(page.locator("#customer-dialog")).to_contain_text("no longer exists")
        paths = [urlsplit(url).path for url in requests if "/admin" not in url]
        api_paths = [path for path in paths if path.startswith(("/customers", "/settings"))]
        assert sorted(api_paths) == [
            "/customers",
            "/customers/count",
            "/customers/letters",
            "/settings",
        ], value
        page.keyboard.press("Escape")


def test_right_to_left_marks_in_a_search_or_a_name_stay_inside_it(page: Page) -> None:
    # GIVEN a search whose text starts with a right-to-left override
    typed = "\u202eevil"

    # WHEN it is opened
    admin = AdminPage(page).open(f"?q={typed}")

    # THEN the typed text is isolated in the heading, so "Customers matching" reads as is,
    # the problem names the field, and the names in the list are isolated too
    heading = page.locator("#list-title")
    expect(heading.locator("bdi")).to_have_text(typed)
    assert heading.evaluate("h => h.firstChild.textContent") == "Customers matching “"
    expect(admin.alert).to_be_hidden()
    admin.search("holy")
    expect(admin.rows.first.locator("td").nth(2).locator("bdi")).to_have_count(2)


def test_a_long_unbroken_name_wraps_inside_the_page(page: Page, api: Api) -> None:
    # GIVEN customers whose names and address are 200 characters without a break
    tag = uuid.uuid4().hex[:8]
    long_line = "\ufdfd" * 200
    answer = api.put(
        f"/orders/long-{tag}",
        {
            "customer": {
                "email": f"long-{tag}@example.com",
                "first_name": "\ufb03" * 200,
                "last_name": long_line,
                "billing": {"street": "S" * 200, "city": "C" * 200, "country": "X" * 200},
            },
            "placed_at": "2026-01-01T00:00:00Z",
            "status": "paid",
            "total": "1.00",
        },
    )
    assert answer.status_code == 201, answer.text

    # WHEN their letter is listed, and their details opened
    admin = AdminPage(page).open("?letter=%23")
    row = admin.rows.filter(has_text=f"long-{tag}@example.com")
    width = page.evaluate("document.documentElement.clientWidth")

    # THEN the page is no wider than the window, every letter stays in sight, and the
    # detail's addresses wrap inside their column
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    hash_box = admin.letter("#").bounding_box()
    assert hash_box is not None and hash_box["x"] + hash_box["width"] <= width
    customer_id = row.get_attribute("data-customer-id") or ""

    # ... and a search of one long unbroken word quoted in the heading wraps as well
    admin.search("x" * 200)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    admin.open("?letter=%23")
    admin.open_details(customer_id)
    overflow = page.evaluate(
        "[...document.querySelectorAll('#customer-dialog .addresses > section')]"
        ".map(section => section.scrollWidth - section.clientWidth)"
    )
    assert overflow and max(overflow) <= 0


def test_markup_in_a_customers_name_is_shown_as_text(
    page: Page, api: Api, page_problems: list[str]
) -> None:
    # GIVEN a customer created through the order feed, with markup for a name
    tag = uuid.uuid4().hex[:8]
    email = f"markup-{tag}@example.com"
    first_name = "<img src=x onerror=alert(1)>"
    last_name = "<b>Bold</b>"
    answer = api.put(
        f"/orders/markup-{tag}",
        {
            "customer": {"email": email, "first_name": first_name, "last_name": last_name},
            "placed_at": "2026-01-01T00:00:00Z",
            "status": "paid",
            "total": "1.00",
        },
    )
    assert answer.status_code == 201, answer.text
    letters_requests: list[str] = []
    page.on("request", lambda request: letters_requests.append(request.url))

    # WHEN it is looked up with the Search button, under the letter # (its last name
    # starts with "<"), and opened
    admin = AdminPage(page).open()
    admin.search_field.fill(f"markup-{tag}")
    page.get_by_role("button", name="Search", exact=True).click()
    admin.wait_for_list()
    expect(admin.rows).to_have_count(1)
    name_in_search = admin.names()
    admin.choose_letter("#")
    expect(admin.rows.filter(has_text=email)).to_have_count(1)
    customer_id = admin.rows.filter(has_text=email).get_attribute("data-customer-id")
    dialog = admin.open_details(customer_id or "")

    # THEN the name reads exactly as typed, no element was made of it, no script ran
    assert name_in_search == [f"{last_name}, {first_name}"]
    expect(dialog.locator("#detail-title")).to_have_text(f"{first_name} {last_name}")
    assert page.locator("#customers-rows img, #customers-rows b").count() == 0
    assert page.locator("#customer-dialog img, #customer-dialog b").count() == 0
    assert page_problems == []
    # ... and the letter # travelled percent-encoded, in the address and to the API
    assert "letter=%23" in page.url
    assert any("/customers?" in url and "letter=%23" in url for url in letters_requests)


def tab_until(page: Page, selector: str, presses: int = 60) -> None:
    """Presses Tab until the element matching the selector has the focus."""
    target = page.locator(selector).first
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def outline_of(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


SIGN_IN_HOST = "customers-staff-test.auth.us-east-1.amazoncognito.com"


def test_deployed_sign_in_uses_the_code_flow_with_pkce_and_keeps_the_token_in_memory(
    page: Page, local_service: LocalService
) -> None:
    # GIVEN the page configured as deployed: Cognito's hosted UI (staged here: this machine
    # reaches no AWS), whose token endpoint hands out local mode's token as the ID token,
    # and the deployed Content-Security-Policy, which admits that sign-in host
    origin = local_service.url.rstrip("/")
    seen: dict[str, Any] = {}
    config = {
        "api_base": "",
        "auth": {
            "mode": "cognito",
            "domain": SIGN_IN_HOST,
            "client_id": "admin-page",
            "redirect_uri": f"{origin}/",
        },
    }
    page.route(f"{origin}/admin-config.json", lambda route: route.fulfill(json=config))
    page.route(re.compile(rf"^{re.escape(origin)}/(\?.*)?$"), with_deployed_policy)

    def authorize(route: Route) -> None:
        seen["authorize"] = parse_qs(urlsplit(route.request.url).query)
        route.fulfill(body="<h1>Sign in</h1>", content_type="text/html")

    def token(route: Route) -> None:
        seen["token"] = parse_qs(route.request.post_data or "")
        body = {"id_token": local_service.token, "access_token": "not-sent", "expires_in": 3600}
        route.fulfill(json=body, headers={"Access-Control-Allow-Origin": origin})

    page.route(f"https://{SIGN_IN_HOST}/oauth2/authorize?*", authorize)
    page.route(f"https://{SIGN_IN_HOST}/oauth2/token", token)
    api_calls: list[Request] = []
    page.on("request", lambda request: api_calls.append(request))

    # WHEN a bookmarked view is opened, and the member of staff signs in at the hosted UI,
    # which sends the browser back with a one-time code
    page.goto("/?letter=K")
    page.wait_for_url(f"https://{SIGN_IN_HOST}/oauth2/authorize?**")
    state = seen["authorize"]["state"][0]
    page.goto(f"/?code=one-time&state={state}")
    admin = AdminPage(page)
    admin.wait_for_list()

    # THEN sign-in went through the code flow with an S256 challenge of the verifier
    asked = seen["authorize"]
    assert asked["response_type"] == ["code"]
    assert asked["client_id"] == ["admin-page"]
    assert asked["scope"] == ["openid email"]
    assert asked["code_challenge_method"] == ["S256"]
    exchanged = seen["token"]
    assert exchanged["grant_type"] == ["authorization_code"]
    assert exchanged["code"] == ["one-time"]
    assert exchanged["redirect_uri"] == [f"{origin}/"]
    assert asked["code_challenge"] == [s256(exchanged["code_verifier"][0])]

    # ... the bookmarked view is back, with the one-time code gone from the address
    assert admin.query() == {"letter": ["K"]}
    expect(admin.rows).to_have_count(2)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # ... the ID token went in the Authorization header, never in an address or storage
    token_value = local_service.token
    to_api = [call for call in api_calls if call.url.startswith(f"{origin}/customers")]
    assert to_api
    assert all(call.headers["authorization"] == f"Bearer {token_value}" for call in to_api)
    assert all(token_value not in call.url for call in api_calls)
    stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert stored == "[{},{}]"


def with_deployed_policy(route: Route) -> None:
    """Serves the page with CloudFront's policy: connect-src names the sign-in host."""
    response = route.fetch()
    policy = response.headers["content-security-policy"].replace(
        "connect-src 'self'", f"connect-src 'self' https://{SIGN_IN_HOST}"
    )
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": policy}
    )


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
