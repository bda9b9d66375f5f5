"""server.json, what the official MCP registry lists: valid against the registry's schema and true to this package.

The schema is vendored (tests/fixtures/mcp_registry/, with its source commit) so the check runs offline. Beyond
the schema, the listing must not drift from the code: its version is the package's, every environment variable it
offers exists in settings.py with the default and choices the server really takes, and the name it is published
under is the one the PyPI README and the image's label carry (the registry's proof that the publisher owns them).
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from coding_env_mcp import __version__, settings
from coding_env_mcp.models import FEEDBACK_MODES
from coding_env_mcp.sandbox.levels import AUTO, LEVELS

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "tests" / "fixtures" / "mcp_registry" / "server.schema.json").read_text())
SERVER = json.loads((REPO / "server.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def package(registry_type: str) -> dict[str, Any]:
    return next(entry for entry in SERVER["packages"] if entry["registryType"] == registry_type)


def variables() -> list[dict[str, Any]]:
    return [variable for entry in SERVER["packages"] for variable in entry.get("environmentVariables", [])]


def test_server_json_is_valid_against_the_registry_schema():
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATOR.iter_errors(SERVER)]
    assert errors == []


def test_the_validator_applies_the_schema():
    """A check that passes everything proves nothing: documents the registry rejects fail here too."""
    for broken in ({"name": "no-namespace"}, {"description": "x" * 101}, {"version": None}):
        assert not VALIDATOR.is_valid(SERVER | broken)
    latest = copy.deepcopy(SERVER)
    latest["packages"][0]["version"] = "latest"
    assert not VALIDATOR.is_valid(latest)


def test_it_declares_the_schema_version_the_vendored_schema_was_cut_for():
    declared = SERVER["$schema"]
    assert re.fullmatch(
        r"https://static\.modelcontextprotocol\.io/schemas/\d{4}-\d{2}-\d{2}/server\.schema\.json", declared
    )
    assert declared == SCHEMA["definitions"]["ServerDetail"]["properties"]["$schema"]["example"]
    assert declared >= "https://static.modelcontextprotocol.io/schemas/2025-10-17/"  # not a superseded version


def test_its_version_is_the_packages():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == package("pypi")["identifier"]
    assert SERVER["version"] == package("pypi")["version"] == __version__
    assert package("oci")["identifier"].endswith(f":{__version__}")


def test_the_transports_are_the_ones_the_package_and_image_serve():
    assert package("pypi")["transport"] == {"type": "stdio"}  # `coding-env-mcp` with no arguments
    oci = package("oci")
    port = settings.PORT.default
    assert oci["transport"]["type"] == "streamable-http"
    assert oci["transport"]["url"] == f"http://localhost:{port}/mcp"
    assert {"type": "named", "name": "-p", "value": f"{port}:{port}"} in oci["runtimeArguments"]
    assert f"EXPOSE {port}" in (REPO / "Dockerfile").read_text()


def test_every_environment_variable_exists_in_settings():
    names = {value for name, value in vars(settings).items() if name.endswith("_ENV") and isinstance(value, str)}
    every = (*settings.SETTINGS, *settings.HTTP_SETTINGS)
    names |= {setting.env for setting in every}
    offered = [variable["name"] for variable in variables()]
    assert set(offered) <= names, set(offered) - names
    assert all(variable.get("description") for variable in variables())


def test_defaults_and_choices_are_what_the_server_takes():
    defaults = {setting.env: setting.default for setting in settings.SETTINGS}
    defaults[settings.RETENTION_ENV] = settings.DEFAULT_RETENTION_DAYS
    for variable in variables():
        if "default" in variable and variable["name"] in defaults:
            assert float(variable["default"]) == defaults[variable["name"]], variable["name"]
    choices = {variable["name"]: variable.get("choices") for variable in variables()}
    assert choices[settings.FEEDBACK_ENV] == list(FEEDBACK_MODES)
    assert choices[settings.ISOLATION_ENV] == [AUTO, *LEVELS]
    assert choices[settings.REQUIRE_ISOLATION_ENV] == list(LEVELS)
    token = next(variable for variable in variables() if variable["name"] == settings.TOKEN_ENV)
    assert token["isSecret"]


@pytest.mark.parametrize(
    ("where", "marker"),
    [("README.md", "mcp-name: {name}"), ("Dockerfile", 'LABEL io.modelcontextprotocol.server.name="{name}"')],
)
def test_the_published_name_is_claimed_where_the_registry_looks(where: str, marker: str):
    """The registry checks a PyPI package's README for `mcp-name:` and an image for this label."""
    assert marker.format(name=SERVER["name"]) in (REPO / where).read_text()
