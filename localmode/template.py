"""Read template.yaml: the one description of tables, functions, routes and event sources.

Nothing here talks to AWS; `resources.py` creates what this module describes, and the
`Resolver` turns the intrinsic functions the template uses into local values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samcli.yamlhelper import yaml_parse

from localmode.settings import ACCOUNT_ID, REGION

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"

STACK_NAME = "customers-local"
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")
_SECRET_REFERENCE = re.compile(r"\{\{resolve:secretsmanager:(.+?)\}\}")


class TemplateError(ValueError):
    """The template uses something local mode cannot resolve; the message says what."""


def load(path: Path = TEMPLATE) -> dict[str, Any]:
    return yaml_parse(path.read_text(encoding="utf-8"))


def resources_of_type(template: dict[str, Any], kind: str) -> Iterator[tuple[str, dict]]:
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == kind:
            yield logical_id, resource.get("Properties") or {}


@dataclass
class Resolver:
    """Resolves Ref, Fn::GetAtt, Fn::Sub and Fn::Join against the local resources.

    `refs` maps a logical id (or parameter) to what !Ref gives; `attributes` maps
    (logical id, attribute) to what !GetAtt gives; `read_secret` answers a
    `{{resolve:secretsmanager:...}}` reference.
    """

    template: dict[str, Any]
    refs: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    read_secret: Callable[[str], str] | None = None
    # Set while resolving values that may name resources local mode does not create (a
    # CloudFront domain, say): those resolve to a placeholder and are listed here.
    lenient: bool = False
    unresolved: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.refs.update(
            {
                "AWS::Region": REGION,
                "AWS::AccountId": ACCOUNT_ID,
                "AWS::StackName": STACK_NAME,
                "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com",
            }
        )
        for name, parameter in self.template.get("Parameters", {}).items():
            if "Default" in parameter:
                self.refs[name] = str(parameter["Default"])

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict):
            return self._dynamic_references(value) if isinstance(value, str) else value
        if len(value) == 1:
            ((key, argument),) = value.items()
            function = _INTRINSICS.get(key)
            if function is not None:
                return function(self, argument)
        return {key: self.resolve(item) for key, item in value.items()}

    def resolve_leniently(self, value: Any) -> Any:
        self.lenient = True
        try:
            return self.resolve(value)
        finally:
            self.lenient = False

    def _ref(self, name: str) -> str:
        if name not in self.refs:
            return self._missing(f"!Ref {name}")
        return self.refs[name]

    def _missing(self, what: str) -> str:
        if not self.lenient:
            raise TemplateError(f"{what}: local mode has no value for it")
        self.unresolved.append(what)
        return f"local-unavailable:{what.split(' ', 1)[1]}"

    def _get_att(self, argument: Any) -> str:
        logical_id, attribute = (
            argument.split(".", 1) if isinstance(argument, str) else self.resolve(argument)
        )
        key = (logical_id, attribute)
        if key not in self.attributes:
            return self._missing(f"!GetAtt {logical_id}.{attribute}")
        return self.attributes[key]

    def _sub(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument
        values = {name: str(self.resolve(item)) for name, item in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            if "." in name:
                return self._get_att(name)
            return self._ref(name)

        return self._dynamic_references(_SUB_VARIABLE.sub(replace, text))

    def _join(self, argument: Any) -> str:
        separator, items = argument
        return separator.join(str(item) for item in self.resolve(items))

    def _dynamic_references(self, text: str) -> str:
        return _SECRET_REFERENCE.sub(lambda match: self._secret(match.group(1)), text)

    def _secret(self, reference: str) -> str:
        # secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]; an ARN holds
        # colons itself, so split from the right on the known keyword.
        secret_id, _, rest = reference.partition(":SecretString")
        if rest.strip(":"):
            raise TemplateError(
                f"{{{{resolve:secretsmanager:{reference}}}}}: JSON keys "
                "and versions are not supported locally"
            )
        if self.read_secret is None:
            raise TemplateError("a secret is referenced before secrets exist")
        return self.read_secret(secret_id)


_INTRINSICS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Ref": lambda resolver, name: resolver._ref(name),
    "Fn::GetAtt": Resolver._get_att,
    "Fn::Sub": Resolver._sub,
    "Fn::Join": Resolver._join,
}


@dataclass(frozen=True)
class Route:
    function_id: str
    path: str  # as the template writes it: /customers/{id}
    method: str  # upper case; ANY for every method
    auth: str  # "cognito", "iam" or "none"


@dataclass(frozen=True)
class StreamSource:
    function_id: str
    table_id: str
    batch_size: int
    starting_position: str
    maximum_retry_attempts: int
    failure_destination: Any  # unresolved template value, or None


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    handler: str
    memory_mb: int
    timeout_s: int
    environment: dict[str, Any]  # the function's own variables, unresolved


def globals_environment(template: dict[str, Any]) -> dict[str, Any]:
    function_globals = template.get("Globals", {}).get("Function", {})
    return dict(function_globals.get("Environment", {}).get("Variables", {}))


def functions(template: dict[str, Any]) -> dict[str, FunctionSpec]:
    defaults = template.get("Globals", {}).get("Function", {})
    specs = {}
    for logical_id, props in resources_of_type(template, "AWS::Serverless::Function"):
        merged = {**defaults, **props}
        specs[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_dir=(ROOT / merged["CodeUri"]).resolve(),
            handler=merged["Handler"],
            memory_mb=int(merged.get("MemorySize", 128)),
            timeout_s=int(merged.get("Timeout", 3)),
            environment=dict(props.get("Environment", {}).get("Variables", {})),
        )
    return specs


def layer_dirs(template: dict[str, Any]) -> list[Path]:
    """Folders that Lambda would unpack under /opt/python: put them on sys.path."""
    kinds = ("AWS::Serverless::LayerVersion",)
    return [
        (ROOT / props["ContentUri"]).resolve()
        for kind in kinds
        for _, props in resources_of_type(template, kind)
    ]


def _events(template: dict[str, Any], kind: str) -> Iterator[tuple[str, dict]]:
    for logical_id, props in resources_of_type(template, "AWS::Serverless::Function"):
        for event in (props.get("Events") or {}).values():
            if event.get("Type") == kind:
                yield logical_id, event.get("Properties") or {}


def routes(template: dict[str, Any]) -> list[Route]:
    found = []
    for function_id, props in _events(template, "Api"):
        api = _api_properties(template, props.get("RestApiId"))
        found.append(
            Route(
                function_id=function_id,
                path=props["Path"],
                method=props["Method"].upper(),
                auth=_route_auth(api, props.get("Auth") or {}),
            )
        )
    return found


def _api_properties(template: dict[str, Any], rest_api_id: Any) -> dict[str, Any]:
    if isinstance(rest_api_id, dict) and "Ref" in rest_api_id:
        return template["Resources"][rest_api_id["Ref"]].get("Properties") or {}
    # An event without RestApiId belongs to SAM's implicit API, configured in Globals.
    return template.get("Globals", {}).get("Api", {})


def _route_auth(api: dict[str, Any], event_auth: dict[str, Any]) -> str:
    authorizer = event_auth.get("Authorizer") or api.get("Auth", {}).get("DefaultAuthorizer")
    if authorizer in (None, "NONE"):
        return "none"
    if authorizer == "AWS_IAM":
        return "iam"
    authorizers = api.get("Auth", {}).get("Authorizers", {})
    if "UserPoolArn" not in authorizers.get(authorizer, {}):
        raise TemplateError(f"authorizer {authorizer}: only Cognito user pools run locally")
    return "cognito"


def api_properties(template: dict[str, Any]) -> dict[str, Any]:
    """The REST API's properties (CORS, stage); the template declares one API."""
    apis = list(resources_of_type(template, "AWS::Serverless::Api"))
    return apis[0][1] if apis else template.get("Globals", {}).get("Api", {})


def stream_sources(template: dict[str, Any]) -> list[StreamSource]:
    sources = []
    for function_id, props in _events(template, "DynamoDB"):
        stream = props["Stream"]
        if not (isinstance(stream, dict) and "Fn::GetAtt" in stream):
            raise TemplateError(f"{function_id}: a stream must be !GetAtt <Table>.StreamArn")
        table_id = _get_att_target(stream["Fn::GetAtt"])
        destination = props.get("DestinationConfig", {}).get("OnFailure", {})
        sources.append(
            StreamSource(
                function_id=function_id,
                table_id=table_id,
                batch_size=int(props.get("BatchSize", 100)),
                starting_position=props.get("StartingPosition", "TRIM_HORIZON"),
                maximum_retry_attempts=int(props.get("MaximumRetryAttempts", 10)),
                failure_destination=destination.get("Destination"),
            )
        )
    return sources


def _get_att_target(argument: Any) -> str:
    return argument.split(".", 1)[0] if isinstance(argument, str) else argument[0]
