"""The events Lambda hands to handlers: API Gateway REST proxy (v1) and DynamoDB stream."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request

from localmode.settings import ACCOUNT_ID, REGION


def api_event(
    request: Request,
    resource: str,
    path_parameters: dict[str, str],
    stage: str,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    """A REST API proxy event for `request` matched to the template path `resource`."""
    body, encoded = _body(request.get_data())
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": _last_values(request.headers.items()) or None,
        "multiValueHeaders": _all_values(request.headers.items()) or None,
        "queryStringParameters": _last_values(request.args.items(multi=True)) or None,
        "multiValueQueryStringParameters": _all_values(request.args.items(multi=True)) or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": _request_context(request, resource, stage, request_id, authorizer),
        "body": body,
        "isBase64Encoded": encoded,
    }


def _request_context(
    request: Request,
    resource: str,
    stage: str,
    request_id: str,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    now = datetime.now(UTC)
    context = {
        "accountId": ACCOUNT_ID,
        "apiId": "local",
        "resourceId": "local",
        "resourcePath": resource,
        "httpMethod": request.method,
        "requestId": request_id,
        "extendedRequestId": request_id,
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "path": f"/{stage}{request.path}",
        "stage": stage,
        "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        "domainName": request.host,
        "identity": {
            "sourceIp": request.remote_addr or "127.0.0.1",
            "userAgent": request.user_agent.string or None,
        },
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    return context


def _body(raw: bytes) -> tuple[str | None, bool]:
    # A REST API without binary media types passes text as is; anything else goes as base64.
    if not raw:
        return None, False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), True


def _last_values(pairs: Any) -> dict[str, str]:
    return {name: value for name, value in pairs}


def _all_values(pairs: Any) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def stream_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """One record of a Lambda DynamoDB stream event, from a GetRecords record (boto3)."""
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": _json_ready(record["dynamodb"]),
        "eventSourceARN": stream_arn,
    }


def _json_ready(value: Any) -> Any:
    """boto3 gives datetimes and bytes; Lambda's JSON gives epoch seconds and base64."""
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | set):
        return [_json_ready(item) for item in value]
    if isinstance(value, datetime):
        seconds = value.timestamp()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    return value
