"""Local mode reads template.yaml: routes, event sources and intrinsic functions."""

from __future__ import annotations

import pytest

from localmode import template
from localmode.resources import generate_secret, table_definition
from localmode.settings import Seed, Settings, SettingsError


def test_every_api_event_of_the_template_becomes_a_route_with_its_authorizer() -> None:
    # GIVEN template.yaml
    parsed = template.load()

    # WHEN its routes are read
    routes = {(route.method, route.path): route for route in template.routes(parsed)}

    # THEN the admin reads sit behind the staff pool and the order feed behind IAM
    assert routes[("GET", "/customers")].auth == "cognito"
    assert routes[("GET", "/customers/{id}")].function_id == "ListCustomersFunction"
    assert routes[("PUT", "/orders/{order_id}")].auth == "iam"
    assert all(route.auth in ("cognito", "iam", "none") for route in routes.values())


def test_the_orders_stream_is_delivered_to_the_order_totals_function() -> None:
    # GIVEN template.yaml

    # WHEN its stream event sources are read
    sources = template.stream_sources(template.load())

    # THEN the orders table's stream goes to OrderTotalsFunction in batches of 100
    assert [(s.function_id, s.table_id, s.batch_size) for s in sources] == [
        ("OrderTotalsFunction", "OrdersTable", 100)
    ]


def test_a_table_definition_keeps_the_templates_keys_indexes_and_stream() -> None:
    # GIVEN the orders table of template.yaml
    props = template.load()["Resources"]["OrdersTable"]["Properties"]

    # WHEN it becomes CreateTable arguments
    definition = table_definition("OrdersTable", props)

    # THEN keys, indexes and the stream are the template's
    assert definition["KeySchema"] == props["KeySchema"]
    assert [i["IndexName"] for i in definition["GlobalSecondaryIndexes"]] == [
        i["IndexName"] for i in props["GlobalSecondaryIndexes"]
    ]
    assert definition["StreamSpecification"] == {
        "StreamEnabled": True,
        "StreamViewType": props["StreamSpecification"]["StreamViewType"],
    }


def test_intrinsic_functions_resolve_against_local_values() -> None:
    # GIVEN a resolver that knows a table, a queue and a secret
    resolver = template.Resolver(
        {"Parameters": {"Stage": {"Type": "String", "Default": "v1"}}},
        refs={"Table": "Table", "Secret": "arn:secret:Secret-1"},
        attributes={("Queue", "Arn"): "arn:aws:sqs:us-east-1:123456789012:Queue"},
        read_secret=lambda secret_id: f"value-of-{secret_id}",
    )

    # WHEN values using every supported function are resolved
    resolved = resolver.resolve(
        {
            "A": {"Ref": "Table"},
            "B": {"Fn::GetAtt": ["Queue", "Arn"]},
            "C": {"Fn::GetAtt": "Queue.Arn"},
            "D": {"Fn::Sub": "${AWS::Region}/${Stage}/${Queue.Arn}"},
            "E": {"Fn::Sub": ["${X}-${Table}", {"X": {"Ref": "Stage"}}]},
            "F": {"Fn::Sub": "{{resolve:secretsmanager:${Secret}:SecretString}}"},
            "G": {"Fn::Join": ["-", ["a", {"Ref": "Stage"}]]},
        }
    )

    # THEN each holds the local value
    assert resolved == {
        "A": "Table",
        "B": "arn:aws:sqs:us-east-1:123456789012:Queue",
        "C": "arn:aws:sqs:us-east-1:123456789012:Queue",
        "D": "us-east-1/v1/arn:aws:sqs:us-east-1:123456789012:Queue",
        "E": "v1-Table",
        "F": "value-of-arn:secret:Secret-1",
        "G": "a-v1",
    }


def test_a_reference_to_something_local_mode_lacks_fails_unless_lenient() -> None:
    # GIVEN a resolver that knows no CloudFront distribution
    resolver = template.Resolver({})
    value = {"Fn::Sub": "https://${Site.DomainName}/"}

    # WHEN a value naming its domain is resolved strictly, then leniently
    with pytest.raises(template.TemplateError, match=r"Site\.DomainName"):
        resolver.resolve(value)
    placeholder = resolver.resolve_leniently(value)

    # THEN strictness names what is missing, leniency leaves a visible placeholder
    assert placeholder == "https://local-unavailable:Site.DomainName/"
    assert resolver.unresolved == ["!GetAtt Site.DomainName"]


def test_a_generated_secret_follows_its_template_spec() -> None:
    # GIVEN the cursor secret's spec: 48 characters without punctuation

    # WHEN a value is generated
    value = generate_secret({"PasswordLength": 48, "ExcludePunctuation": True})

    # THEN it has that length and only letters and digits
    assert len(value) == 48
    assert value.isalnum()


def test_settings_come_from_the_environment_with_defaults() -> None:
    # GIVEN only a few variables set
    environ = {"PORT": "3100", "SEED": "synthetic:25", "STATE_DIR": "/tmp/x"}

    # WHEN the settings are read
    settings = Settings.from_env(environ)

    # THEN the rest are the documented defaults
    assert (settings.port, settings.dynamodb_port, settings.moto_port) == (3100, 8010, 5010)
    assert str(settings.state_dir) == "/tmp/x"
    assert settings.seed == Seed("synthetic", 25)
    assert Settings.from_env({}).seed == Seed("chinook")


@pytest.mark.parametrize(
    "environ",
    [{"PORT": "http"}, {"MOTO_PORT": "70000"}, {"SEED": "synthetic:0"}, {"SEED": "all"}],
)
def test_a_bad_setting_is_refused_naming_the_variable(environ: dict[str, str]) -> None:
    # GIVEN a variable with a value local mode cannot use
    (name,) = environ

    # WHEN the settings are read, THEN the error names it
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(environ)
