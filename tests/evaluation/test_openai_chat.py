"""The OpenAI-compatible chat agent against a scripted chat-completions endpoint on 127.0.0.1.

The endpoint (tests/fake_chat.py) is a real HTTP server answering from a script and keeping every request, so
the tests check both what the agent sends (tools, schemas, auth, tool results) and what it does with the
replies. No real service is ever called.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp import Client

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.evaluation.agents import AgentConfigError
from coding_env_mcp.evaluation.agents.openai_chat import OpenAIChatAgent, OpenAIChatConfig
from coding_env_mcp.evaluation.results import RolloutResult
from coding_env_mcp.evaluation.runner import play_rollout
from coding_env_mcp.server import build_server

from ..conftest import perfect_findings
from ..fake_chat import FakeChatEndpoint, status, text, tool_calls

pytestmark = pytest.mark.anyio


def finding_arguments(task) -> str:
    return json.dumps({**perfect_findings(task)[0], "final": True})


def test_a_scripted_model_plays_an_episode_through_the_eval_cli(registry, tmp_path: Path):
    task = registry.get("task_medium_1")
    script = [
        status(429, {"Retry-After": "0"}),  # transient: retried, not a turn
        tool_calls(("read_resource", json.dumps({"uri": "task://task_medium_1/diff"})), ("run_python", '{"code": ')),
        tool_calls(
            ("run_python", json.dumps({"code": "from app.db import users; print(users.SORTABLE_COLUMNS)"})),
            ("get_state", "{}"),
            ("reset_episode", "{}"),
        ),
        tool_calls(("submit_review", finding_arguments(task))),
    ]
    output = tmp_path / "run"
    with FakeChatEndpoint(script) as endpoint:
        environment = {
            **os.environ,
            "CODING_ENV_MCP_OPENAI_BASE_URL": endpoint.base_url,
            "CODING_ENV_MCP_OPENAI_MODEL": "scripted-model",
            "CODING_ENV_MCP_OPENAI_API_KEY": "test-key",
            "OPENAI_API_KEY": "must-not-be-used",
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "coding_env_mcp",
                "eval",
                "--agent",
                "openai",
                "--tasks",
                task.task_id,
                "-o",
                str(output),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=environment,
        )
    assert done.returncode == 0, done.stderr
    (row,) = [RolloutResult.model_validate_json(line) for line in (output / "results.jsonl").read_text().splitlines()]
    assert (row.agent, row.model, row.score, row.turns, row.finished_by) == (
        "openai",
        "scripted-model",
        0.99,
        3,
        "agent",
    )
    assert row.tool_calls == {
        "run_python": 1,
        "get_state": 1,
        "submit_review": 1,
        "read_resource": 1,
    }
    assert "scripted-model" in (output / "report.md").read_text()

    assert len(endpoint.requests) == 4
    headers, first = endpoint.requests[1]
    assert headers["Authorization"] == "Bearer test-key"
    assert first["model"] == "scripted-model" and first["seed"] == 0 and first["tool_choice"] == "auto"
    offered = {tool["function"]["name"]: tool["function"] for tool in first["tools"]}
    assert set(offered) == {
        "get_observation", "get_state", "submit_review", "get_grade", "run_python", "finish_episode", "read_resource"
    }  # fmt: skip
    assert all("episode_id" not in json.dumps(tool["parameters"]) for tool in offered.values())
    assert offered["submit_review"]["parameters"]["required"] == ["bug_type"]
    assert "severity" in offered["submit_review"]["parameters"]["properties"]
    assert "task://task_medium_1/files/app/db/users.py" in first["messages"][1]["content"]

    replies = {m["tool_call_id"]: m["content"] for m in endpoint.requests[2][1]["messages"] if m["role"] == "tool"}
    assert replies["call_0"].startswith("--- a/app/db/users.py")
    assert replies["call_1"].startswith("ERROR: the arguments are not valid JSON")
    replies = {m["tool_call_id"]: m["content"] for m in endpoint.requests[3][1]["messages"] if m["role"] == "tool"}
    # the model reads the server's text, not escaped JSON
    assert (
        replies["call_0"].startswith("exit code 0") and "stdout:\n('name', 'email', 'created_at')" in replies["call_0"]
    )
    assert "step_count: 0" in replies["call_1"]
    assert replies["call_2"].startswith("ERROR: there is no tool 'reset_episode'; the tools are: finish_episode")


@pytest.fixture
async def client(env: ReviewEnv) -> Iterator[Client]:
    async with Client(build_server(env)) as connected:
        yield connected


async def play(client: Client, endpoint: FakeChatEndpoint, task_id: str, max_turns: int = 30) -> RolloutResult:
    agent = OpenAIChatAgent(OpenAIChatConfig(base_url=endpoint.base_url, model="m", max_turns=max_turns))
    try:
        tools = (await client.list_tools()).tools
        task = {"task_id": task_id, "difficulty": "easy", "split": "train", "tags": []}
        return await play_rollout(client, tools, agent, task, rollout=2, run_id="t", timeout_s=60)
    finally:
        await agent.aclose()


async def test_a_model_that_stops_talking_leaves_the_finish_to_the_runner(client: Client):
    with FakeChatEndpoint([text("I see no defect worth reporting.")]) as endpoint:
        result = await play(client, endpoint, "task_easy_1")
    assert (result.turns, result.finished_by, result.done, result.error) == (1, "runner", True, None)
    assert result.score == 0.01 and result.findings == []
    assert endpoint.requests[0][1]["seed"] == 2 and "Authorization" not in endpoint.requests[0][0]


async def test_arguments_sent_as_an_object_are_accepted(client: Client, registry):
    task = registry.get("task_easy_1")
    reply = tool_calls(("submit_review", "{}"))(None)[2]
    reply["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = {
        **perfect_findings(task)[0],
        "final": True,
    }
    with FakeChatEndpoint([lambda request: (200, {}, reply)]) as endpoint:
        result = await play(client, endpoint, "task_easy_1")
    assert (result.score, result.finished_by, result.turns) == (0.99, "agent", 1)


async def test_the_turn_limit_ends_the_loop(client: Client):
    with FakeChatEndpoint([tool_calls(("get_state", "{}"))], repeat_last=True) as endpoint:
        result = await play(client, endpoint, "task_easy_1", max_turns=3)
    assert (result.turns, result.finished_by, result.tool_calls) == (
        3,
        "runner",
        {"get_state": 3},
    )  # the agent's calls only


async def test_a_refusing_endpoint_is_a_rollout_error_not_a_crash(client: Client):
    with FakeChatEndpoint([status(400)]) as endpoint:
        result = await play(client, endpoint, "task_hard_1")
    assert "chat/completions answered 400" in result.error and "scripted 400" in result.error
    assert result.finished_by == "runner" and result.done and result.score == 0.01


def test_configuration_comes_from_the_environment():
    config = OpenAIChatConfig.from_environment(
        {"OPENAI_MODEL": "m1", "OPENAI_BASE_URL": "http://h/v1/", "CODING_ENV_MCP_OPENAI_TEMPERATURE": "0.2"}
    )
    assert (config.model, config.base_url, config.api_key, config.temperature) == ("m1", "http://h/v1", None, 0.2)
    config = OpenAIChatConfig.from_environment({"CODING_ENV_MCP_OPENAI_MODEL": "m2", "OPENAI_MODEL": "m1"})
    assert config.model == "m2" and config.base_url == "https://api.openai.com/v1"
    with pytest.raises(AgentConfigError, match="CODING_ENV_MCP_OPENAI_MODEL"):
        OpenAIChatConfig.from_environment({})
    with pytest.raises(AgentConfigError, match="not a number"):
        OpenAIChatConfig.from_environment({"OPENAI_MODEL": "m", "CODING_ENV_MCP_OPENAI_TIMEOUT": "soon"})
