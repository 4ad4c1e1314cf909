"""The shapes of the API's answers, as pydantic models: they document each route in the
OpenAPI document the service generates (the contract's complete reference)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AMOUNT_TEXT = r"^-?[0-9]+\.[0-9]{2}$"

Status = Literal["registered", "not_activated", "password_reset", "quick_checkout"]
Amount = Field(pattern=AMOUNT_TEXT, description="A decimal string with two places.")
Time = Field(description="ISO 8601 in UTC with a Z.")


class ErrorDetail(BaseModel):
    code: str = Field(description="What went wrong, for programs: not_found, invalid, ...")
    message: str = Field(description="What went wrong and what to do, for people.")
    fields: dict[str, str] | None = Field(
        default=None, description="Each field or parameter at fault, with its problem."
    )


class ErrorBody(BaseModel):
    error: ErrorDetail


class GroupRef(BaseModel):
    id: str
    name: str


class CustomerSummary(BaseModel):
    id: str
    login: str
    email: str
    first_name: str
    last_name: str
    status: Status
    orders_count: int
    total_paid: str = Amount
    total_amount: str = Amount
    group: GroupRef | None
    created_at: str = Time


class CustomerPage(BaseModel):
    items: list[CustomerSummary]
    next_cursor: str | None = Field(description="Pass back as cursor; null on the last page.")


class LetterCount(BaseModel):
    letter: str = Field(description="A to Z, or # for everything else.")
    count: int


class Letters(BaseModel):
    letters: list[LetterCount]


class Count(BaseModel):
    count: int


class Address(BaseModel):
    street: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None


class Addresses(BaseModel):
    billing: Address | None
    shipping: Address | None


class OrderLine(BaseModel):
    id: str
    placed_at: str = Time
    status: Literal["pending", "paid", "declined", "refunded", "cancelled"]
    total: str = Amount


class CustomerDetail(CustomerSummary):
    phone: str | None
    company: str | None
    addresses: Addresses
    orders: list[OrderLine] = Field(description="Every order, newest first.")


class Group(BaseModel):
    id: str
    name: str
    description: str
    customers_count: int
    product_ids: list[str]


class Groups(BaseModel):
    items: list[Group]


class OrderAnswer(BaseModel):
    id: str
    customer_id: str
    placed_at: str = Time
    status: Literal["pending", "paid", "declined", "refunded", "cancelled"]
    total: str = Amount
