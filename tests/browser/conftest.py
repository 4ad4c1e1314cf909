"""Browser tests: Debian's chromium, driven by Playwright, against local mode with the
Chinook store. Playwright never downloads a browser here: it launches /usr/bin/chromium,
which `make chromium` installs.

Every test leaves a screenshot of where it ended in artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.local_service import LocalService, start_local_service

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps calling Google's hosts, which
# this closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Api:
    """Direct calls to the local API with the admin token, for what a test sets up or
    compares the page against."""

    def __init__(self, service: LocalService) -> None:
        self.service = service
        self.session = requests.Session()

    def get(self, path: str, **params: Any) -> Any:
        response = self.session.get(
            self._url(path), params=params, headers=self._headers(), timeout=30
        )
        response.raise_for_status()
        return response.json()

    def put(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.session.put(self._url(path), json=body, headers=self._headers(), timeout=30)

    def _url(self, path: str) -> str:
        return f"{self.service.url.rstrip('/')}{path}"

    def _headers(self) -> dict[str, str]:
        # Local mode renews its token while it runs: read the current one each time.
        return {"Authorization": f"Bearer {self.service.token}"}


@pytest.fixture(scope="session")
def local_service() -> Iterator[LocalService]:
    """Local mode with the Chinook store, on free ports and its own state folder."""
    service = start_local_service(seed="chinook")
    yield service
    service.stop()


@pytest.fixture(scope="session")
def api(local_service: LocalService) -> Api:
    return Api(local_service)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems() -> list[str]:
    """Uncaught script errors and JavaScript dialogs (alert, confirm) the page raised."""
    return []


@pytest.fixture
def page(
    browser: Browser,
    local_service: LocalService,
    page_problems: list[str],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A fresh browser context on the admin page's origin, in English and UTC."""
    context = browser.new_context(
        base_url=local_service.url,
        locale="en-US",
        timezone_id="UTC",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.on("pageerror", lambda error: page_problems.append(f"script error: {error}"))

    def on_dialog(dialog: Any) -> None:
        page_problems.append(f"{dialog.type} dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    context.close()
    assert page_problems == [], "the page raised script errors or dialogs"
