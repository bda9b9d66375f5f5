"""openai-agents, as an agent built with it runs the server: its stdio MCP client with every default.

Its default call timeout is 5 s; `run_python`'s default limit sits below it, so a runaway cell comes back as a
timed-out result the agent can read, not as a client-side `tools/call timed out` that loses the output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from agents.mcp import MCPServerStdio

from coding_env_mcp.settings import DEFAULT_RUN_TIMEOUT_S

pytestmark = pytest.mark.anyio


async def test_a_runaway_cell_returns_a_timeout_result_within_the_clients_default():
    server = MCPServerStdio({"command": sys.executable, "args": ["-m", "coding_env_mcp"]})
    assert server.client_session_timeout_seconds > DEFAULT_RUN_TIMEOUT_S
    with anyio.fail_after(90):
        async with server:
            names = {tool.name for tool in await server.list_tools()}
            assert {"reset_episode", "run_python", "submit_review"} <= names
            reset = await server.call_tool("reset_episode", {"task_id": "task_easy_1"})
            episode_id = reset.structured_content["episode_id"]
            await server.call_tool("run_python", {"episode_id": episode_id, "code": "kept = 41"})

            runaway = await server.call_tool("run_python", {"episode_id": episode_id, "code": "while True: pass"})
            assert not runaway.is_error
            run = runaway.structured_content
            assert run["timed_out"] and run["state_lost"]
            assert run["duration_s"] < server.client_session_timeout_seconds

            rerun = await server.call_tool("run_python", {"episode_id": episode_id, "code": "print(kept + 1)"})
            after = rerun.structured_content
            assert after["stdout"] == "42\n" and after["restored"]


def test_the_openai_agents_example_plays_a_clean_and_a_buggy_pr_without_a_key():
    """examples/openai_agents_review.py's scripted policy (no OPENAI_API_KEY): import checks, then approve."""
    example = Path(__file__).resolve().parents[2] / "examples" / "openai_agents_review.py"
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")}
    grades = {}
    for task_id in ("task_easy_1", "task_032"):
        done = subprocess.run(
            [sys.executable, str(example), task_id], capture_output=True, text=True, timeout=120, env=env
        )
        assert done.returncode == 0, done.stderr
        assert f"== {task_id}:" in done.stdout and "import " in done.stdout
        grades[task_id] = done.stdout.rsplit("grade: ", 1)[1].split()[0]
    assert grades == {"task_easy_1": "0.01", "task_032": "0.99"}  # abstention: buggy earns nothing, clean full
