"""The admin page as the browser tests drive it: its controls by their labels and roles."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

NAME_COLUMN = 3  # 1-based: status, login / e-mail, name, ...
TOTAL_PAID_COLUMN = 5


class AdminPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.table = page.locator("#customers-table")
        self.rows = page.locator("#customers-rows tr[data-customer-id]")
        self.status = page.locator("#list-status")
        self.alert = page.locator("#list-alert")
        self.search_field = page.get_by_label("Search customers")
        self.filter_by = page.get_by_label("Filter by")
        self.page_size = page.get_by_label("Customers per page")
        self.next_page = page.get_by_role("button", name="Next page")
        # Its label reads "First page" where the page before is not known (see view-state.js).
        self.previous_page = page.locator("#previous-page")
        self.dialog = page.locator("#customer-dialog")

    def open(self, query: str = "") -> AdminPage:
        self.page.goto(f"/{query}")
        self.wait_for_list()
        return self

    def wait_for_list(self) -> None:
        """Waits until the list has loaded (or failed): the table is no longer busy."""
        expect(self.table).to_have_attribute("aria-busy", "false")
        expect(self.status).not_to_have_text("Loading customers…")

    def column_header(self, title: str) -> Locator:
        return self.page.locator("#customers-header th").filter(
            has=self.page.get_by_role("button", name=title, exact=True)
        )

    def sort_by(self, title: str) -> None:
        self.column_header(title).get_by_role("button").click()
        self.wait_for_list()

    def letter(self, letter: str) -> Locator:
        return self.page.locator(f'#letters button[data-letter="{letter}"]')

    def choose_letter(self, letter: str) -> None:
        self.letter(letter).click()
        self.wait_for_list()

    def search(self, text: str) -> None:
        self.search_field.fill(text)
        self.search_field.press("Enter")
        self.wait_for_list()

    def ids(self) -> list[str]:
        return [row.get_attribute("data-customer-id") or "" for row in self.rows.all()]

    def column(self, index: int) -> list[str]:
        return self.rows.locator(f"td:nth-child({index})").all_inner_texts()

    def names(self) -> list[str]:
        return self.column(NAME_COLUMN)

    def login_link(self, customer_id: str) -> Locator:
        return self.page.locator(f'#customers-rows a[data-customer-id="{customer_id}"]')

    def open_details(self, customer_id: str) -> Locator:
        self.login_link(customer_id).click()
        expect(self.dialog).to_be_visible()
        expect(self.dialog.locator(".facts")).to_be_visible()
        return self.dialog

    def query(self) -> dict[str, list[str]]:
        """The page address's query parameters."""
        from urllib.parse import parse_qs, urlsplit

        return parse_qs(urlsplit(self.page.url).query)


def range_text(first: int, last: int, total: int | None, page: int) -> re.Pattern[str]:
    """The list status for a page, e.g. "Customers 11–20 of 59 · page 2"."""
    of = f" of {total:,}" if total is not None else ""
    return re.compile(rf"^Customers {first:,}–{last:,}{of} · page {page}$")
