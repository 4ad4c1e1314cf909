"""Start the whole service on 127.0.0.1 from template.yaml, load sample data, serve until
Ctrl-C. The order matters: the handlers and the common layer read their table names and
endpoints from the environment when they are imported, so every engine is up and the
environment is set before the first handler is imported."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import boto3
from werkzeug.serving import make_server

from localmode import dynamodb_local, resources, seed, template
from localmode.auth import StaffSession, TokenVerifier, UserPool
from localmode.functions import LocalFunction
from localmode.gateway import Cors, Gateway
from localmode.settings import FAKE_CREDENTIALS, Settings, SettingsError
from localmode.streams import StreamConsumer

# Variables that could point boto3 at a real account or change its endpoints.
_FOREIGN_AWS_VARIABLES = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
)


class Stopping(BaseException):
    """Raised in the main thread by SIGINT or SIGTERM: unwind and stop everything.
    A BaseException, so that no `except Exception` on the way swallows it."""


class StartupError(RuntimeError):
    """Local mode cannot start; the message says why and what to do."""


def main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"local mode: {error}", file=sys.stderr)
        return 2
    _stop_on_signals()
    with ExitStack() as running:
        try:
            run(settings, running)
            while True:
                time.sleep(3600)
        except Stopping:
            print("\nlocal mode: stopping")
        except (StartupError, template.TemplateError) as error:
            print(f"local mode: {error}", file=sys.stderr)
            return 1
        finally:
            # A second Ctrl-C while stopping must not leave Java or a thread behind.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            settings.ready_file.unlink(missing_ok=True)
    print("local mode: stopped")
    return 0


def _stop_on_signals() -> None:
    def stop(_signum: int, _frame: Any) -> None:
        raise Stopping

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def run(settings: Settings, running: ExitStack) -> None:
    started = time.monotonic()
    _check_ports_free(settings)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    settings.ready_file.unlink(missing_ok=True)
    parsed = template.load()
    _isolate_from_aws(settings, parsed)
    running.callback(_start_moto(settings).stop)
    warning = _start_dynamodb(settings, running)
    resolver = template.Resolver(parsed)
    # The API answers the page's own origin, whatever PORT is (the default is for 3000).
    resolver.refs["AdminOrigin"] = settings.url.rstrip("/")
    for line in [*resources.create_all(resolver, settings.state_dir), warning]:
        if line:
            print(f"local mode: WARNING: {line}")
    functions = _load_functions(parsed, resolver)
    session = _sign_in_staff(parsed, resolver, settings)
    running.callback(session.stop)
    gateway = _gateway(parsed, resolver, functions, session, settings)
    running.callback(_serve(gateway, settings))
    consumers = _start_streams(parsed, resolver, functions, settings)
    for consumer in consumers:
        running.callback(consumer.stop)
    _seed_if_empty(settings, gateway, session, consumers)
    _announce(settings, time.monotonic() - started)


# --- engines and environment ----------------------------------------------------------------


def _check_ports_free(settings: Settings) -> None:
    # DynamoDB Local's start-up check only connects: on a taken port it would quietly use
    # whatever already listens there (another local mode's data, say).
    ports = {
        "PORT": settings.port,
        "DYNAMODB_PORT": settings.dynamodb_port,
        "MOTO_PORT": settings.moto_port,
    }
    if len(set(ports.values())) != len(ports):
        raise StartupError(f"the ports must differ: {ports}")
    for name, port in ports.items():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as error:
                raise StartupError(
                    f"port {port} is taken ({error.strerror}); set {name} to a free port"
                ) from error


def _isolate_from_aws(settings: Settings, parsed: dict) -> None:
    for name in _FOREIGN_AWS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_ENDPOINT_URL"] = settings.moto_endpoint
    # moto's Step Functions engine calls its own server back on this port.
    os.environ["MOTO_PORT"] = str(settings.moto_port)
    # There is no X-Ray daemon or CloudWatch here: traces and metric blobs are noise.
    os.environ["POWERTOOLS_TRACE_DISABLED"] = "true"
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    # With metrics off, every invocation would warn that it has none to publish.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    layer_paths = [str(path) for path in template.layer_dirs(parsed)]
    sys.path[:0] = [path for path in layer_paths if path not in sys.path]


def _start_moto(settings: Settings) -> Any:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=settings.moto_port, verbose=False)
    try:
        server.start()
    except OSError as error:
        raise StartupError(
            f"moto cannot listen on port {settings.moto_port} ({error}); "
            "set MOTO_PORT to a free port"
        ) from error
    return server


def _start_dynamodb(settings: Settings, running: ExitStack) -> str | None:
    """Start DynamoDB Local; answers a warning when moto's DynamoDB stands in for it."""
    try:
        engine = dynamodb_local.start(settings.dynamodb_port, settings.state_dir / "dynamodb")
    except dynamodb_local.DynamoDBLocalUnavailable as error:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = settings.moto_endpoint
        os.environ["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] = settings.moto_endpoint
        return (
            f"{error}\n  Falling back to moto's DynamoDB: the data lives in memory and "
            "is lost at exit, index queries scan the whole table, consumed capacity is "
            "not real. The orders stream is read from moto's streams."
        )
    running.callback(engine.stop)
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = engine.endpoint
    os.environ["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] = engine.endpoint
    return None


# --- functions, staff sign-in and the gateway -----------------------------------------------


def _load_functions(parsed: dict, resolver: template.Resolver) -> dict[str, LocalFunction]:
    """Set the environment the template gives the functions, then import every handler."""
    resolver.unresolved.clear()
    resolve = resolver.resolve_leniently
    os.environ.update(_strings(resolve(template.globals_environment(parsed))))
    specs = template.functions(parsed)
    own = {name: _strings(resolve(spec.environment)) for name, spec in specs.items()}
    for what in resolver.unresolved:
        print(
            f"local mode: WARNING: a function's variable uses {what}, which local mode "
            "does not create; it holds a placeholder"
        )
    os.environ.update(_shared_variables(own))
    functions = {name: LocalFunction(spec, own[name]) for name, spec in specs.items()}
    for function in functions.values():
        try:
            function.module  # noqa: B018 - import now, so the first request is not a cold start
        except Exception as error:  # the other functions still serve
            print(f"local mode: WARNING: {function.name} did not load: {error!r}")
    return functions


def _strings(variables: dict[str, Any]) -> dict[str, str]:
    return {name: str(value) for name, value in variables.items()}


def _shared_variables(own: dict[str, dict[str, str]]) -> dict[str, str]:
    """A function's own variables that no other function sets differently: those can
    live in the process environment for code that reads them after import."""
    values: dict[str, set[str]] = {}
    for variables in own.values():
        for name, value in variables.items():
            values.setdefault(name, set()).add(value)
    return {name: found.pop() for name, found in values.items() if len(found) == 1}


def _sign_in_staff(parsed: dict, resolver: template.Resolver, settings: Settings) -> StaffSession:
    pools = [name for name, _ in template.resources_of_type(parsed, "AWS::Cognito::UserPool")]
    clients = list(template.resources_of_type(parsed, "AWS::Cognito::UserPoolClient"))
    if len(pools) != 1 or len(clients) != 1:
        raise StartupError("template.yaml must declare one staff user pool and one client")
    pool = UserPool(
        pool_id=resolver.refs[pools[0]],
        client_id=resolver.refs[clients[0][0]],
        moto_endpoint=settings.moto_endpoint,
    )
    session = StaffSession(pool, settings.token_file)
    session.sign_in()
    session.keep_fresh()
    return session


def _gateway(
    parsed: dict,
    resolver: template.Resolver,
    functions: dict[str, LocalFunction],
    session: StaffSession,
    settings: Settings,
) -> Gateway:
    api = template.api_properties(parsed)
    return Gateway(
        routes=template.routes(parsed),
        functions=functions,
        verifier=TokenVerifier(session.pool),
        current_token=lambda: session.token,
        stage=str(resolver.resolve(api.get("StageName", "Prod"))),
        cors=Cors.from_api(resolver.resolve(api.get("Cors"))),
        gateway_responses=resolver.resolve_leniently(api.get("GatewayResponses")),
    )


def _serve(gateway: Gateway, settings: Settings) -> Any:
    try:
        server = make_server("127.0.0.1", settings.port, gateway, threaded=True)
    except (OSError, SystemExit) as error:
        raise StartupError(
            f"the gateway cannot listen on port {settings.port}; set PORT to a free port"
        ) from error
    thread = threading.Thread(target=server.serve_forever, name="gateway", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)

    return stop


# --- event sources, seeding -----------------------------------------------------------------


def _start_streams(
    parsed: dict,
    resolver: template.Resolver,
    functions: dict[str, LocalFunction],
    settings: Settings,
) -> list[StreamConsumer]:
    consumers = []
    for source in template.stream_sources(parsed):
        destination = source.failure_destination
        queue_url = _queue_url(resolver, destination) if destination else None
        consumer = StreamConsumer(
            source=source,
            function=functions[source.function_id],
            stream_arn=resolver.attributes[(source.table_id, "StreamArn")],
            checkpoint_file=settings.state_dir / "streams" / f"{source.function_id}.json",
            failure_queue_url=queue_url,
        )
        consumer.start()
        consumers.append(consumer)
    return consumers


def _queue_url(resolver: template.Resolver, destination: Any) -> str | None:
    arn = resolver.resolve(destination)
    if ":sqs:" not in arn:
        return None  # NOTE: only SQS destinations are delivered locally; others are logged
    return boto3.client("sqs").get_queue_url(QueueName=arn.rsplit(":", 1)[1])["QueueUrl"]


def _seed_if_empty(
    settings: Settings, gateway: Gateway, session: StaffSession, consumers: list
) -> None:
    if settings.seed.kind == "none":
        return
    feed = seed.OrderFeed(gateway, lambda: session.token)
    # Present while a load runs: a store stopped half-loaded is not empty, so it is not
    # loaded again; say so rather than serve it as if it were whole.
    unfinished = settings.state_dir / "seed-unfinished"
    try:
        if not seed.store_is_empty(feed):
            print("local mode: the store holds data; no sample data loaded")
            if unfinished.exists():
                print(
                    "local mode: WARNING: an earlier load of sample data was stopped "
                    f"half-way; delete {settings.state_dir} to start over"
                )
            return
        print(f"local mode: loading sample data ({settings.seed.kind})")
        unfinished.touch()
        with _quiet_function_logs():
            count = seed.load(settings.seed, feed)
        unfinished.unlink()
    except seed.SeedError as error:
        raise StartupError(f"loading sample data failed: {error}") from error
    print(f"local mode: {count} customers written; waiting for the order totals")
    for consumer in consumers:
        if not consumer.wait_caught_up():
            print("local mode: WARNING: the orders stream has not caught up yet")


@contextmanager
def _quiet_function_logs() -> Iterator[None]:
    """Hide the handlers' INFO lines (one per order) while the progress line runs."""
    service_logger = logging.getLogger(os.environ.get("POWERTOOLS_SERVICE_NAME", ""))
    level = service_logger.level
    service_logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        service_logger.setLevel(level)


def _announce(settings: Settings, elapsed: float) -> None:
    settings.ready_file.write_text(settings.url, encoding="utf-8")
    print(
        f"local mode: ready at {settings.url} (in {elapsed:.0f} s)\n"
        f"  admin token (a manager's, kept fresh while this runs): {settings.token_file}\n"
        f"  API docs: {settings.url}swagger\n"
        "  Ctrl-C stops it.",
        flush=True,
    )
