"""Create the template's tables, queues, secrets and user pools on the local engines.

Local names are the logical ids. Tables live in DynamoDB Local and keep their data
across restarts; everything else lives in moto's server and is made anew at each start.
"""

from __future__ import annotations

import json
import secrets
import string
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

from localmode.template import Resolver, TemplateError, resources_of_type

TABLE = "AWS::DynamoDB::Table"


def create_all(resolver: Resolver, state_dir: Path) -> list[str]:
    """Create every supported resource; answers warnings for the console."""
    template = resolver.template
    warnings = []
    for logical_id, props in resources_of_type(template, "AWS::SecretsManager::Secret"):
        create_secret(resolver, logical_id, props, state_dir / "secrets")
    resolver.read_secret = read_secret
    for logical_id, props in resources_of_type(template, TABLE):
        warnings += create_table(resolver, logical_id, props)
    for logical_id, props in resources_of_type(template, "AWS::S3::Bucket"):
        create_bucket(resolver, logical_id, props)
    for logical_id, props in resources_of_type(template, "AWS::SQS::Queue"):
        create_queue(resolver, logical_id, props)
    for logical_id, props in resources_of_type(template, "AWS::Cognito::UserPool"):
        create_user_pool(resolver, logical_id, props)
    for logical_id, props in resources_of_type(template, "AWS::Cognito::UserPoolClient"):
        create_user_pool_client(resolver, logical_id, props)
    for logical_id, props in resources_of_type(template, "AWS::Cognito::UserPoolGroup"):
        create_user_pool_group(resolver, logical_id, props)
    return warnings


# --- Secrets Manager ------------------------------------------------------------------------


def create_secret(resolver: Resolver, logical_id: str, props: dict, folder: Path) -> None:
    value = props.get("SecretString")
    if value is None:
        value = _stable_secret(folder, logical_id, props)
    value = resolver.resolve(value)
    client = boto3.client("secretsmanager")
    try:
        arn = client.create_secret(Name=logical_id, SecretString=value)["ARN"]
    except client.exceptions.ResourceExistsException:
        arn = client.put_secret_value(SecretId=logical_id, SecretString=value)["ARN"]
    resolver.refs[logical_id] = arn
    resolver.attributes[(logical_id, "Id")] = arn


def _stable_secret(folder: Path, logical_id: str, props: dict) -> str:
    # moto forgets secrets at each start, but values derived from them (signed cursors)
    # live in DynamoDB Local: keep the generated value beside the data.
    path = folder / logical_id
    if path.exists():
        return path.read_text(encoding="utf-8")
    value = generate_secret(props.get("GenerateSecretString") or {})
    folder.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(value, encoding="utf-8")
    return value


def generate_secret(spec: dict[str, Any]) -> str:
    alphabet = string.ascii_letters + string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += string.punctuation
    excluded = set(spec.get("ExcludeCharacters", ""))
    alphabet = "".join(char for char in alphabet if char not in excluded)
    length = int(spec.get("PasswordLength", 32))
    return "".join(secrets.choice(alphabet) for _ in range(length))


def read_secret(secret_id: str) -> str:
    client = boto3.client("secretsmanager")
    return client.get_secret_value(SecretId=secret_id)["SecretString"]


# --- DynamoDB -------------------------------------------------------------------------------


