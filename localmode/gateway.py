"""A small API Gateway on 127.0.0.1: the template's routes, the admin page and the API docs.

Requests to the template's routes become REST proxy events for the same handlers that
API Gateway calls when deployed; tokens are checked first, as the Cognito authorizer does.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.utils import safe_join, send_file
from werkzeug.wrappers import Request, Response

from localmode import events
from localmode.auth import TokenVerifier, Unauthorized, gateway_claims
from localmode.functions import FunctionFailed, LocalFunction
from localmode.openapi import OpenApiDocument
from localmode.template import ROOT, Route

ADMIN_DIR = ROOT / "admin"
# API Gateway refuses bodies over 10 MB before any function runs.
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]"}
SWAGGER_ASSETS = {
    "swagger-ui-bundle.min.js": "text/javascript",
    "swagger-ui.min.css": "text/css",
}
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
# Swagger UI styles its elements inline; its scripts still come only from files.
SWAGGER_HEADERS = {
    **PAGE_HEADERS,
    "Content-Security-Policy": PAGE_HEADERS["Content-Security-Policy"].replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    ),
}
SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Customers API</title>
<link rel="stylesheet" href="/swagger/swagger-ui.min.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/swagger/swagger-ui-bundle.min.js"></script>
<script src="/swagger/init.js"></script>
</body>
</html>
"""
SWAGGER_INIT = 'SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});\n'


@dataclass(frozen=True)
class Cors:
    """The API's CORS settings, as SAM answers preflights with them."""

    allow_origin: str
    allow_headers: str
    allow_methods: str
    max_age: str | None = None

    @classmethod
    def from_api(cls, cors: Any) -> Cors | None:
        if not cors:
            return None
        if isinstance(cors, str):
            cors = {"AllowOrigin": cors}

        # SAM takes these as quoted strings ("'https://x'"): the quotes are not the value.
        def unquote(key: str, default: str) -> str:
            return str(cors.get(key, default)).strip("'")

        return cls(
            allow_origin=unquote("AllowOrigin", "*"),
            allow_headers=unquote("AllowHeaders", "*"),
            allow_methods=unquote("AllowMethods", "*"),
            max_age=unquote("MaxAge", "") or None,
        )

    def headers(self) -> dict[str, str]:
        headers = {
            "Access-Control-Allow-Origin": self.allow_origin,
            "Access-Control-Allow-Headers": self.allow_headers,
            "Access-Control-Allow-Methods": self.allow_methods,
        }
        if self.max_age:
            headers["Access-Control-Max-Age"] = self.max_age
        return headers


def error_response(status: int, code: str, message: str, **headers: str) -> Response:
    body = json.dumps({"error": {"code": code, "message": message}})
    return Response(body, status=status, content_type="application/json", headers=headers)


class GatewayResponses:
    """The answers API Gateway gives itself (a refused token, a failed function), shaped
    by the API's GatewayResponses: their headers (CORS), and for UNAUTHORIZED and 5XX
    their status and body. A type that is not declared falls back to DEFAULT_4XX/5XX."""

    def __init__(self, declared: dict[str, Any] | None) -> None:
        self._declared = declared or {}

    def answer(
        self, kind: str, status: int, code: str, message: str, use_template_body: bool = False
    ) -> Response:
        family = "DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX"
        spec = self._declared.get(kind) or self._declared.get(family) or {}
        headers = spec.get("ResponseParameters", {}).get("Headers", {})
        response = error_response(
            int(spec.get("StatusCode", status)) if use_template_body else status, code, message
        )
        for name, value in headers.items():
            response.headers[name] = str(value).strip("'")
        template = spec.get("ResponseTemplates", {}).get("application/json")
        if use_template_body and template:
            # The one VTL variable these templates use; json.dumps gives its quotes.
            body = template.replace("$context.error.messageString", json.dumps(message))
            response.set_data(body)
        return response


