"""The local gateway: the token check, errors at the edge, CORS, the docs and the page."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.e2e.conftest import Api
from tests.support.local_service import LocalService

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def forged(token: str) -> str:
    """The same token with its claims changed (groups emptied): the signature no longer fits."""
    header, claims, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    decoded["cognito:groups"] = []
    encoded = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def test_no_token_gets_401(api: Api) -> None:
    # GIVEN a request without Authorization

    # WHEN it asks for the customers
    answer = api.get("/customers", token=None)

    # THEN the gateway refuses it with a 401 in the API's error shape
    assert answer.status == 401
    assert answer.body["error"]["code"] == "unauthorized"
    assert isinstance(answer.body["error"]["message"], str)


@pytest.mark.parametrize("kind", ["garbage", "forged", "unsigned"])
def test_a_bad_token_gets_401(api: Api, chinook_service: LocalService, kind: str) -> None:
    # GIVEN a token that is not one the staff pool signed as it stands
    good = chinook_service.token
    header, claims, _ = good.split(".")
    bad = {
        "garbage": "not.a.token",
        "forged": forged(good),
        "unsigned": f"{header}.{claims}.",
    }[kind]

    # WHEN it is sent
    answer = api.get("/customers/count", token=bad)

    # THEN the gateway refuses it with a 401
    assert answer.status == 401
    assert answer.body["error"]["code"] == "unauthorized"


def test_the_order_feed_also_refuses_a_missing_token(api: Api) -> None:
    # GIVEN the order feed, IAM-signed when deployed and token-checked locally

    # WHEN an order is put without a token
    body = {"customer_id": "c_0", "placed_at": "2020-01-01T00:00:00Z", "status": "paid",
            "total": "1.00"}  # fmt: skip
    answer = api.call("PUT", "/orders/e2e-no-token", token=None, body=body)

    # THEN it is refused before any handler runs
    assert answer.status == 401
    assert answer.body["error"]["code"] == "unauthorized"


def test_an_unknown_route_gets_404_and_a_wrong_method_405(api: Api) -> None:
    # GIVEN the routes of template.yaml

    # WHEN a path no route has, and a method a route does not answer, are asked for
    unknown = api.get("/no-such-route")
    wrong_method = api.call("DELETE", "/customers/count")

    # THEN they get 404 and 405 in the API's error shape, the 405 with Allow
    assert unknown.status == 404
    assert unknown.body["error"]["code"] == "not_found"
    assert wrong_method.status == 405
    assert wrong_method.body["error"]["code"] == "method_not_allowed"
    assert wrong_method.headers["allow"] == "GET"


def test_a_preflight_is_answered_with_the_templates_cors_settings(
    api: Api, chinook_service: LocalService
) -> None:
    # GIVEN the API's CORS settings in template.yaml, local mode on a port of its own
    own_origin = chinook_service.url

    # WHEN a browser sends a preflight, which carries no token, and a page's call
    answer = api.call("OPTIONS", "/customers", token=None)
    listing = api.get("/customers", limit=1)

    # THEN both allow the page's own origin (not the template's default port)
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == own_origin
    assert answer.headers["access-control-allow-headers"] == "Authorization,Content-Type"
    assert "GET" in answer.headers["access-control-allow-methods"]
    assert listing.status == 200


def test_the_openapi_document_lists_every_route_of_the_template_without_a_token(
    api: Api,
) -> None:
    # GIVEN the template's routes

    # WHEN the OpenAPI document and the Swagger page are fetched without a token
    document = api.get("/openapi.json", token=None)
    swagger = api.get("/swagger", token=None)

    # THEN the document has every route, secured as the template says, and the page loads
    assert document.status == 200
    paths = document.body["paths"]
    assert set(paths) >= {
        "/customers", "/customers/letters", "/customers/count", "/customers/{id}",
        "/groups", "/orders/{order_id}",
    }  # fmt: skip
    assert paths["/customers"]["get"]["security"] == [{"staffToken": []}]
    assert {p["name"] for p in paths["/customers"]["get"]["parameters"]} >= {"limit", "sort"}
    assert swagger.status == 200
    assert "/swagger/swagger-ui-bundle.min.js" in swagger.body
    assert "<script>" not in swagger.body


def test_every_answer_has_the_shape_the_openapi_document_gives_for_its_status(
    api: Api, chinook_customers: list[dict[str, Any]]
) -> None:
    # GIVEN the OpenAPI document the service generates from its routes
    document = api.get("/openapi.json", token=None).body
    some_id = chinook_customers[0]["id"]
    first_page = api.get("/customers", limit=2).body

    # WHEN each route is called, answering its success and its errors
    calls = [
        ("get", "/customers", "/customers", {"limit": 3}),
        ("get", "/customers", "/customers", {"q": "kovac", "sort": "total_paid"}),
        ("get", "/customers", "/customers", {"limit": 0}),
        ("get", "/customers", "/customers", {"cursor": first_page["next_cursor"][5:]}),
        ("get", "/customers/letters", "/customers/letters", {"by": "email"}),
        ("get", "/customers/count", "/customers/count", {}),
        ("get", "/customers/{id}", f"/customers/{some_id}", {}),
        ("get", "/customers/{id}", "/customers/c_0000000000000000001", {}),
        ("get", "/groups", "/groups", {}),
    ]
    checked = set()
    for method, route, path, params in calls:
        answer = api.get(path, **params)
        declared = document["paths"][route][method]["responses"][str(answer.status)]
        schema = declared["content"]["application/json"]["schema"]

        # THEN the body validates against the schema declared for that status
        validator = Draft202012Validator({**document, **schema})
        problems = [error.message for error in validator.iter_errors(answer.body)]
        assert problems == [], (path, params, answer.status)
        checked.add(answer.status)
    assert checked == {200, 400, 404, 422}


def test_the_admin_config_hands_the_page_the_current_token(
    api: Api, chinook_service: LocalService
) -> None:
    # GIVEN local mode's admin token

    # WHEN the page asks for its configuration
    answer = api.get("/admin-config.json", token=None)

    # THEN it gets the API base and the token, and nobody caches it
    assert answer.status == 200
    assert answer.body == {
        "api_base": "",
        "auth": {"mode": "local", "token": chinook_service.token},
    }
    assert answer.headers["cache-control"] == "no-store"


def test_the_admin_page_is_served_with_a_policy_that_allows_no_inline_script(
    api: Api,
) -> None:
    # GIVEN the admin page's files under admin/

    # WHEN the page is opened
    answer = api.call("GET", "/", token=None)

    # THEN its index comes with a strict Content-Security-Policy and nosniff
    assert answer.status == 200
    assert "text/html" in answer.headers["content-type"]
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
