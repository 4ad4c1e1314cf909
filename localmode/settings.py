"""Local mode's settings, read once from environment variables (the README lists them)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Fake credentials and a region: local mode must never reach a real AWS account.
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}


class SettingsError(ValueError):
    """A variable holds a value local mode cannot use; the message names it."""


@dataclass(frozen=True)
class Seed:
    kind: str  # "chinook", "none" or "synthetic"
    count: int = 0

    @classmethod
    def parse(cls, text: str) -> Seed:
        value = text.strip().lower()
        if value in ("chinook", "none"):
            return cls(kind=value)
        if value.startswith("synthetic:"):
            count = value.removeprefix("synthetic:")
            if count.isdigit() and int(count) > 0:
                return cls(kind="synthetic", count=int(count))
        raise SettingsError(
            f"SEED={text!r}: use 'chinook' (default), 'none' or 'synthetic:N' with N > 0"
        )


@dataclass(frozen=True)
class Settings:
    port: int
    dynamodb_port: int
    moto_port: int
    state_dir: Path
    seed: Seed

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            port=_port(environ, "PORT", 3000),
            dynamodb_port=_port(environ, "DYNAMODB_PORT", 8010),
            moto_port=_port(environ, "MOTO_PORT", 5010),
            state_dir=Path(environ.get("STATE_DIR") or ".local").resolve(),
            seed=Seed.parse(environ.get("SEED") or "chinook"),
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def moto_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    @property
    def token_file(self) -> Path:
        return self.state_dir / "admin-token"

    @property
    def ready_file(self) -> Path:
        return self.state_dir / "ready"


def _port(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name) or str(default)
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"{name}={text!r} is not a TCP port (1..65535)")
    return int(text)
