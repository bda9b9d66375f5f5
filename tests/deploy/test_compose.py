"""deploy/compose.yaml, validated offline against the Compose specification's JSON schema (the copy the
`check-jsonschema` package vendors), then what the schema cannot know: what it builds, mounts and depends on
exists, the replicas reach the PostgreSQL service it defines, and HAProxy accepts its config with the
environment the file gives it."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from importlib.resources import files
from typing import Any

import jsonschema
import pytest
import yaml

from coding_env_mcp.settings import DB_ENV, SETTINGS, SHUTDOWN_GRACE, TOKEN_ENV

from .support import DEPLOY, require_tool
from .test_haproxy import CONFIG, INSTALL, haproxy_env

COMPOSE = DEPLOY / "compose.yaml"
# What `deploy/.env` would hold; interpolation needs a value for every required variable.
DOT_ENV = {"POSTGRES_PASSWORD": "0123abcd" * 8, TOKEN_ENV: "fedc9876" * 8}
_VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def compose_schema() -> dict[str, Any]:
    return json.loads((files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text())


def interpolate(text: str, values: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, as `docker compose` would with `values`."""

    def value(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in values:
            return values[name]
        if kind == "?":
            raise AssertionError(f"{name} is required: {rest}")
        return rest or ""

    return _VARIABLE.sub(value, text)


def test_compose_file_matches_the_compose_specification() -> None:
    validator = jsonschema.Draft202012Validator(compose_schema())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose())]
    assert not errors, errors


def test_the_schema_rejects_a_misspelt_key() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["replica"]["stop_grace_periods"] = "70s"
    assert not jsonschema.Draft202012Validator(compose_schema()).is_valid(broken)


def test_every_required_variable_says_how_to_set_it() -> None:
    required = {m.group(1) for m in _VARIABLE.finditer(COMPOSE.read_text()) if m.group(2) == "?"}
    assert required == set(DOT_ENV)
    with pytest.raises(
        AssertionError, match=re.escape("POSTGRES_PASSWORD is required: set POSTGRES_PASSWORD in deploy/.env")
    ):
        interpolate(COMPOSE.read_text(), {})


def test_what_it_builds_mounts_and_depends_on_exists() -> None:
    spec = compose()
    services = spec["services"]
    build = services["replica"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    for name, service in services.items():
        for dependency in service.get("depends_on", []):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), f"{name} mounts missing {source}"
            else:
                assert source in spec["volumes"], f"{name} mounts undeclared volume {source}"
    assert services["haproxy"]["volumes"] == [f"./haproxy/{CONFIG.name}:/usr/local/etc/haproxy/haproxy.cfg:ro"]


def test_replicas_share_the_postgres_service_and_token() -> None:
    spec = yaml.safe_load(interpolate(COMPOSE.read_text(), DOT_ENV))
    postgres = spec["services"]["postgres"]["environment"]
    replica = spec["services"]["replica"]
    url = replica["environment"][DB_ENV]
    user, password, db = postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]
    assert url == f"postgresql://{user}:{password}@postgres:5432/{db}"
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert (
        replica["environment"][TOKEN_ENV] == spec["services"]["haproxy"]["environment"][TOKEN_ENV] == DOT_ENV[TOKEN_ENV]
    )
    assert "ports" not in replica, "replicas are reached through HAProxy only"


def test_stop_grace_covers_the_drain() -> None:
    grace = compose()["services"]["replica"]["stop_grace_period"]
    max_run = next(s for s in SETTINGS if s.flag == "--max-run-timeout").default
    assert int(grace.removesuffix("s")) >= SHUTDOWN_GRACE.default + max_run


def test_haproxy_accepts_its_config_with_the_environment_compose_gives_it() -> None:
    haproxy = require_tool("haproxy", INSTALL)
    environment = yaml.safe_load(interpolate(COMPOSE.read_text(), DOT_ENV))["services"]["haproxy"]["environment"]
    assert environment["CODING_ENV_MCP_LB_REPLICAS_DNS"] == "replica:8000"  # the service name and the image's port
    # The maxconn compose asks for needs the raised open-file limit compose gives the container.
    variables = {key: str(value) for key, value in environment.items() if key != "CODING_ENV_MCP_LB_MAXCONN"}
    result = subprocess.run(
        [haproxy, "-c", "-f", str(CONFIG)], env=haproxy_env(**variables), capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
