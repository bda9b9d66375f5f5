"""Fuzzing every tool's arguments: whatever arrives, the answer is a result or a clean tool error.

Arguments are drawn from each tool's own names plus junk, with values of every JSON type; some calls name a
real episode. For every call: no exception escapes, no error log is written, an error reads as a message (no
traceback, no validation internals), no answer-key text is served; and another episode's state and grade
are exactly as they were. `CODING_ENV_MCP_FUZZ_EXAMPLES` sets how many calls (CI: a few hundred).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.sandbox import default_sandbox
from coding_env_mcp.server import TOOLS, build_server

from ..conftest import perfect_findings

pytestmark = pytest.mark.anyio

EXAMPLES = int(os.environ.get("CODING_ENV_MCP_FUZZ_EXAMPLES", "300"))
INTERNALS = ("Traceback", "errors.pydantic.dev", "Arguments\n", "input_type=", "validation error for")

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
NAMES = {
    "list_tasks": ["difficulty", "split", "tag"],
    "reset_episode": ["task_id", "difficulty", "seed", "split", "tag", "feedback"],
    "get_observation": ["episode_id"],
    "get_state": ["episode_id"],
    "submit_review": [
        "episode_id",
        "bug_type",
        "review",
        "file_path",
        "issue_type",
        "severity",
        "line_number",
        "confidence",
        "final",
        "verdict",
    ],
    "get_grade": ["episode_id"],
    "finish_episode": ["episode_id", "verdict"],
    "run_python": ["episode_id", "code", "timeout_s"],
}
PLAUSIBLE = {
    "bug_type": st.sampled_from(["logic", "security", "syntax", "none", "LOGIC", ""]),
    "severity": st.sampled_from(["low", "medium", "high", "critical", "urgent"]),
    "verdict": st.sampled_from(["approve", "request_changes", "lgtm"]),
    "feedback": st.sampled_from(["full", "blind", "loud"]),
    "line_number": st.integers(min_value=-3, max_value=500),
    "timeout_s": st.floats(min_value=-1, max_value=2),
    "code": st.sampled_from(["print(1)", "1/0", "x = 1", "import os", "(", ""]) | st.text(max_size=30),
    "file_path": st.sampled_from(["app/pagination.py", "../../etc/passwd", "", "a" * 600]),
    "task_id": st.sampled_from(["task_easy_1", "nope", "", "../tasks"]),
}


def test_every_tool_is_fuzzed():
    assert set(NAMES) == {spec.name for spec in TOOLS}


async def test_fuzzed_arguments_get_results_or_clean_errors(registry: TaskRegistry, caplog):
    task = registry.get("task_easy_1")
    secrets = [issue.summary[:60] for t in registry.select() for issue in t.issues]
    with ReviewEnv(registry, default_sandbox(), EnvConfig(max_steps=1000)) as env:
        async with Client(build_server(env), mode="auto") as client:
            bystander = (await client.call_tool("reset_episode", {"task_id": task.task_id})).structured_content
            await client.call_tool(
                "submit_review", {"episode_id": bystander["episode_id"], **perfect_findings(task)[0]}
            )
            before = [
                (await client.call_tool(tool, {"episode_id": bystander["episode_id"]})).structured_content
                for tool in ("get_state", "get_grade", "get_observation")
            ]
            target = (await client.call_tool("reset_episode", {"task_id": task.task_id})).structured_content
            episode_ids = st.sampled_from([target["episode_id"], "nope", "", "x" * 200])

            def arguments_for(tool: str) -> st.SearchStrategy[dict[str, Any]]:
                known = {
                    name: (episode_ids if name == "episode_id" else PLAUSIBLE.get(name, JSON)) | JSON
                    for name in NAMES[tool]
                }
                return st.fixed_dictionaries({}, optional=known) | st.dictionaries(
                    st.text(max_size=10), JSON, max_size=3
                )

            calls = st.sampled_from(sorted(NAMES)).flatmap(lambda tool: st.tuples(st.just(tool), arguments_for(tool)))

            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
            @given(call=calls)
            def one_call(call: tuple[str, dict[str, Any]]) -> None:
                tool, arguments = call
                if tool == "reset_episode":  # keep the store from filling: resets are cheap but kept
                    arguments = {key: value for key, value in arguments.items() if key != "seed"}
                result = anyio.from_thread.run(client.call_tool, tool, arguments)
                text = "\n".join(getattr(item, "text", "") for item in result.content)
                if result.is_error:
                    assert text and not any(marker in text for marker in INTERNALS), (tool, arguments, text)
                assert not any(secret in text for secret in secrets), (tool, arguments)

            with caplog.at_level(logging.ERROR):
                await anyio.to_thread.run_sync(one_call)
            errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
            assert not errors, [record.getMessage() for record in errors][:3]
            after = [
                (await client.call_tool(tool, {"episode_id": bystander["episode_id"]})).structured_content
                for tool in ("get_state", "get_grade", "get_observation")
            ]
            assert after == before  # another episode is untouched by anything the fuzzer did
