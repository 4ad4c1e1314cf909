"""Import the template's handlers by file path and call them as Lambda would."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from localmode.settings import ACCOUNT_ID, REGION
from localmode.template import FunctionSpec

# One import at a time: sys.path, sys.modules and os.environ are process-wide.
_IMPORT_LOCK = threading.Lock()


class FunctionFailed(Exception):
    """The handler raised or answered something Lambda could not return."""


@dataclass
class LambdaContext:
    """The parts of Lambda's context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(int((self.timeout_s - elapsed) * 1000), 0)


class LocalFunction:
    """One function of the template; like one warm Lambda instance, it runs one event
    at a time (handlers keep per-request state in module globals, as Powertools does)."""

    def __init__(self, spec: FunctionSpec, environment: dict[str, str]) -> None:
        self.spec = spec
        self._environment = environment
        self._module: ModuleType | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.spec.logical_id

    @property
    def module(self) -> ModuleType:
        if self._module is None:
            self._module = import_handler_module(self.spec, self._environment)
        return self._module

    def handler(self) -> Callable[[dict, Any], Any]:
        function_name = self.spec.handler.rsplit(".", 1)[1]
        return getattr(self.module, function_name)

    def invoke(self, event: dict[str, Any]) -> Any:
        """Call the handler with a JSON copy of the event; answer what Lambda would return."""
        handler = self.handler()
        context = LambdaContext(self.name, self.spec.memory_mb, self.spec.timeout_s)
        with self._lock:
            try:
                result = handler(json.loads(json.dumps(event)), context)
            except Exception as error:
                traceback.print_exc()
                raise FunctionFailed(f"{self.name} raised {type(error).__name__}") from error
        try:
            return json.loads(json.dumps(result))
        except (TypeError, ValueError) as error:
            raise FunctionFailed(f"{self.name} answered something not JSON") from error


def import_handler_module(spec: FunctionSpec, environment: dict[str, str]) -> ModuleType:
    module_path, _ = spec.handler.rsplit(".", 1)
    source = spec.code_dir / (module_path.replace(".", "/") + ".py")
    if not source.exists():
        raise FunctionFailed(f"{spec.logical_id}: {source} does not exist")
    # Every function's module is called app.py: give each a name of its own.
    unique_name = f"localfn_{spec.logical_id}_{module_path.replace('.', '_')}"
    with _IMPORT_LOCK, _function_folder_first(spec.code_dir), _environment(environment):
        module_spec = importlib.util.spec_from_file_location(unique_name, source)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[unique_name] = module
        try:
            module_spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[unique_name]
            raise
    return module


@contextmanager
def _function_folder_first(folder: Path):
    """Import the function's own modules from its folder, then forget them by name, so
    that another function's module of the same name (models.py, say) is not mistaken
    for this one's. The loaded handler keeps its references."""
    before = set(sys.modules)
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
        for name in set(sys.modules) - before:
            file = getattr(sys.modules[name], "__file__", None) or ""
            if file.startswith(str(folder) + os.sep) and not name.startswith("localfn_"):
                del sys.modules[name]


@contextmanager
def _environment(variables: dict[str, str]):
    """The function's own variables while its module loads (settings read at cold start)."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
