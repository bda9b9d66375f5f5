"""Transport security: the Host/Origin policy, the bearer token on every route, CORS only when configured,
and the settings that configure them (flags, environment, refusals)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client, MCPError
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client

from coding_env_mcp.cli.compose import ConfigError
from coding_env_mcp.cli.main import main
from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.guards import HostPattern, HostPatternError, HostPolicy, parse_host_pattern
from coding_env_mcp.http.settings import (
    ACCESS_LOG_ENV,
    ALLOWED_HOSTS_ENV,
    CORS_ORIGINS_ENV,
    HOST_ENV,
    MAX_BODY_KB,
    PORT,
    SHUTDOWN_GRACE,
    STATELESS_ENV,
    TOKEN_ENV,
    HttpSettings,
    add_http_settings,
    http_settings,
)
from coding_env_mcp.sandbox import default_sandbox

from ..live_server import serve_in_thread

pytestmark = pytest.mark.anyio

TOKEN = "test-token-0123456789abcdef"
CORS_ORIGIN = "https://app.example.com"
PUBLIC_HOST = "review.example.com"

# -- the policy, as pure functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("example.com", HostPattern("example.com")),
        ("Example.COM:8443", HostPattern("example.com", 8443)),
        ("example.com:*", HostPattern("example.com")),
        ("10.0.0.5", HostPattern("10.0.0.5")),
        ("[::1]", HostPattern("[::1]")),
        ("[2001:db8::1]:8000", HostPattern("[2001:db8::1]", 8000)),
        ("*", None),
    ],
)
def test_host_patterns_parse(text: str, pattern: HostPattern | None) -> None:
    assert parse_host_pattern(text) == pattern


@pytest.mark.parametrize("text", ["", "http://example.com", "example.com:99999", "example.com:x", "::1", "[::1"])
def test_bad_host_patterns_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(HostPatternError, match=r"name|port"):
        parse_host_pattern(text)


def test_a_wildcard_bind_keeps_protection_on_with_loopback_names_only() -> None:
    for bind in ("0.0.0.0", "::"):
        policy = HostPolicy.for_bind(bind)
        assert not policy.any_host
        assert policy.host_allowed("localhost:8000")
        assert policy.host_allowed("127.0.0.1:8000")
        assert policy.host_allowed("[::1]:8000")
        assert not policy.host_allowed("0.0.0.0:8000")
        assert not policy.host_allowed("attacker.example:8000")


def test_the_bind_address_and_extra_names_are_allowed() -> None:
    policy = HostPolicy.for_bind("10.1.2.3", ["review.example.com", "other.example.com:8443"])
    assert policy.host_allowed("10.1.2.3:8000")
    assert policy.host_allowed("review.example.com")
    assert policy.host_allowed("REVIEW.example.com:443")
    assert policy.host_allowed("other.example.com:8443")
    assert not policy.host_allowed("other.example.com:8444")
    assert not policy.host_allowed("sub.review.example.com")
    assert not policy.host_allowed(None)
    assert not policy.host_allowed("review.example.com:abc")
    assert HostPolicy.for_bind("::1").host_allowed("[::1]:9000")
    assert HostPolicy.for_bind("0.0.0.0", ["*"]).any_host


def test_origins() -> None:
    policy = HostPolicy.for_bind("127.0.0.1", cors_origins=["https://app.example.com/"])
    assert policy.origin_allowed(None)
    assert policy.origin_allowed("http://localhost:6274")
    assert policy.origin_allowed("https://app.example.com")
    assert not policy.origin_allowed("https://attacker.example")
    assert not policy.origin_allowed("null")
    assert not policy.origin_allowed("file://")
    assert HostPolicy.for_bind("127.0.0.1", cors_origins=["*"]).origin_allowed("https://anything.example")


# -- settings ---------------------------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", default="http")
    add_http_settings(parser)
    return parser.parse_args(argv)


def test_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TOKEN", "HOST", "PORT", "ALLOWED_HOSTS", "CORS_ORIGINS", "STATELESS", "MAX_BODY_KB"):
        monkeypatch.delenv(f"CODING_ENV_MCP_{name}", raising=False)
    assert http_settings(parse([])) == HttpSettings()


def test_settings_from_the_environment_and_flags_winning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODING_ENV_MCP_ALLOWED_HOSTS", "a.example, b.example:8443")
    monkeypatch.setenv("CODING_ENV_MCP_CORS_ORIGINS", "https://app.example.com")
    monkeypatch.setenv("CODING_ENV_MCP_STATELESS", "true")
    monkeypatch.setenv("CODING_ENV_MCP_TOKEN", TOKEN)
    monkeypatch.setenv("CODING_ENV_MCP_PORT", "9001")
    settings = http_settings(parse(["--host", "0.0.0.0"]))
    assert settings.allowed_hosts == ("a.example", "b.example:8443")
    assert settings.cors_origins == ("https://app.example.com",)
    assert (settings.stateless, settings.token, settings.port, settings.host) == (True, TOKEN, 9001, "0.0.0.0")
    flagged = http_settings(parse(["--allowed-host", "c.example", "--port", "9002", "--max-body-kb", "64"]))
    assert (flagged.allowed_hosts, flagged.port, flagged.max_body_bytes) == (("c.example",), 9002, 64 * 1024)


@pytest.mark.parametrize(
    ("argv", "env", "named"),
    [
        (["--port", "70000"], {}, "--port"),
        (["--port", "http"], {}, "--port"),
        (["--allowed-host", "http://x.example"], {}, "http://x.example"),
        (["--cors-origin", "https://x.example/path"], {}, "--cors-origin"),
        ([], {"CODING_ENV_MCP_STATELESS": "maybe"}, "CODING_ENV_MCP_STATELESS"),
        ([], {"CODING_ENV_MCP_TOKEN": "two words"}, "CODING_ENV_MCP_TOKEN"),
        ([], {"CODING_ENV_MCP_MAX_BODY_KB": "0"}, "CODING_ENV_MCP_MAX_BODY_KB"),
    ],
)
def test_bad_settings_are_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], named: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=named.replace("*", r"\*")):
        http_settings(parse(argv))


def test_the_cli_refuses_bad_settings_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--transport", "http", "--port", "70000"]) == 2
    assert "--port 70000 is not a TCP port" in capsys.readouterr().err


# -- a live server with a token, CORS and a public host name -------------------------------------------------


@dataclass
class Guarded:
    url: str
    port: int


@pytest.fixture(scope="module")
def guarded(registry: TaskRegistry) -> Iterator[Guarded]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    settings = HttpSettings(
        host="0.0.0.0", token=TOKEN, cors_origins=(CORS_ORIGIN,), allowed_hosts=(PUBLIC_HOST,), stateless=True
    )
    with serve_in_thread(build_app(env, settings)) as url:
        yield Guarded(url, int(url.rsplit(":", 1)[1]))


AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROUTES = [("GET", "/health"), ("GET", "/tasks"), ("GET", "/grader?episode_id=x"), ("POST", "/mcp"), ("GET", "/sse")]
ROUTES += [("POST", "/messages/?session_id=00000000000000000000000000000000"), ("GET", "/nope")]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
async def test_every_route_requires_the_token(
    guarded: Guarded, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Content-Type": "application/json"} | ({"Authorization": authorization} if authorization else {})
    async with httpx2.AsyncClient(base_url=guarded.url, timeout=10) as http:
        response = await http.request(method, path, headers=headers, content=b"{}" if method == "POST" else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"] == "unauthorized"
    assert "CODING_ENV_MCP_TOKEN" in response.json()["detail"]


async def test_with_the_token_plain_routes_answer(guarded: Guarded) -> None:
    async with httpx2.AsyncClient(base_url=guarded.url, timeout=10, headers=AUTH) as http:
        health = await http.get("/health")
        assert health.status_code == 200
        assert health.json()["stateless"] is True
        assert (await http.get("/tasks")).json()["count"] >= 3
        assert (await http.get("/grader", params={"episode_id": "x"})).status_code == 404
        assert (await http.get("/health", headers={"Authorization": f"bearer {TOKEN}"})).status_code == 200


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_with_the_token_streamable_http_clients_play(guarded: Guarded, mode: str) -> None:
    with anyio.fail_after(30):
        async with (
            httpx2.AsyncClient(headers=AUTH, timeout=10) as http,
            Client(streamable_http_client(f"{guarded.url}/mcp", http_client=http), mode=mode) as client,
        ):
            observation = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
            episode_id = observation.structured_content["episode_id"]
            state = await client.call_tool("get_state", {"episode_id": episode_id})
    assert state.structured_content["task_id"] == "task_easy_1"


async def test_with_the_token_an_sse_client_plays(guarded: Guarded) -> None:
    with anyio.fail_after(30):
        async with Client(sse_client(f"{guarded.url}/sse", headers=AUTH), mode="legacy") as client:
            observation = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
    assert observation.structured_content["task_id"] == "task_easy_1"


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_without_the_token_mcp_clients_are_turned_away(guarded: Guarded, mode: str) -> None:
    """The SDK's client reports a refused connection as an MCPError (it does not surface the status)."""
    with anyio.fail_after(30), pytest.raises(BaseException) as caught:
        async with Client(f"{guarded.url}/mcp", mode=mode) as client:
            await client.call_tool("list_tasks", {})
    assert any(isinstance(leaf, MCPError) for leaf in _leaves(caught.value)), caught.value


