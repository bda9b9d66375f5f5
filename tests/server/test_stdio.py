"""The server as Claude Desktop or an agent framework runs it: a real subprocess speaking MCP over stdio."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from ..conftest import perfect_findings, serve_attached

pytestmark = pytest.mark.anyio

CONSOLE_SCRIPT = str(Path(sys.executable).parent / "coding-env-mcp")


@pytest.mark.parametrize(
    ("mode", "command", "args"),
    [
        ("auto", CONSOLE_SCRIPT, []),
        ("legacy", sys.executable, ["-m", "coding_env_mcp"]),
    ],
)
async def test_play_an_episode_over_stdio(mode, command, args, registry):
    task = registry.get("task_hard_1")
    params = StdioServerParameters(command=command, args=args)
    with anyio.fail_after(60):
        async with Client(params, mode=mode) as client:
            obs = (await client.call_tool("reset_episode", {"task_id": "task_hard_1"})).structured_content
            eid = obs["episode_id"]
            run = await client.call_tool(
                "run_python", {"episode_id": eid, "code": "from app.auth import service_tokens; print('ok')"}
            )
            assert run.structured_content["stdout"] == "ok\n"
            finding = {**perfect_findings(task)[0], "final": True}
            step = (await client.call_tool("submit_review", {"episode_id": eid, **finding})).structured_content
            assert step["done"] and step["reward"] == 0.99
            grade = (await client.call_tool("get_grade", {"episode_id": eid})).structured_content
            assert grade["score"] == 0.99 and grade["issues_total"] == 1
            bad = await client.call_tool("get_grade", {"episode_id": "nope"})
            assert bad.is_error and "unknown or expired episode" in bad.content[0].text
            diff = await client.read_resource("task://task_hard_1/diff")
            assert diff.contents[0].text.startswith("--- a/app/auth/service_tokens.py")


def test_stdout_carries_only_the_protocol():
    """Logs go to stderr and stdout stays empty; when the client leaves the server exits cleanly."""
    done = serve_attached(until="tasks over stdio")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "serving" in done.stderr and "tasks over stdio" in done.stderr


def test_the_server_caches_the_validated_suite_for_the_next_start(tmp_path: Path):
    cache = tmp_path / "cache"
    for _ in range(2):
        done = serve_attached("serve", "--task-cache", str(cache), until="tasks over stdio")
        assert done.returncode == 0, done.stderr
    (cached,) = cache.glob("tasks-*.json")
    assert cached.stat().st_size > 0 and "ignoring the task cache" not in done.stderr


def test_a_client_that_leaves_at_once_is_not_kept_waiting():
    """A client that only looks (its stdin closes right away) gets a clean exit without the suite being loaded."""
    done = subprocess.run([CONSOLE_SCRIPT], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "tasks over stdio" not in done.stderr


def test_example_client_plays_the_seed_tasks():
    example = Path(__file__).resolve().parents[2] / "examples" / "play_episode.py"
    done = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("grade: ") == 3 and "task_hard_1" in done.stdout
