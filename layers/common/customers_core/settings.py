"""Configuration from the environment the template sets, read once at cold start."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache


class MissingSetting(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    customers_table: str
    orders_table: str
    groups_table: str
    cursor_secret: bytes


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingSetting(f"environment variable {name} is not set")
    return value


@cache
def get_settings() -> Settings:
    return Settings(
        customers_table=_required("CUSTOMERS_TABLE"),
        orders_table=_required("ORDERS_TABLE"),
        groups_table=_required("GROUPS_TABLE"),
        cursor_secret=_required("CURSOR_SECRET").encode(),
    )
