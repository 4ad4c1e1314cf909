"""What every HTTP function shares: the resolver, the error mapping, the request cost.

Domain errors become `{"error": {"code", "message", "fields"}}` with their status here and
nowhere else; validation errors name each field; anything unexpected is logged once and
answered as a 500 without internals.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import (
    APIGatewayRestResolver,
    CORSConfig,
    Response,
    content_types,
)
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from customers_core.errors import DomainError, MalformedRequest, UnsupportedMediaType
from customers_core.observability import capacity_meter, count_metric, logger
from customers_core.schemas import ErrorBody

# Customer data is private: no cache keeps an answer, no browser guesses its type.
ANSWER_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
JSON_MEDIA_TYPE = "application/json"
# What each error status means in this API (API.md's conventions), for the OpenAPI document.
ERROR_MEANINGS = {
    400: "Malformed: a body that is not JSON, a cursor that fails its check.",
    401: "No or bad credentials.",
    403: "Not allowed.",
    404: "No such resource.",
    409: "Conflicts with the current state.",
    415: "The body is not sent as application/json.",
    422: "A field or parameter out of its range or not one of its choices; fields names each.",
    429: "Throttled.",
    500: "A fault of the service; it has been logged.",
}


def answers(status: int, model: type, *errors: int, description: str = "OK") -> dict[int, Any]:
    """The OpenAPI `responses` of a route: its success and the errors it may answer, each
    error in the one error shape. 401, 422 (a parameter the route does not expect is not
    one, but a malformed one is) and 500 can come from any route."""
    documented: dict[int, Any] = {status: _documented(description, model)}
    for code in sorted({*errors, 401, 422, 500}):
        documented[code] = _documented(ERROR_MEANINGS[code], ErrorBody)
    return documented


def _documented(description: str, shape: type) -> dict[str, Any]:
    return {"description": description, "content": {JSON_MEDIA_TYPE: {"model": shape}}}


def json_response(status: int, body: Any) -> Response:
    return Response(
        status_code=status, content_type=content_types.APPLICATION_JSON, body=_json_text(body)
    )


def _json_text(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return json_response(status, {"error": error})


@cache
def cors_config() -> CORSConfig | None:
    # The admin page runs on its own origin (CloudFront); its calls need the CORS header on
    # every answer the functions give, errors included.
    admin_origin = os.environ.get("ADMIN_ORIGIN")
    if not admin_origin:
        return None
    return CORSConfig(
        allow_origin=admin_origin,
        allow_headers=["Authorization", "Content-Type"],
        max_age=600,
    )


def create_resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True, cors=cors_config())

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


def unreadable_body(event: dict[str, Any]) -> DomainError | None:
    """Why a request's body cannot be read as JSON before routing, or None.

    Powertools would parse form and multipart bodies, answer other media types and bodies
    that are not UTF-8 with a 500, and compare the media type case-sensitively; this
    answers each with a 4xx first and lower-cases the media type in the event.
    """
    body = event.get("body")
    if not body:
        return None
    header, content_type = _header(event, "content-type")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in ("", JSON_MEDIA_TYPE):
        return UnsupportedMediaType(
            "Send the body as JSON, with Content-Type: application/json.",
            fields={"Content-Type": f"{media_type} is not application/json"},
        )
    if header is not None:
        event["headers"][header] = content_type.lower()
    try:
        # A text body with lone surrogates is no more UTF-8 than undecodable bytes.
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else body
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        text.encode("utf-8")
        parsed = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int)
        if _depth(parsed) > MAX_JSON_DEPTH:
            raise RecursionError
    except (UnicodeError, binascii.Error):
        return MalformedRequest("The request body is not UTF-8 text.", fields={"body": "not UTF-8"})
    except RecursionError:
        return MalformedRequest(
            "The request body is nested too deeply.", fields={"body": "nested too deeply"}
        )
    except _NotJsonConstant as error:
        return MalformedRequest(
            f"The request body is not valid JSON: {error} is not a JSON value.",
            fields={"body": f"{error} is not JSON"},
        )
    except ValueError:
        return None  # not JSON: the resolver answers that, naming where it broke
    return None


# No body of this API nests deeper than a few levels; deeper ones are refused alike on every
# Python (3.11 cannot parse some of them, 3.13 can).
MAX_JSON_DEPTH = 32


def _depth(value: Any) -> int:
    """How deep containers nest in a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class _NotJsonConstant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    # Python reads NaN and Infinity; JSON has neither.
    raise _NotJsonConstant(name)


# No number of this API has more digits; Python refuses integers past 4,300 digits with an
# error Powertools does not expect.
MAX_INTEGER_DIGITS = 64


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _NotJsonConstant(f"an integer of {len(text)} digits")
    return int(text)


def _header(event: dict[str, Any], wanted: str) -> tuple[str | None, str]:
    """A request header as the event spells its name, and its value ("" when absent)."""
    for name, value in (event.get("headers") or {}).items():
        if name.lower() == wanted:
            return name, str(value or "")
    return None, ""


def _proxy_answer(status: int, body: Any, origin: str) -> dict[str, Any]:
    cors = cors_config()
    headers = {"Content-Type": JSON_MEDIA_TYPE, **(cors.to_dict(origin or None) if cors else {})}
    return {
        "statusCode": status,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "body": _json_text(body),
        "isBase64Encoded": False,
    }


def _add_headers(answer: dict[str, Any], headers: dict[str, str]) -> None:
    if "multiValueHeaders" in answer:
        answer["multiValueHeaders"] = {
            **{name: [value] for name, value in headers.items()},
            **(answer["multiValueHeaders"] or {}),
        }
    else:
        answer["headers"] = {**headers, **(answer.get("headers") or {})}


def _field_name(problem: dict[str, Any]) -> str:
    location = [str(part) for part in problem.get("loc", ())]
    # ("query", "limit") -> "limit"; ("body", "customer", "email") -> "customer.email"
    if location and location[0] in {"query", "path", "body", "header"}:
        location = location[1:]
    return ".".join(location) or "body"


def _problem_text(problem: dict[str, Any]) -> str:
    """The problem in words for the caller: pydantic's own, but never an internal pattern."""
    kind = problem.get("type")
    if isinstance(problem.get("input"), list) and kind in _SINGLE_VALUE_TYPES:
        return "is given more than once; give it once"
    if kind == "string_pattern_mismatch":
        return "is not in the form this field takes (see /openapi.json)"
    message = str(problem.get("msg", "is invalid")).removeprefix("Value error, ")
    return message[:200]


# A parameter repeated in the query reaches validation as a list of its values.
_SINGLE_VALUE_TYPES = {"string_type", "int_type", "int_parsing", "enum", "literal_error"}


def resolve_metered(app: APIGatewayRestResolver, event: dict, context: Any) -> dict:
    """Resolve the request and record the DynamoDB read units it cost."""
    meter = capacity_meter()
    meter.reset()
    refusal = unreadable_body(event)
    if refusal is not None:
        logger.info("request refused", extra={"code": refusal.code, "status": refusal.status})
        answer = _proxy_answer(refusal.status, refusal.body(), _header(event, "origin")[1])
    else:
        answer = app.resolve(event, context)
    _add_headers(answer, ANSWER_HEADERS)
    count_metric("DynamoDBReadUnits", meter.read_units)
    logger.debug(
        "request cost",
        extra={"read_units": meter.read_units, "items_read": meter.items_read},
    )
    return answer
