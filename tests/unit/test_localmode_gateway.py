"""The local gateway with tiny handlers: routing, events, the token check, answers."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client

from localmode.auth import Unauthorized
from localmode.functions import LocalFunction
from localmode.gateway import Cors, Gateway, GatewayResponses
from localmode.template import FunctionSpec, Route

ECHO_APP = """
import json

import helpers

calls = []

def lambda_handler(event, context):
    calls.append(event)
    body = {"event": event, "helper": helpers.NAME,
            "context": [context.function_name, context.memory_limit_in_mb,
                        context.invoked_function_arn, context.aws_request_id,
                        context.get_remaining_time_in_millis() > 0]}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": json.dumps(body)}
"""
BINARY_APP = """
import base64, helpers

def lambda_handler(event, context):
    if event["path"].endswith("/boom"):
        raise RuntimeError("secret detail")
    if event["path"].endswith("/bad"):
        return {"body": "no status"}
    return {"statusCode": 201, "headers": {"Content-Type": "application/octet-stream",
            "X-Helper": helpers.NAME}, "body": base64.b64encode(b"\\x00\\xff").decode(),
            "isBase64Encoded": True}
"""
GOOD_CLAIMS = {"sub": "s-1", "cognito:groups": ["managers", "auditors"], "exp": 1796334000,
               "email": "staff@example.com", "token_use": "id"}  # fmt: skip


class FakeVerifier:
    def claims(self, authorization: str | None) -> dict[str, Any]:
        if authorization != "Bearer good":
            raise Unauthorized("The token was refused.")
        return GOOD_CLAIMS


def make_function(root: Path, name: str, app: str) -> LocalFunction:
    folder = root / name
    folder.mkdir()
    (folder / "app.py").write_text(app)
    (folder / "helpers.py").write_text(f"NAME = {name!r}\n")
    spec = FunctionSpec(name, folder, "app.lambda_handler", 256, 10, {})
    return LocalFunction(spec, {"ONLY_WHILE_IMPORTING": "1"})


@pytest.fixture
def gateway(tmp_path: Path) -> Gateway:
    admin = tmp_path / "admin"
    admin.mkdir()
    (admin / "index.html").write_text("<!doctype html><title>admin</title>")
    (admin / "app.js").write_text("console.log('admin');")
    functions = {
        "Echo": make_function(tmp_path, "Echo", ECHO_APP),
        "Binary": make_function(tmp_path, "Binary", BINARY_APP),
    }
    routes = [
        Route("Echo", "/customers", "GET", "cognito"),
        Route("Echo", "/customers/count", "GET", "cognito"),
        Route("Echo", "/customers/{id}", "GET", "cognito"),
        Route("Echo", "/orders/{order_id}", "PUT", "iam"),
        Route("Binary", "/public/{proxy+}", "ANY", "none"),
    ]
    cors = Cors.from_api({"AllowOrigin": "'http://127.0.0.1:3000'", "AllowHeaders": "'A,B'"})
    return Gateway(routes, functions, FakeVerifier(), lambda: "tok", "v1", cors, admin)


def echo(client: Client, *args: Any, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
    response = client.open(*args, **kwargs)
    return response, json.loads(response.get_data(as_text=True))


def test_a_request_becomes_a_rest_proxy_event_with_the_verified_claims(gateway: Gateway) -> None:
    # GIVEN a route with a path parameter under the Cognito authorizer
    client = Client(gateway)

    # WHEN it is called with a good token and a repeated query parameter
    response, body = echo(
        client,
        "/customers/c_1?tag=a&tag=b&x=1",
        headers={"Authorization": "Bearer good", "X-Multi": "one"},
    )

    # THEN the handler got API Gateway's v1 event, and its answer came back whole
    event = body["event"]
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    assert event["resource"] == "/customers/{id}"
    assert event["path"] == "/customers/c_1"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"id": "c_1"}
    assert event["queryStringParameters"] == {"tag": "b", "x": "1"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b"], "x": ["1"]}
    assert event["headers"]["X-Multi"] == "one"
    assert event["multiValueHeaders"]["X-Multi"] == ["one"]
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["resourcePath"] == "/customers/{id}"
    assert context["stage"] == "v1"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert response.headers["x-amzn-RequestId"] == context["requestId"]
    assert context["authorizer"]["claims"]["cognito:groups"] == "managers,auditors"
    assert context["authorizer"]["claims"]["exp"] == "Thu Dec 03 21:40:00 UTC 2026"
    assert body["helper"] == "Echo"
    assert body["context"][:3] == [
        "Echo",
        256,
        "arn:aws:lambda:us-east-1:123456789012:function:Echo",
    ]
    assert body["context"][4] is True


def test_a_static_segment_wins_over_a_path_parameter(gateway: Gateway) -> None:
    # GIVEN /customers/count and /customers/{id}

    # WHEN /customers/count is called
    _, body = echo(Client(gateway), "/customers/count", headers={"Authorization": "Bearer good"})

    # THEN the count route answered, without a path parameter
    assert body["event"]["resource"] == "/customers/count"
    assert body["event"]["pathParameters"] is None


@pytest.mark.parametrize("authorization", [None, "Bearer bad", "Basic good", "good"])
def test_a_missing_or_bad_token_gets_401_without_calling_the_handler(
    gateway: Gateway, authorization: str | None
) -> None:
    # GIVEN a route under the Cognito authorizer
    headers = {"Authorization": authorization} if authorization else {}
    before = len(gateway._functions["Echo"].module.calls)

    # WHEN it is called without a good token
    response, body = echo(Client(gateway), "/customers", headers=headers)

    # THEN the answer is a 401 in the API's shape and the handler never ran
    assert response.status_code == 401
    assert body["error"]["code"] == "unauthorized"
    assert len(gateway._functions["Echo"].module.calls) == before


def test_an_iam_route_takes_the_admin_token_and_passes_no_claims(gateway: Gateway) -> None:
    # GIVEN the order feed, IAM-authorized when deployed

    # WHEN it is called with the admin token and a JSON body
    response, body = echo(
        Client(gateway),
        "/orders/o-1",
        method="PUT",
        json={"total": "1.00"},
        headers={"Authorization": "Bearer good"},
    )

    # THEN the handler got the body as text, and no Cognito claims
    assert response.status_code == 200
    assert json.loads(body["event"]["body"]) == {"total": "1.00"}
    assert "authorizer" not in body["event"]["requestContext"]


def test_a_public_greedy_route_passes_binary_answers_through(gateway: Gateway) -> None:
    # GIVEN a public {proxy+} route whose handler answers base64-encoded bytes

    # WHEN it is called without a token
    response = Client(gateway).post("/public/a/b", data=b"\xff\xfe")

    # THEN the bytes come back decoded, with the handler's status and headers
    assert response.status_code == 201
    assert response.get_data() == b"\x00\xff"
    assert response.headers["X-Helper"] == "Binary"


def test_a_body_larger_than_api_gateway_takes_gets_413_without_calling_the_handler(
    gateway: Gateway,
) -> None:
    # GIVEN a body one byte over API Gateway's 10 MB
    body = b"x" * (10 * 1024 * 1024 + 1)

    # WHEN it is put on a route
    response = Client(gateway).put(
        "/orders/o-1", data=body, headers={"Authorization": "Bearer good"}
    )

    # THEN the gateway refuses it in the API's error shape; the echo handler never ran
    assert response.status_code == 413
    assert json.loads(response.get_data())["error"]["code"] == "too_large"


@pytest.mark.parametrize("path", ["/public/boom", "/public/bad"])
def test_a_failing_or_malformed_handler_gets_502_without_details(
    gateway: Gateway, path: str
) -> None:
    # GIVEN a handler that raises, or answers without a status code

    # WHEN it is called
    response, body = echo(Client(gateway), path)

    # THEN the answer is a 502 that tells nothing of the inside
    assert response.status_code == 502
    assert body == {"error": {"code": "internal_error", "message": "The function failed."}}


def test_unknown_routes_get_404_and_wrong_methods_405(gateway: Gateway) -> None:
    client = Client(gateway)

    # GIVEN the routes above

    # WHEN a path no route has, and a method the route lacks, are called
    missing, missing_body = echo(client, "/nothing/here")
    wrong, wrong_body = echo(client, "/customers", method="DELETE")

    # THEN 404 and 405 in the API's error shape, the 405 naming what is allowed
    assert missing.status_code == 404
    assert missing_body["error"]["code"] == "not_found"
    assert wrong.status_code == 405
    assert wrong_body["error"]["code"] == "method_not_allowed"
    assert wrong.headers["Allow"] == "GET"


def test_a_preflight_is_answered_from_the_cors_settings(gateway: Gateway) -> None:
    # GIVEN CORS settings written as SAM takes them, in single quotes

    # WHEN a browser sends a preflight
    response = Client(gateway).options("/customers")

    # THEN the headers carry the values without the quotes
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:3000"
    assert response.headers["Access-Control-Allow-Headers"] == "A,B"


def test_the_admin_page_and_its_config_are_served_with_security_headers(
    gateway: Gateway,
) -> None:
    client = Client(gateway)

    # GIVEN an admin/ folder

    # WHEN the page, a script and the config are fetched, and a path outside the folder
    page = client.get("/")
    script = client.get("/app.js")
    config = client.get("/admin-config.json")
    escape = client.get("/../template.yaml")

    # THEN each comes with a policy that allows no inline script, and nothing escapes
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert script.mimetype == "text/javascript"
    for response in (page, script, config):
        assert "script-src 'self';" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert json.loads(config.get_data()) == {
        "api_base": "",
        "auth": {"mode": "local", "token": "tok"},
    }
    assert escape.status_code == 404


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example:3000", "10.0.0.5"])
def test_the_token_is_handed_only_to_a_page_opened_by_a_loopback_name(
    gateway: Gateway, host: str
) -> None:
    # GIVEN a page whose address is not 127.0.0.1 or localhost (DNS rebinding, say)
    client = Client(gateway)

    # WHEN it asks for the admin config, and the real page does too
    refused = client.get("/admin-config.json", headers={"Host": host})
    allowed = [
        client.get("/admin-config.json", headers={"Host": name})
        for name in ("127.0.0.1:3000", "localhost:3000", "[::1]:3000")
    ]

    # THEN only the loopback names get the token
    assert refused.status_code == 403
    assert "tok" not in refused.get_data(as_text=True)
    assert json.loads(refused.get_data())["error"]["code"] == "forbidden"
    assert [json.loads(answer.get_data())["auth"]["token"] for answer in allowed] == ["tok"] * 3


def test_each_function_keeps_its_own_modules_of_the_same_name(gateway: Gateway) -> None:
    # GIVEN two functions whose app.py both import their own helpers.py

    # WHEN both are loaded
    echo_module = gateway._functions["Echo"].module
    binary_module = gateway._functions["Binary"].module

    # THEN each got its own helpers, and the variables of import time are gone again
    assert echo_module.helpers.NAME == "Echo"
    assert binary_module.helpers.NAME == "Binary"
    assert echo_module.__name__ != binary_module.__name__
    assert "ONLY_WHILE_IMPORTING" not in os.environ


def test_a_proxy_event_body_that_is_not_utf8_goes_as_base64(gateway: Gateway) -> None:
    # GIVEN the order feed route

    # WHEN bytes that are not UTF-8 are sent
    _, body = echo(
        Client(gateway),
        "/orders/o-2",
        method="PUT",
        data=b"\xff\x00",
        headers={"Authorization": "Bearer good"},
    )

    # THEN the event carries them base64-encoded
    assert body["event"]["isBase64Encoded"] is True
    assert base64.b64decode(body["event"]["body"]) == b"\xff\x00"


def test_the_gateways_own_errors_follow_the_declared_gateway_responses(
    gateway: Gateway,
) -> None:
    # GIVEN GatewayResponses as the template declares them, after resolution
    origin = "'http://127.0.0.1:3000'"
    gateway._errors = GatewayResponses(
        {
            "DEFAULT_4XX": {"ResponseParameters": {"Headers": {"X-Origin": origin}}},
            "UNAUTHORIZED": {
                "StatusCode": "401",
                "ResponseParameters": {"Headers": {"Access-Control-Allow-Origin": origin}},
                "ResponseTemplates": {
                    "application/json": '{"error": {"code": "unauthorized", '
                    '"message": $context.error.messageString}}'
                },
            },
        }
    )
    client = Client(gateway)

    # WHEN a token is refused and a route is missing
    refused, refused_body = echo(client, "/customers")
    missing, missing_body = echo(client, "/nothing")

    # THEN each carries its response type's headers; the 401 has the declared body
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:3000"
    assert refused_body == {"error": {"code": "unauthorized", "message": "The token was refused."}}
    assert missing.status_code == 404
    assert missing.headers["X-Origin"] == "http://127.0.0.1:3000"
    assert missing_body["error"]["code"] == "not_found"
