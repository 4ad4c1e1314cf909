"""Domain errors: raised by the logic, mapped to one HTTP status and body in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the API answers with its own status and code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class MalformedRequest(DomainError):
    status = 400
    code = "malformed"


class InvalidCursor(DomainError):
    status = 400
    code = "invalid_cursor"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class EmailTaken(Conflict):
    """Another customer owns this e-mail, in some case or Unicode form."""


class LoginTaken(Conflict):
    """Another customer owns this login, in some case or Unicode form."""


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class InvalidField(DomainError):
    """A field or parameter out of its range or not one of its choices."""

    status = 422
    code = "invalid"


class UnsupportedSort(DomainError):
    """A filter and sort no index serves, with more matches than we sort in memory."""

    status = 422
    code = "unsupported_sort"


class Throttled(DomainError):
    status = 429
    code = "throttled"
