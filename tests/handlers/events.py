"""API Gateway REST proxy events and a Lambda context, as the handlers receive them."""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def load_handler(function_folder: str) -> ModuleType:
    """Import functions/<folder>/app.py under a unique name (every function has an app.py)."""
    path = ROOT / "functions" / function_folder / "app.py"
    name = f"handler_{function_folder}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class FakeContext:
    function_name = "test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test"
    aws_request_id = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def api_event(
    method: str,
    path: str,
    *,
    resource: str | None = None,
    query: dict[str, str] | None = None,
    body: Any = None,
    path_parameters: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    base64_body: bytes | None = None,
) -> dict[str, Any]:
    raw_body = body if isinstance(body, str) or body is None else json.dumps(body)
    if base64_body is not None:
        raw_body = base64.b64encode(base64_body).decode("ascii")
    headers = headers if headers is not None else {"Content-Type": "application/json"}
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters,
        "body": raw_body,
        "isBase64Encoded": base64_body is not None,
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "stage": "v1",
            "httpMethod": method,
            "resourcePath": resource or path,
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": {"claims": {"sub": "staff-1", "cognito:groups": "managers"}},
        },
    }


def call(function_folder: str, event: dict[str, Any]) -> tuple[int, Any]:
    status, body, _headers = call_with_headers(function_folder, event)
    return status, body


def call_with_headers(
    function_folder: str, event: dict[str, Any]
) -> tuple[int, Any, dict[str, str]]:
    """Status, JSON body and headers (each header's last value) of the handler's answer."""
    answer = load_handler(function_folder).lambda_handler(event, FakeContext())
    body = answer.get("body")
    headers = {name: values[-1] for name, values in (answer.get("multiValueHeaders") or {}).items()}
    headers.update(answer.get("headers") or {})
    return answer["statusCode"], json.loads(body) if body else None, headers
