"""pydantic-ai, as an agent built with it runs the server: examples/pydantic_ai_review.py through its MCP toolset.

pydantic-ai's `MCPToolset` is FastMCP's client (over this `mcp` SDK) started on a stdio transport. Both of the
example's paths run for real: the scripted policy with no key, and the LLM agent against a scripted
chat-completions endpoint on 127.0.0.1 (tests/fake_chat.py) standing in for the model.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..fake_chat import FakeChatEndpoint, Reply, completion, text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pydantic_ai_review.py"


def run_example(task_id: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """The example as a user runs it, with OPENAI_* only as given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")} | environment
    return subprocess.run([sys.executable, str(EXAMPLE), task_id], capture_output=True, text=True, timeout=120, env=env)


def grade_of(stdout: str) -> str:
    return stdout.rsplit("grade: ", 1)[1].split()[0]


def test_the_scripted_policy_plays_a_clean_and_a_buggy_pr_without_a_key():
    grades = {}
    for task_id in ("task_easy_1", "task_032"):
        done = run_example(task_id)
        assert done.returncode == 0, done.stderr
        assert f"== {task_id}:" in done.stdout and "import " in done.stdout
        grades[task_id] = grade_of(done.stdout)
    assert grades == {"task_easy_1": "0.01", "task_032": "0.99"}  # abstention: buggy earns nothing, clean full


def calling(tool: str, **arguments: Any) -> Reply:
    """A model reply calling one tool in the episode named in the first user message."""

    def reply(request: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        prompt = next(message["content"] for message in request["messages"] if message["role"] == "user")
        prompt = prompt if isinstance(prompt, str) else " ".join(part.get("text", "") for part in prompt)
        episode_id = re.search(r"Episode (\S+)", prompt)[1]
        arguments_json = json.dumps({"episode_id": episode_id, **arguments})
        call = {"id": f"call_{tool}", "type": "function", "function": {"name": tool, "arguments": arguments_json}}
        return 200, {}, completion({"content": None, "tool_calls": [call]}, "tool_calls")

    return reply


def test_with_a_key_a_model_plays_the_episode_through_the_toolset():
    script = [calling("run_python", code="print(6 * 7)"), calling("finish_episode", verdict="approve"), text("Done.")]
    with FakeChatEndpoint(script) as endpoint:
        done = run_example("task_032", OPENAI_API_KEY="test-key", OPENAI_BASE_URL=endpoint.base_url)
    assert done.returncode == 0, done.stderr
    assert grade_of(done.stdout) == "0.99"  # the model's approve on a clean PR

    (headers, first), (_, second), _ = endpoint.requests
    assert {key.lower(): value for key, value in headers.items()}["authorization"] == "Bearer test-key"
    offered = {tool["function"]["name"] for tool in first["tools"]}
    assert {"run_python", "submit_review", "finish_episode", "get_grade"} <= offered
    assert "reset_episode" not in offered  # the episode is already open
    assert first["messages"][-1]["content"].startswith("Episode ")  # the observation's text, written for a model
    ran = next(message for message in second["messages"] if message["role"] == "tool")
    assert "42" in ran["content"]
