"""One OpenAPI document for the template's routes, from the handlers' own resolvers."""

from __future__ import annotations

import json
import threading
from typing import Any

from localmode.functions import LocalFunction
from localmode.template import Route

SECURITY_SCHEME = "staffToken"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


class OpenApiDocument:
    """Built once, on first request: every handler module is loaded by then."""

    def __init__(self, routes: list[Route], functions: dict[str, LocalFunction]) -> None:
        self._routes = routes
        self._functions = functions
        self._document: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def build(self) -> dict[str, Any]:
        with self._lock:
            if self._document is None:
                self._document = merged_document(self._routes, self._functions)
            return self._document


def merged_document(routes: list[Route], functions: dict[str, LocalFunction]) -> dict:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Customers API", "version": "1.0.0"},
        "servers": [{"url": "/"}],
        "paths": {},
        "components": {
            "schemas": {},
            "securitySchemes": {
                SECURITY_SCHEME: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }
    resolver_paths: dict[str, dict[str, Any]] = {}
    for function_id in sorted({route.function_id for route in routes}):
        spec = _resolver_spec(functions[function_id])
        resolver_paths.update(
            {
                path: {**resolver_paths.get(path, {}), **item}
                for path, item in spec.get("paths", {}).items()
            }
        )
        document["components"]["schemas"].update(spec.get("components", {}).get("schemas", {}))
    for route in routes:
        for method in HTTP_METHODS if route.method == "ANY" else (route.method.lower(),):
            operation = resolver_paths.get(route.path, {}).get(method) or _bare(route)
            document["paths"].setdefault(route.path, {})[method] = _secured(operation, route)
    return document


def _resolver_spec(function: LocalFunction) -> dict[str, Any]:
    """The function's own OpenAPI, when its module exposes a Powertools resolver `app`."""
    try:
        resolver = getattr(function.module, "app", None)
    except Exception as error:  # a broken function must not hide the others
        print(f"local mode: {function.name} did not load for /openapi.json: {error}")
        return {}
    if resolver is None or not hasattr(resolver, "get_openapi_json_schema"):
        return {}
    return json.loads(resolver.get_openapi_json_schema())


def _bare(route: Route) -> dict[str, Any]:
    return {
        "summary": f"{route.method} {route.path} ({route.function_id})",
        "responses": {"200": {"description": "See the function's documentation."}},
    }


def _secured(operation: dict[str, Any], route: Route) -> dict[str, Any]:
    operation = dict(operation)
    operation["security"] = [] if route.auth == "none" else [{SECURITY_SCHEME: []}]
    if route.auth == "iam":
        note = "Deployed, this route takes IAM-signed calls; local mode takes the admin token."
        operation["description"] = f"{operation.get('description', '')}\n\n{note}".strip()
    return operation
