"""What every HTTP function shares: the resolver, the error mapping, the request cost.

Domain errors become `{"error": {"code", "message", "fields"}}` with their status here and
nowhere else; validation errors name each field; anything unexpected is logged once and
answered as a 500 without internals.
"""

from __future__ import annotations

import json
import os
from typing import Any

from aws_lambda_powertools.event_handler import (
    APIGatewayRestResolver,
    CORSConfig,
    Response,
    content_types,
)
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from customers_core.errors import DomainError
from customers_core.observability import capacity_meter, count_metric, logger


def json_response(status: int, body: Any) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
    )


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return json_response(status, {"error": error})


def create_resolver() -> APIGatewayRestResolver:
    # The admin page runs on its own origin (CloudFront); its calls need the CORS header on
    # every answer the functions give, errors included.
    admin_origin = os.environ.get("ADMIN_ORIGIN")
    cors = (
        CORSConfig(
            allow_origin=admin_origin,
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
        if admin_origin
        else None
    )
    app = APIGatewayRestResolver(enable_validation=True, cors=cors)

    @app.exception_handler(DomainError)
    def handle_domain_error(error: DomainError) -> Response:
        logger.info("request refused", extra={"code": error.code, "status": error.status})
        return json_response(error.status, error.body())

    @app.exception_handler(RequestValidationError)
    def handle_validation_error(error: RequestValidationError) -> Response:
        problems = error.errors()
        if any(problem.get("type") == "json_invalid" for problem in problems):
            return error_response(400, "malformed", "The request body is not valid JSON.")
        fields = {_field_name(problem): _problem_text(problem) for problem in problems}
        names = ", ".join(sorted(fields))
        return error_response(422, "invalid", f"Check these fields: {names}.", fields)

    @app.not_found
    def handle_not_found(_: Exception) -> Response:
        return error_response(404, "not_found", "No such route.")

    @app.exception_handler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        logger.exception("request failed")
        return error_response(500, "internal", "Something went wrong; it has been logged.")

    return app


def _field_name(problem: dict[str, Any]) -> str:
    location = [str(part) for part in problem.get("loc", ())]
    # ("query", "limit") -> "limit"; ("body", "customer", "email") -> "customer.email"
    if location and location[0] in {"query", "path", "body", "header"}:
        location = location[1:]
    return ".".join(location) or "body"


def _problem_text(problem: dict[str, Any]) -> str:
    message = str(problem.get("msg", "is invalid"))
    return message[:200]


def resolve_metered(app: APIGatewayRestResolver, event: dict, context: Any) -> dict:
    """Resolve the request and record the DynamoDB read units it cost."""
    meter = capacity_meter()
    meter.reset()
    answer = app.resolve(event, context)
    count_metric("DynamoDBReadUnits", meter.read_units)
    logger.debug(
        "request cost",
        extra={"read_units": meter.read_units, "items_read": meter.items_read},
    )
    return answer
