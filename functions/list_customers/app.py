"""GET routes of the Customers screen: lists, letters, counts, details and groups."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from customers_core import customers, groups
from customers_core.api import answers, create_resolver, resolve_metered
from customers_core.errors import NotFound
from customers_core.listing import ListingRequest, list_customers
from customers_core.observability import logger, metrics, tracer
from customers_core.schemas import Count, CustomerDetail, CustomerPage, Groups, Letters

app = create_resolver()


class LetterBy(StrEnum):
    last_name = "last_name"
    email = "email"


class SortColumn(StrEnum):
    last_name = "last_name"
    first_name = "first_name"
    email = "email"
    login = "login"
    status = "status"
    orders_count = "orders_count"
    total_paid = "total_paid"
    total_amount = "total_amount"
    group = "group"
    created_at = "created_at"


class SortOrder(StrEnum):
    asc = "asc"
    desc = "desc"


class Status(StrEnum):
    registered = "registered"
    not_activated = "not_activated"
    password_reset = "password_reset"  # noqa: S105 (a status, not a secret)
    quick_checkout = "quick_checkout"


LETTER_PATTERN = r"^[A-Za-z#]$"
GROUP_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
CUSTOMER_ID = re.compile(r"c_[0-9]{19}")


@app.get("/customers", responses=answers(200, CustomerPage, 400, 422))
def get_customers(
    letter: Annotated[str | None, Query(pattern=LETTER_PATTERN)] = None,
    by: Annotated[LetterBy, Query()] = LetterBy.last_name,
    q: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[Status | None, Query()] = None,
    group: Annotated[str | None, Query(pattern=GROUP_ID_PATTERN)] = None,
    sort: Annotated[SortColumn, Query()] = SortColumn.last_name,
    order: Annotated[SortOrder, Query()] = SortOrder.asc,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    request = ListingRequest(
        letter=letter.upper() if letter else None,
        by=by.value,
        q=q,
        status=status.value if status else None,
        group=group,
        sort=sort.value,
        order=order.value,
        limit=limit,
        cursor=cursor or None,
    )
    page = list_customers(request)
    return {
        "items": [customers.summary(item) for item in page.items],
        "next_cursor": page.next_cursor,
    }


@app.get("/customers/letters", responses=answers(200, Letters, 422))
def get_letters(by: Annotated[LetterBy, Query()] = LetterBy.last_name) -> dict[str, Any]:
    return {"letters": customers.letter_counts(by.value)}


@app.get("/customers/count", responses=answers(200, Count))
def get_count() -> dict[str, Any]:
    return {"count": customers.total_count()}


@app.get("/customers/<id>", responses=answers(200, CustomerDetail, 404))
def get_customer(id: Annotated[str, Path()]) -> dict[str, Any]:
    # Any id that cannot be one of ours is simply not found, without reaching the table.
    # The gateway's own parameter is checked too: the resolver's route pattern ends in `$`,
    # which lets an id with a newline after it match as the bare id.
    given = (app.current_event.path_parameters or {}).get("id", id)
    if not (CUSTOMER_ID.fullmatch(id) and given == id):
        raise NotFound(f"No customer has the id {id[:80]!r}.")
    return customers.customer_detail(id)


@app.get("/groups", responses=answers(200, Groups))
def get_groups() -> dict[str, Any]:
    return {"items": groups.list_groups()}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return resolve_metered(app, event, context)
