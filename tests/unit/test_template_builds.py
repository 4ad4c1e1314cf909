"""What `sam build` makes of template.yaml runs what the tests ran."""

from __future__ import annotations

import re
from pathlib import Path

from localmode import template

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(3)
    return found


def test_the_layer_pins_every_package_at_the_version_the_tests_run_with() -> None:
    # GIVEN the layer's requirements and the pinned development environment
    layer = pins(ROOT / "layers" / "common" / "requirements.txt")
    development = pins(ROOT / "requirements" / "dev.txt")

    # WHEN each of the layer's packages is looked up among the tested ones
    differing = {
        name: (version, development.get(name))
        for name, version in layer.items()
        if development.get(name) != version
    }

    # THEN the deployed layer holds exactly what the tests ran against
    assert layer, "the layer pins nothing"
    assert differing == {}


def test_the_layer_is_built_for_the_functions_runtime_and_architecture() -> None:
    # GIVEN template.yaml
    parsed = template.load()
    function_globals = parsed["Globals"]["Function"]
    ((_, layer),) = [
        (logical_id, resource)
        for logical_id, resource in parsed["Resources"].items()
        if resource["Type"] == "AWS::Serverless::LayerVersion"
    ]

    # WHEN the layer's build settings are read
    metadata, properties = layer["Metadata"], layer["Properties"]

    # THEN compiled packages in it (pydantic-core) match what the functions run on
    assert metadata["BuildMethod"] == function_globals["Runtime"]
    assert [metadata["BuildArchitecture"]] == function_globals["Architectures"]
    assert properties["CompatibleArchitectures"] == function_globals["Architectures"]
    assert function_globals["Runtime"] in properties["CompatibleRuntimes"]
