"""Membership groups: today the list the Customers screen shows."""

from __future__ import annotations

from typing import Any

from customers_core.models import Group

# Groups are a short list staff manage by hand, not a store-sized one; reading the table
# whole is bounded by how many groups exist, never by the customers.
MAX_GROUPS = 1000


def list_groups() -> list[dict[str, Any]]:
    groups = [group for _, group in zip(range(MAX_GROUPS), Group.scan(), strict=False)]
    groups.sort(key=lambda group: group.name.casefold())
    return [
        {
            "id": group.id,
            "name": group.name,
            "description": group.description,
            "customers_count": int(group.customers_count),
            "product_ids": list(group.product_ids or []),
        }
        for group in groups
    ]