class Gateway:
    """The WSGI application. `dispatch` is also what seeding calls, in process."""

    def __init__(
        self,
        routes: list[Route],
        functions: dict[str, LocalFunction],
        verifier: TokenVerifier,
        current_token: Callable[[], str],
        stage: str,
        cors: Cors | None,
        admin_dir: Path = ADMIN_DIR,
        gateway_responses: dict[str, Any] | None = None,
    ) -> None:
        self._routes = routes
        self._functions = functions
        self._verifier = verifier
        self._current_token = current_token
        self._stage = stage
        self._cors = cors
        self._admin_dir = admin_dir
        self._errors = GatewayResponses(gateway_responses)
        self._map = Map(
            [
                Rule(_werkzeug_path(route.path), endpoint=index, methods=_methods(route))
                for index, route in enumerate(routes)
            ],
            strict_slashes=False,
            merge_slashes=False,
        )
        self._openapi = OpenApiDocument(routes, functions)
        self._builtins: dict[str, Callable[[Request], Response]] = {
            "/admin-config.json": self._admin_config,
            "/openapi.json": self._openapi_json,
            "/swagger": self._swagger_page,
            "/swagger/init.js": self._swagger_init,
        }

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except Exception:
            # A fault of the gateway itself: the console gets the traceback, never the client.
            traceback.print_exc()
            response = self._errors.answer(
                "DEFAULT_5XX", 500, "internal", "The local gateway failed.", True
            )
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        builtin = self._builtins.get(request.path)
        if builtin is not None and request.method in ("GET", "HEAD"):
            return builtin(request)
        if request.path.startswith("/swagger/"):
            return self._swagger_asset(request)
        adapter = self._map.bind("127.0.0.1", path_info=request.path)
        try:
            index, path_parameters = adapter.match(method=_matched_method(request))
        except MethodNotAllowed as error:
            return self._not_an_api_method(request, list(error.valid_methods or []))
        except NotFound:
            return self._static_or_404(request)
        return self._call_route(request, self._routes[index], dict(path_parameters))

    # --- API routes -----------------------------------------------------------------------

    def _call_route(self, request: Request, route: Route, parameters: dict) -> Response:
        if (request.content_length or 0) > MAX_PAYLOAD_BYTES:
            message = (
                f"The request body is larger than API Gateway takes ({MAX_PAYLOAD_BYTES} bytes)."
            )
            return self._errors.answer("REQUEST_TOO_LARGE", 413, "too_large", message)
        try:
            authorizer = self._authorize(route, request.headers.get("Authorization"))
        except Unauthorized as error:
            return self._errors.answer("UNAUTHORIZED", 401, "unauthorized", str(error), True)
        event = events.api_event(request, route.path, parameters, self._stage, authorizer)
        request_id = event["requestContext"]["requestId"]
        try:
            result = self._functions[route.function_id].invoke(event)
            response = _proxy_response(result)
        except FunctionFailed as error:
            print(f"local mode: {route.method} {route.path}: {error}")
            response = self._errors.answer(
                "DEFAULT_5XX", 502, "internal_error", "The function failed.", True
            )
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _authorize(self, route: Route, authorization: str | None) -> dict[str, Any] | None:
        if route.auth == "none":
            return None
        claims = self._verifier.claims(authorization)
        if route.auth == "iam":
            # NOTE: deployed, this route takes SigV4-signed calls and the event carries an
            # IAM identity, not claims; locally the admin token stands in for the signature.
            return None
        return {"claims": gateway_claims(claims)}

    def _not_an_api_method(self, request: Request, allowed: list[str]) -> Response:
        if request.method == "OPTIONS" and self._cors is not None:
            return Response(status=200, headers=self._cors.headers())
        # werkzeug adds HEAD to every GET rule; API Gateway answers only what is declared.
        allow = ", ".join(sorted(set(allowed) - {"HEAD"}))
        message = f"{request.path} does not answer {request.method}; it answers {allow}."
        response = self._errors.answer("DEFAULT_4XX", 405, "method_not_allowed", message)
        response.headers["Allow"] = allow
        return response

    # --- the admin page and docs ----------------------------------------------------------

    def _static_or_404(self, request: Request) -> Response:
        if request.method in ("GET", "HEAD"):
            relative = "index.html" if request.path == "/" else request.path.lstrip("/")
            path = safe_join(str(self._admin_dir), relative)
            if path is not None and Path(path).is_file():
                return self._page_file(request, Path(path))
        message = f"No route answers {request.method} {request.path}."
        return self._errors.answer("DEFAULT_4XX", 404, "not_found", message)

    def _page_file(self, request: Request, path: Path) -> Response:
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".js", ".mjs"):
            mimetype = "text/javascript"
        response = send_file(path, request.environ, mimetype=mimetype, max_age=0)
        response.headers.update(PAGE_HEADERS)
        return response

    def _admin_config(self, request: Request) -> Response:
        # The token goes only to a page opened by a loopback name: a web page whose own
        # name an attacker points at 127.0.0.1 (DNS rebinding) is same-origin with it.
        if _host_name(request) not in LOOPBACK_NAMES:
            message = "Open the admin page as http://127.0.0.1 or http://localhost."
            return error_response(403, "forbidden", message, **PAGE_HEADERS)
        # The page keeps the token in memory only; never cache this answer.
        body = {"api_base": "", "auth": {"mode": "local", "token": self._current_token()}}
        headers = {**PAGE_HEADERS, "Cache-Control": "no-store"}
        return Response(json.dumps(body), content_type="application/json", headers=headers)

    def _openapi_json(self, _request: Request) -> Response:
        body = json.dumps(self._openapi.build())
        return Response(body, content_type="application/json", headers=PAGE_HEADERS)

    def _swagger_page(self, _request: Request) -> Response:
        return Response(SWAGGER_PAGE, content_type="text/html", headers=SWAGGER_HEADERS)

    def _swagger_init(self, _request: Request) -> Response:
        return Response(SWAGGER_INIT, content_type="text/javascript", headers=SWAGGER_HEADERS)

    def _swagger_asset(self, request: Request) -> Response:
        name = request.path.removeprefix("/swagger/")
        if name not in SWAGGER_ASSETS:
            return error_response(404, "not_found", f"No route answers GET {request.path}.")
        from aws_lambda_powertools.event_handler.openapi import swagger_ui

        path = Path(swagger_ui.__file__).parent / name
        response = send_file(path, request.environ, mimetype=SWAGGER_ASSETS[name])
        response.headers.update(SWAGGER_HEADERS)
        return response


