"""Metrics stay out of the way where they are switched off."""

from __future__ import annotations

import pytest
from customers_core.observability import count_metric, metrics


@pytest.fixture(autouse=True)
def empty_metric_set():
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def test_a_switched_off_process_collects_no_metric_values(monkeypatch, capsys):
    # GIVEN metrics switched off, as local mode runs the handlers
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")

    # WHEN far more values are counted than Powertools holds before it prints a set
    for _ in range(250):
        count_metric("DynamoDBReadUnits", 1.5)

    # THEN nothing is kept and nothing is printed
    assert metrics.metric_set == {}
    assert capsys.readouterr().out == ""


def test_a_deployed_process_counts_each_value(monkeypatch):
    # GIVEN metrics on, as deployed
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.delenv("POWERTOOLS_DEV", raising=False)

    # WHEN two values are counted
    count_metric("OrderChangesCounted", 1)
    count_metric("OrderChangesCounted", 1)

    # THEN both are in the invocation's set, to be flushed by log_metrics
    assert metrics.metric_set["OrderChangesCounted"]["Value"] == [1.0, 1.0]