async def test_configured_host_names_are_accepted_and_others_refused(guarded: Guarded) -> None:
    async with httpx2.AsyncClient(base_url=guarded.url, timeout=10, headers=AUTH) as http:
        assert (await http.get("/health", headers={"Host": PUBLIC_HOST})).status_code == 200
        assert (await http.get("/health", headers={"Host": f"{PUBLIC_HOST}:8443"})).status_code == 200
        assert (await http.get("/health", headers={"Host": f"localhost:{guarded.port}"})).status_code == 200
        refused = await http.get("/health", headers={"Host": f"0.0.0.0:{guarded.port}"})
        assert refused.status_code == 421


async def test_cors_only_for_the_configured_origin(guarded: Guarded) -> None:
    preflight_headers = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    async with httpx2.AsyncClient(base_url=guarded.url, timeout=10) as http:
        preflight = await http.options("/mcp", headers={"Origin": CORS_ORIGIN, **preflight_headers})
        assert preflight.status_code == 200  # answered before the token check: preflights carry no credentials
        assert preflight.headers["access-control-allow-origin"] == CORS_ORIGIN
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        actual = await http.get("/health", headers={"Origin": CORS_ORIGIN, **AUTH})
        assert actual.status_code == 200
        assert actual.headers["access-control-allow-origin"] == CORS_ORIGIN
        foreign = await http.options("/mcp", headers={"Origin": "https://attacker.example", **preflight_headers})
        assert foreign.status_code == 403
        assert "access-control-allow-origin" not in foreign.headers


def test_every_http_setting_is_documented_in_the_container_doc() -> None:
    container = (Path(__file__).resolve().parents[2] / "docs" / "container.md").read_text()
    parser = argparse.ArgumentParser()
    add_http_settings(parser)
    flags = [option for action in parser._actions for option in action.option_strings if option not in ("-h", "--help")]
    names = [*flags, "--transport", TOKEN_ENV, ALLOWED_HOSTS_ENV, CORS_ORIGINS_ENV, STATELESS_ENV, ACCESS_LOG_ENV]
    names += [PORT.env, MAX_BODY_KB.env, SHUTDOWN_GRACE.env, HOST_ENV]
    missing = [name for name in names if f"`{name}`" not in container]
    assert not missing, f"docs/container.md does not document {missing}"
