"""Local mode's own starts and stops: the state folder, the seed, a restart."""

from __future__ import annotations

import socket
import time
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


def test_without_java_it_says_how_to_install_it_and_runs_on_motos_dynamodb(
    tmp_path: Path,
) -> None:
    # GIVEN a machine where no java is on the PATH
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()

    # WHEN local mode starts with a few generated customers
    with start_local_service(
        seed="synthetic:3", state_dir=tmp_path / "state", extra_env={"PATH": str(empty_bin)}
    ) as service:
        api = Api(service.url, service.token)
        customers = api.get("/customers", sort="orders_count", order="desc")
        log = service.log()

    # THEN it warns, names the package to install, and still serves the store with totals
    # that came through moto's orders stream
    assert "WARNING" in log and "openjdk-17-jre-headless" in log
    assert "Falling back to moto's DynamoDB" in log
    assert customers.status == 200
    assert len(customers.body["items"]) == 3
    assert all(item["orders_count"] >= 1 for item in customers.body["items"])


def test_a_killed_local_mode_leaves_no_dynamodb_local_holding_its_port(tmp_path: Path) -> None:
    # GIVEN local mode running with its own DynamoDB Local
    service = start_local_service(seed="none", state_dir=tmp_path / "state")
    port = service.ports["DYNAMODB_PORT"]
    assert listening(port)

    # WHEN its process is killed outright, with no chance to stop anything
    service.process.kill()
    service.process.wait()

    # THEN the engine goes too, and the port is free for the next start
    deadline = time.monotonic() + 15
    while listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not listening(port)
    service.stop()


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
