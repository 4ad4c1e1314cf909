"""Local mode's own starts and stops: the state folder, the seed, a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Api
from tests.support.local_service import start_local_service

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_a_restart_keeps_the_data_and_does_not_seed_twice(tmp_path: Path) -> None:
    # GIVEN local mode started once with generated customers, then stopped
    state_dir = tmp_path / "state"
    first = start_local_service(seed="synthetic:6", state_dir=state_dir)
    before = Api(first.url, first.token).all_pages(limit=200, sort="total_paid")
    first.stop()

    # WHEN it starts again on the same state folder with the same seed
    second = start_local_service(seed="synthetic:6", state_dir=state_dir)
    try:
        api = Api(second.url, second.token)
        after = api.all_pages(limit=200, sort="total_paid")
        count = api.get("/customers/count")
    finally:
        second.stop()

    # THEN the same customers with the same totals are there, loaded only once
    assert count.status == 200
    assert count.body == {"count": 6}
    assert after == before
    assert second.log().count("loading sample data") == 1
    assert "the store holds data" in second.log()


def test_seed_none_starts_an_empty_store(tmp_path: Path) -> None:
    # GIVEN a fresh state folder

    # WHEN local mode starts with SEED=none
    with start_local_service(seed="none", state_dir=tmp_path / "state") as service:
        api = Api(service.url, service.token)
        count = api.get("/customers/count")
        listing = api.get("/customers")

    # THEN the store is empty
    assert count.status == 200
    assert count.body == {"count": 0}
    assert listing.status == 200
    assert listing.body == {"items": [], "next_cursor": None}