def table_definition(logical_id: str, props: dict) -> dict[str, Any]:
    """CreateTable arguments from a CloudFormation table's properties."""
    definition: dict[str, Any] = {
        "TableName": logical_id,
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PROVISIONED"),
    }
    if "ProvisionedThroughput" in props:
        definition["ProvisionedThroughput"] = _throughput(props["ProvisionedThroughput"])
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if props.get(key):
            definition[key] = [_index(index) for index in props[key]]
    stream = props.get("StreamSpecification")
    if stream:
        definition["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    return definition


def _index(index: dict[str, Any]) -> dict[str, Any]:
    shaped = {key: index[key] for key in ("IndexName", "KeySchema", "Projection")}
    if "ProvisionedThroughput" in index:
        shaped["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
    return shaped


def _throughput(value: dict[str, Any]) -> dict[str, int]:
    return {key: int(value[key]) for key in ("ReadCapacityUnits", "WriteCapacityUnits")}


def create_table(resolver: Resolver, logical_id: str, props: dict) -> list[str]:
    client = boto3.client("dynamodb")
    definition = table_definition(logical_id, props)
    warnings = []
    try:
        client.create_table(**definition)
    except client.exceptions.ResourceInUseException:
        warnings = _bring_up_to_date(client, definition)
    client.get_waiter("table_exists").wait(TableName=logical_id)
    _enable_ttl(client, logical_id, props.get("TimeToLiveSpecification"))
    table = client.describe_table(TableName=logical_id)["Table"]
    resolver.refs[logical_id] = logical_id
    resolver.attributes[(logical_id, "Arn")] = table["TableArn"]
    if "LatestStreamArn" in table:
        resolver.attributes[(logical_id, "StreamArn")] = table["LatestStreamArn"]
    return warnings


def _bring_up_to_date(client: Any, definition: dict[str, Any]) -> list[str]:
    """Add what a kept table lacks after a template change; say what cannot be added."""
    name = definition["TableName"]
    table = client.describe_table(TableName=name)["Table"]
    if table["KeySchema"] != definition["KeySchema"]:
        return [
            f"table {name}: its key differs from template.yaml; delete the state folder "
            "to start over"
        ]
    present = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
    attributes = definition["AttributeDefinitions"]
    for index in definition.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] not in present:
            _add_index(client, name, attributes, index)
    wanted_stream = definition.get("StreamSpecification")
    if wanted_stream and not table.get("StreamSpecification", {}).get("StreamEnabled"):
        client.update_table(TableName=name, StreamSpecification=wanted_stream)
    return []


def _add_index(client: Any, table: str, attributes: list, index: dict[str, Any]) -> None:
    client.update_table(
        TableName=table,
        AttributeDefinitions=attributes,
        GlobalSecondaryIndexUpdates=[{"Create": index}],
    )
    client.get_waiter("table_exists").wait(TableName=table)


def _enable_ttl(client: Any, table: str, spec: dict[str, Any] | None) -> None:
    if not spec or not spec.get("Enabled"):
        return
    try:
        client.update_time_to_live(
            TableName=table,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": spec["AttributeName"]},
        )
    except ClientError as error:
        # Enabling twice is refused; the setting is already what the template asks.
        if error.response["Error"]["Code"] != "ValidationException":
            raise


# --- S3 -------------------------------------------------------------------------------------


def create_bucket(resolver: Resolver, logical_id: str, props: dict) -> None:
    # Bucket names are lower case; the logical id is unique in the template.
    name = str(resolver.resolve(props.get("BucketName", logical_id.lower())))
    boto3.client("s3").create_bucket(Bucket=name)
    resolver.refs[logical_id] = name
    resolver.attributes[(logical_id, "Arn")] = f"arn:aws:s3:::{name}"
    for attribute in ("DomainName", "RegionalDomainName"):
        resolver.attributes[(logical_id, attribute)] = f"{name}.s3.amazonaws.com"


# --- SQS ------------------------------------------------------------------------------------


def create_queue(resolver: Resolver, logical_id: str, props: dict) -> None:
    name = f"{logical_id}.fifo" if props.get("FifoQueue") else logical_id
    attributes = {
        key: str(resolver.resolve(props[key])).lower()
        if isinstance(props[key], bool)
        else str(resolver.resolve(props[key]))
        for key in ("FifoQueue", "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds")
        if key in props
    }
    if "RedrivePolicy" in props:
        policy = resolver.resolve(props["RedrivePolicy"])
        attributes["RedrivePolicy"] = json.dumps(policy)
    client = boto3.client("sqs")
    url = client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]  # type: ignore[arg-type]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    resolver.refs[logical_id] = url
    resolver.attributes[(logical_id, "QueueUrl")] = url
    resolver.attributes[(logical_id, "QueueName")] = name
    resolver.attributes[(logical_id, "Arn")] = arn["Attributes"]["QueueArn"]


# --- Cognito --------------------------------------------------------------------------------

_POOL_KEYS = (
    "UsernameAttributes",
    "AutoVerifiedAttributes",
    "Policies",
    "Schema",
    "AdminCreateUserConfig",
    "MfaConfiguration",
)
_CLIENT_KEYS = (
    "ExplicitAuthFlows",
    "GenerateSecret",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "CallbackURLs",
    "SupportedIdentityProviders",
)


def _options(resolver: Resolver, props: dict, keys: tuple[str, ...]) -> dict[str, Any]:
    """The properties moto understands; sign-in URLs of a CloudFront site resolve to
    placeholders, since local staff never go through the hosted UI."""
    return {key: resolver.resolve_leniently(props[key]) for key in keys if key in props}


def create_user_pool(resolver: Resolver, logical_id: str, props: dict) -> None:
    options = _options(resolver, props, _POOL_KEYS)
    client = boto3.client("cognito-idp")
    pool = client.create_user_pool(PoolName=logical_id, **options)["UserPool"]
    resolver.refs[logical_id] = pool["Id"]
    resolver.attributes[(logical_id, "Arn")] = pool["Arn"]
    resolver.attributes[(logical_id, "ProviderName")] = pool["Id"]


def create_user_pool_client(resolver: Resolver, logical_id: str, props: dict) -> None:
    options = _options(resolver, props, _CLIENT_KEYS)
    client = boto3.client("cognito-idp")
    created = client.create_user_pool_client(
        UserPoolId=resolver.resolve(props["UserPoolId"]), ClientName=logical_id, **options
    )["UserPoolClient"]
    resolver.refs[logical_id] = created["ClientId"]


def create_user_pool_group(resolver: Resolver, logical_id: str, props: dict) -> None:
    if "GroupName" not in props:
        raise TemplateError(f"{logical_id}: give the group a GroupName")
    client = boto3.client("cognito-idp")
    client.create_group(
        UserPoolId=resolver.resolve(props["UserPoolId"]),
        GroupName=props["GroupName"],
        Description=resolver.resolve(props.get("Description", "")),
    )
    resolver.refs[logical_id] = props["GroupName"]
