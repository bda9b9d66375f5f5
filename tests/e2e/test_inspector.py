"""The MCP Inspector's CLI, a third-party client, against the HTTP app over streamable HTTP and SSE.

Opt-in (`CODING_ENV_MCP_TEST_INSPECTOR=1`): `npx` fetches the Inspector from the npm registry on first use
(about 20 s), which a test suite should not depend on. Its CLI (2.x) cannot send headers, so it runs against a
server without a token.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..live_server import serve_in_thread

NPX = shutil.which("npx")
pytestmark = pytest.mark.skipif(
    os.environ.get("CODING_ENV_MCP_TEST_INSPECTOR") != "1" or NPX is None,
    reason="set CODING_ENV_MCP_TEST_INSPECTOR=1 (needs npx and the npm registry) to run the MCP Inspector CLI",
)


@pytest.fixture(scope="module")
def url(registry: TaskRegistry) -> Iterator[str]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings())) as base:
        yield base


def inspector(target: str, transport: str, *args: str) -> dict:
    command = [NPX or "npx", "-y", "@modelcontextprotocol/inspector", "--cli", target, "--transport", transport]
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("path", "transport"), [("/mcp", "http"), ("/sse", "sse")])
def test_inspector_lists_tools_and_starts_an_episode(url: str, path: str, transport: str) -> None:
    tools = inspector(url + path, transport, "--method", "tools/list")
    assert {"reset_episode", "submit_review", "get_grade", "run_python"} <= {tool["name"] for tool in tools["tools"]}
    called = inspector(
        url + path,
        transport,
        "--method",
        "tools/call",
        "--tool-name",
        "reset_episode",
        "--tool-arg",
        "task_id=task_easy_1",
    )
    assert called.get("isError") is not True
    assert called["structuredContent"]["task_id"] == "task_easy_1"
