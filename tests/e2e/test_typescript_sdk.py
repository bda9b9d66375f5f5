"""A whole episode played through the official MCP TypeScript SDK, over stdio and over streamable HTTP.

`@modelcontextprotocol/sdk` (pinned, installed once into pytest's cache from the npm registry) runs
typescript/play_episode.mjs under node: reset_episode on task_easy_1, a file resource, run_python, the answer
key's finding, finish_episode with request_changes, get_grade. Over stdio the SDK starts the server itself
(`python -m coding_env_mcp` with this venv's interpreter, and only the variables the SDK passes on); over HTTP it
sends the bearer token through `requestInit.headers`, to a server that requires it, stateful and stateless. The
script prints what it got as JSON, checked here. Skips without node, npm or the registry, except under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import TASKS_DIR, perfect_findings
from ..live_server import serve_in_thread

pytestmark = pytest.mark.slow

SDK_VERSION = "1.32.2"  # the newest 1.x on the npm registry
SDK = f"@modelcontextprotocol/sdk@{SDK_VERSION}"
SCRIPT = Path(__file__).parent / "typescript" / "play_episode.mjs"
TOKEN = "typescript-sdk-token-0123456789abcdef"
TASK_ID = "task_easy_1"
REQUEST_TIMEOUT_S = 30
EPISODE_TIMEOUT_S = 120
# the PR's module, imported in the sandbox: its line count must be the file resource's
CODE = "import pathlib, app.pagination as module\nprint(len(pathlib.Path(module.__file__).read_text().splitlines()))"


def unavailable(reason: str) -> None:
    """Skip where a tool or registry is missing, except under CI, which must run these."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def node_modules(request: pytest.FixtureRequest) -> Path:
    """The SDK installed into pytest's cache (once per version), as a node_modules folder."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        unavailable("node and npm are not installed")
    home = request.config.cache.mkdir(f"mcp-typescript-sdk-{SDK_VERSION}")
    package = home / "node_modules" / "@modelcontextprotocol" / "sdk" / "package.json"
    if not package.exists() or json.loads(package.read_text())["version"] != SDK_VERSION:
        install = [npm, "install", "--prefix", str(home), "--no-audit", "--no-fund", "--no-save", SDK]
        done = subprocess.run(install, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            unavailable(f"cannot install {SDK}: {done.stderr.strip()[-300:]}")
    return home / "node_modules"


@contextmanager
def http_server(registry: TaskRegistry, *, stateless: bool) -> Iterator[str]:
    with ReviewEnv(registry, default_sandbox(), EnvConfig()) as env:
        settings = HttpSettings(host="127.0.0.1", token=TOKEN, stateless=stateless)
        with serve_in_thread(build_app(env, settings), settings) as url:
            yield f"{url}/mcp"


@contextmanager
def target(transport: str, registry: TaskRegistry) -> Iterator[dict[str, Any]]:
    """How the script reaches the server: the command the SDK spawns, or a live URL and its token header."""
    if transport == "stdio":
        scratch = {name: os.environ[name] for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME") if name in os.environ}
        yield {"transport": "stdio", "command": sys.executable, "args": ["-m", "coding_env_mcp"], "env": scratch}
        return
    with http_server(registry, stateless=transport == "http-stateless") as url:
        yield {"transport": "http", "url": url, "headers": {"Authorization": f"Bearer {TOKEN}"}}


def play(node_modules: Path, workdir: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """Run the script next to the SDK's node_modules (ES modules resolve from the script's folder)."""
    shutil.copy(SCRIPT, workdir / SCRIPT.name)
    (workdir / "node_modules").symlink_to(node_modules.resolve(), target_is_directory=True)
    spec = {**spec, "timeout_ms": REQUEST_TIMEOUT_S * 1000, "overall_timeout_ms": EPISODE_TIMEOUT_S * 1000}
    command = [shutil.which("node") or "node", SCRIPT.name, json.dumps(spec)]
    try:
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=EPISODE_TIMEOUT_S + 30)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"node did not exit within {EPISODE_TIMEOUT_S + 30}s; stderr:\n{exc.stderr}")
    assert done.returncode == 0, f"the TypeScript client failed ({done.returncode}); stderr:\n{done.stderr}"
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the TypeScript client printed no JSON: {done.stdout!r}; stderr:\n{done.stderr}")


@pytest.mark.parametrize("transport", ["stdio", "http", "http-stateless"])
def test_the_typescript_sdk_plays_an_episode(
    transport: str, node_modules: Path, registry: TaskRegistry, tmp_path: Path
) -> None:
    task = registry.get(TASK_ID)
    [finding] = perfect_findings(task)
    with target(transport, registry) as where:
        outcome = play(node_modules, tmp_path, {**where, "task_id": TASK_ID, "finding": finding, "code": CODE})
    context = json.dumps(outcome, indent=1)[:4000]

    assert outcome["protocol_version"] == "2025-11-25", context  # the newest the SDK 1.x speaks
    assert outcome["server"]["name"], context
    assert {"reset_episode", "run_python", "submit_review", "finish_episode", "get_grade"} <= set(outcome["tools"])

    observation = outcome["observation"]
    episode_id = observation["episode_id"]
    assert (observation["task_id"], observation["step_count"], observation["done"]) == (TASK_ID, 0, False), context

    on_disk = (TASKS_DIR / TASK_ID / "files" / finding["file_path"]).read_text()
    resource = outcome["resource"]
    assert resource["uri"] == f"task://{TASK_ID}/files/{finding['file_path']}", context
    assert resource["text"] == on_disk, context

    run = outcome["run"]
    assert (run["exit_code"], run["stdout"].strip()) == (0, str(len(on_disk.splitlines()))), context

    step = outcome["step"]
    assert (step["episode_id"], step["step_count"], step["done"]) == (episode_id, 1, False), context
    assert step["reward"] >= 0.95, context

    for grade in (outcome["finished"], outcome["grade"]):
        assert grade["episode_id"] == episode_id, context
        assert grade["done"] is True, context
        assert grade["score"] >= 0.95, context
        assert grade["issues_found"] == grade["issues_total"] == 1, context
    assert outcome["grade"] == outcome["finished"], context
