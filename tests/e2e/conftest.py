"""One local mode with the Chinook store for the whole session, and a small HTTP client."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.local_service import LocalService, start_local_service


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Api:
    """Calls the service over HTTP as the admin page does; `token=None` sends none."""

    base_url: str
    token: str | None

    def get(self, path: str, token: str | None = "default", **params: Any) -> Answer:
        query = urllib.parse.urlencode(params)
        return self.call("GET", f"{path}?{query}" if query else path, token=token)

    def call(
        self, method: str, path: str, token: str | None = "default", body: Any = None
    ) -> Answer:
        headers = {"Accept": "application/json"}
        token = self.token if token == "default" else token
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return _answer(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            return _answer(error.code, error.read(), error.headers)

    def all_pages(self, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
        """Every page of GET /customers, following next_cursor to the end."""
        pages, cursor = [], None
        while True:
            extra = {"cursor": cursor} if cursor else {}
            answer = self.get("/customers", limit=limit, **params, **extra)
            assert answer.status == 200, answer.body
            pages.append(answer.body["items"])
            cursor = answer.body["next_cursor"]
            if cursor is None:
                return pages
            assert len(pages) < 1000, "the cursor never ends"


def _answer(status: int, raw: bytes, headers: Any) -> Answer:
    text = raw.decode("utf-8")
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = text
    return Answer(status, body, {name.lower(): value for name, value in headers.items()})


@pytest.fixture(scope="session")
def chinook_service() -> Iterator[LocalService]:
    service = start_local_service(seed="chinook")
    yield service
    service.stop()


@pytest.fixture(scope="session")
def api(chinook_service: LocalService) -> Api:
    return Api(chinook_service.url, chinook_service.token)


@pytest.fixture(scope="session")
def chinook_customers(api: Api) -> list[dict[str, Any]]:
    """Every customer of the Chinook store, in the default order."""
    return [item for page in api.all_pages(limit=200) for item in page]
