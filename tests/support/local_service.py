"""Start local mode (`python -m localmode`) as a subprocess for tests, on free ports with a
state folder of its own, so that tests run beside a developer's `make run`.

    service = start_local_service(seed="chinook")
    try:
        ...  # service.url, service.token, service.state_dir
    finally:
        service.stop()

Browser and end-to-end tests import this module: keep its names stable.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Chinook takes about a minute on these machines (471 writes through the handlers plus
# the stream); a cold JVM and imports add a few seconds.
READY_TIMEOUT_S = 240.0


class LocalServiceFailed(RuntimeError):
    """Local mode exited or did not get ready; the message ends with its log."""


@dataclass
class LocalService:
    url: str  # "http://127.0.0.1:<port>" without a trailing slash
    state_dir: Path
    process: subprocess.Popen
    log_file: Path
    ports: dict[str, int] = field(default_factory=dict)
    _owns_state_dir: bool = False

    @property
    def token(self) -> str:
        """The admin token as local mode last wrote it (it refreshes it while running)."""
        return (self.state_dir / "admin-token").read_text(encoding="utf-8").strip()

    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop as Ctrl-C does; the state folder stays unless this helper made it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._owns_state_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self) -> LocalService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_service(
    seed: str = "chinook",
    state_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = READY_TIMEOUT_S,
) -> LocalService:
    """Start local mode and wait until it has loaded its seed and reports ready.

    With `state_dir` None, a temporary folder is made and removed on stop(); pass a folder
    to keep the data across a stop and a new start.
    """
    owns = state_dir is None
    if state_dir is None:
        state_dir = Path(tempfile.mkdtemp(prefix="localmode-"))
    state_dir.mkdir(parents=True, exist_ok=True)
    ports = {"PORT": free_port(), "DYNAMODB_PORT": free_port(), "MOTO_PORT": free_port()}
    env = _environment(ports, state_dir, seed, extra_env or {})
    log_file = state_dir / "local-mode.log"
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "localmode"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    service = LocalService(
        url=f"http://127.0.0.1:{ports['PORT']}",
        state_dir=state_dir,
        process=process,
        log_file=log_file,
        ports=ports,
        _owns_state_dir=owns,
    )
    _wait_until_ready(service, timeout)
    return service


def _environment(
    ports: dict[str, int], state_dir: Path, seed: str, extra: dict[str, str]
) -> dict[str, str]:
    # The test session's own AWS and Powertools variables (fake credentials, DynamoDB
    # Local of the data-layer tests) must not leak into the service under test.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "POWERTOOLS_"))
    }
    paths = [str(ROOT / "layers" / "common"), str(ROOT)]
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update({name: str(port) for name, port in ports.items()})
    env.update({"STATE_DIR": str(state_dir), "SEED": seed, "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def _wait_until_ready(service: LocalService, timeout: float) -> None:
    """Ready once local mode writes STATE_DIR/ready (after seeding) and answers HTTP."""
    deadline = time.monotonic() + timeout
    ready_file = service.state_dir / "ready"
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            message = _failure("local mode exited", service)
            service.stop()
            raise LocalServiceFailed(message)
        if ready_file.exists() and _answers(f"{service.url}/openapi.json"):
            return
        time.sleep(0.2)
    message = _failure(f"local mode was not ready within {timeout:.0f} s", service)
    service.stop()
    raise LocalServiceFailed(message)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def _failure(what: str, service: LocalService) -> str:
    return f"{what} (exit code {service.process.poll()}); its log:\n{service.log()[-6000:]}"