def _host_name(request: Request) -> str:
    """The Host header without its port: "127.0.0.1", "localhost", "[::1]"."""
    host = request.host.lower()
    return host if host.endswith("]") else host.rsplit(":", 1)[0]


def _werkzeug_path(path: str) -> str:
    """/customers/{id} -> /customers/<id>; {proxy+} takes the rest of the path."""
    parts = []
    for part in path.split("/"):
        if part.startswith("{") and part.endswith("+}"):
            parts.append(f"<path:{part[1:-2]}>")
        elif part.startswith("{") and part.endswith("}"):
            parts.append(f"<{part[1:-1]}>")
        else:
            parts.append(part)
    return "/".join(parts)


def _methods(route: Route) -> list[str] | None:
    return None if route.method == "ANY" else [route.method]


def _matched_method(request: Request) -> str:
    # HEAD is not GET for API Gateway; werkzeug would quietly match one to the other.
    return "HEAD_" if request.method == "HEAD" else request.method


def _proxy_response(result: Any) -> Response:
    """The HTTP answer for a proxy integration's result, or FunctionFailed as API
    Gateway's 502 for a malformed one."""
    if not isinstance(result, dict) or not isinstance(result.get("statusCode"), int):
        raise FunctionFailed("the handler's answer has no integer statusCode")
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
    response = Response(data, status=result["statusCode"])
    response.headers.pop("Content-Type")
    for name, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.add(name, str(value))
    for name, value in (result.get("headers") or {}).items():
        if name not in response.headers:
            response.headers[name] = str(value)
    return response
