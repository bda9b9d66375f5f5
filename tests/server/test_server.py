"""The MCP surface through a real in-memory `mcp.Client`, in both protocol eras.

"auto" negotiates 2026-07-28 (sessionless); "legacy" uses 2025-11-25 with initialize and a session.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import AsyncIterator

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.server import build_server

from ..conftest import perfect_findings

pytestmark = pytest.mark.anyio

EPISODE_TOOLS = {"reset_episode", "get_observation", "get_state", "submit_review", "run_python", "get_grade"}


@pytest.fixture(params=["auto", "legacy"])
async def client(request, env: ReviewEnv) -> AsyncIterator[Client]:
    async with Client(build_server(env), mode=request.param) as connected:
        yield connected


async def call(client: Client, tool: str, **arguments) -> dict:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content[0].text
    return result.structured_content


async def call_error(client: Client, tool: str, **arguments) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    return result.content[0].text


async def test_protocol_era(client: Client):
    assert client.protocol_version in ("2026-07-28", "2025-11-25")


async def test_tools_have_output_schemas_and_truthful_annotations(client: Client):
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert EPISODE_TOOLS | {"list_tasks"} <= set(tools)
    for tool in tools.values():
        assert tool.output_schema is not None, tool.name
        assert tool.description and len(tool.description) > 40, tool.name
    read_only = {name for name, tool in tools.items() if tool.annotations.read_only_hint}
    assert read_only == {"list_tasks", "get_observation", "get_state", "get_grade"}
    assert not tools["submit_review"].annotations.idempotent_hint
    assert all(tool.annotations.open_world_hint is False for tool in tools.values())
    enum = tools["submit_review"].input_schema["properties"]["severity"]
    assert "critical" in json.dumps(enum)


async def test_full_episode(client: Client, registry):
    task = registry.get("task_medium_1")
    obs = await call(client, "reset_episode", task_id="task_medium_1")
    eid = obs["episode_id"]
    assert obs["pr_title"] == task.pr_title and obs["max_steps"] == 5

    step = await call(client, "submit_review", episode_id=eid, **perfect_findings(task)[0])
    assert step["reward"] == 0.99 and step["finding"]["components"]["line"] == 0.3
    wrong = {"bug_type": "logic", "file_path": "app/handlers/users.py", "line_number": 1}
    step = await call(client, "submit_review", episode_id=eid, **wrong, final=True, verdict="request_changes")
    assert step["done"] and step["reward"] == 0.01 and "false positive" in step["feedback"]
    assert "Verdict: request changes." in step["feedback"]

    observation = await call(client, "get_observation", episode_id=eid)
    assert observation["previous_feedback"] == step["feedback"] and observation["done"]
    grade = await call(client, "get_grade", episode_id=eid)
    assert grade["issues_total"] == 1 and grade["false_positives"] == 1 and grade["verdict"] == "request_changes"
    assert grade["score"] == pytest.approx(0.66, abs=0.01)
    state = await call(client, "get_state", episode_id=eid)
    assert state["step_count"] == 2 and state["last_score"] == grade["score"]


async def test_list_tasks_filters(client: Client):
    everything = await call(client, "list_tasks")
    assert everything["count"] == len(everything["tasks"]) >= 3
    hard = await call(client, "list_tasks", difficulty="hard")
    assert hard["tasks"] and all(task["difficulty"] == "hard" for task in hard["tasks"])
    assert "answer_key" not in json.dumps(everything).lower()  # the leak test checks every surface in depth


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        ("reset_episode", {"task_id": "nope"}, "unknown task 'nope'; known tasks:"),
        ("reset_episode", {"difficulty": "extreme"}, "Input should be 'easy', 'medium' or 'hard'"),
        ("get_grade", {"episode_id": "nope"}, "unknown or expired episode 'nope'"),
        ("submit_review", {"episode_id": "x", "bug_type": "typo"}, "Input should be 'syntax', 'logic', 'security'"),
        ("submit_review", {"episode_id": "x", "bug_type": "logic", "line_number": -4}, "greater than or equal to 1"),
        ("submit_review", {"episode_id": "x", "bug_type": "logic", "severity": "urgent"}, "'low', 'medium', 'high'"),
        ("submit_review", {"episode_id": "x", "bug_type": "logic", "confidence": 1.5}, "less than or equal to 1"),
        ("submit_review", {"episode_id": "x", "bug_type": "logic", "review": "x" * 20_001}, "at most 20000"),
        ("submit_review", {"episode_id": "x", "bug_type": "logic", "line": 3}, "does not take argument(s) 'line'"),
        ("submit_review", {"episode_id": "x"}, "bug_type"),
        (
            "submit_review",
            {"episode_id": "x", "bug_type": "logic", "verdict": "lgtm"},
            "'approve' or 'request_changes'",
        ),
        ("finish_episode", {"episode_id": "x", "verdict": "ship it"}, "'approve' or 'request_changes'"),
        ("reset_episode", {"feedback": "loud"}, "Input should be 'full' or 'blind'"),
        ("run_python", {"episode_id": "x", "code": "1", "timeout_s": -1}, "greater than 0"),
    ],
)
async def test_bad_input_is_a_tool_error_that_says_what_is_accepted(client: Client, tool, arguments, expected):
    assert expected in await call_error(client, tool, **arguments)


async def test_server_keeps_serving_after_errors_and_nothing_is_lost(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    await call(client, "submit_review", episode_id=eid, bug_type="logic", file_path="app/pagination.py", line_number=3)
    no_place = await call_error(client, "submit_review", episode_id=eid, bug_type="none", review="it is clean")
    assert "file_path and line_number" in no_place and "finish_episode with verdict='approve'" in no_place
    await call_error(client, "submit_review", episode_id=eid, bug_type="bogus")
    await call_error(client, "run_python", episode_id=eid, code="x" * 100_001)
    state = await call(client, "get_state", episode_id=eid)
    assert state["step_count"] == 1  # the refused calls changed nothing


async def test_finished_episode_refuses_more_findings(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    await call(client, "finish_episode", episode_id=eid, verdict="approve")
    finding = {"bug_type": "logic", "file_path": "app/pagination.py", "line_number": 44}
    assert "is finished" in await call_error(client, "submit_review", episode_id=eid, **finding)


async def test_run_python_against_the_pr(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    result = await call(
        client,
        "run_python",
        episode_id=eid,
        code="from app.pagination import paginate\nprint(paginate(list(range(45)), 2, 20).total_pages)",
    )
    assert result["stdout"] == "2\n" and result["exit_code"] == 0 and result["isolation"]
    crashed = await call(client, "run_python", episode_id=eid, code="1/0")
    assert crashed["exit_code"] == 1 and "ZeroDivisionError" in crashed["stderr"]
    assert (await call(client, "get_state", episode_id=eid))["last_exit_code"] == 1


async def test_run_python_timeout_kills_and_reports(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    result = await call(client, "run_python", episode_id=eid, code="import time\ntime.sleep(30)", timeout_s=0.5)
    assert result["timed_out"] and result["exit_code"] < 0 and "timeout of 0.5s" in result["stderr"]
    assert result["duration_s"] < 10  # killed, not waited for
    assert (await call(client, "run_python", episode_id=eid, code="print('alive')"))["stdout"] == "alive\n"


async def test_run_python_output_is_capped_with_a_marker(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    result = await call(client, "run_python", episode_id=eid, code="print('x' * 1_000_000)")
    assert result["stdout_truncated"] and "output truncated" in result["stdout"]
    assert len(result["stdout"]) < 70_000


async def test_run_python_reports_progress_on_long_runs(client: Client):
    eid = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
    seen: list[tuple[float, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, message))

    result = await client.call_tool(
        "run_python",
        {"episode_id": eid, "code": "import time\ntime.sleep(2.5)\nprint('done')"},
        progress_callback=on_progress,
    )
    assert result.structured_content["stdout"] == "done\n"
    assert seen and seen[0][0] == 1 and "running for 1s" in seen[0][1]


async def test_resources_serve_the_pr_but_never_the_answer_key(client: Client, registry):
    templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert {"task://{task_id}/diff", "task://{task_id}/files/{+path}"} <= templates
    catalog = json.loads((await client.read_resource("tasks://catalog")).contents[0].text)
    entry = next(t for t in catalog["tasks"] if t["task_id"] == "task_hard_1")
    assert entry["diff_uri"] == "task://task_hard_1/diff"

    diff = (await client.read_resource("task://task_hard_1/diff")).contents[0]
    assert diff.mime_type == "text/x-diff" and diff.text == registry.get("task_hard_1").diff
    context_file = (await client.read_resource("task://task_hard_1/files/app/auth/client.py")).contents[0]
    assert "def request_token" in context_file.text

    for uri in ("task://task_hard_1/files/answer_key.toml", "task://task_hard_1/files/../answer_key.toml"):
        with pytest.raises(MCPError, match=r"has no file|Unknown resource"):
            await client.read_resource(uri)
    with pytest.raises(MCPError, match=r"unknown task 'nope'"):
        await client.read_resource("task://nope/diff")


async def test_prompt_briefs_the_agent(client: Client):
    prompts = {p.name for p in (await client.list_prompts()).prompts}
    assert "review_pull_request" in prompts
    result = await client.get_prompt("review_pull_request", {"task_id": "task_easy_1"})
    text = result.messages[0].content.text
    assert 'reset_episode(task_id="task_easy_1")' in text and "submit_review" in text
    assert 'verdict="approve"' in text and 'verdict="request_changes"' in text


async def test_results_are_text_a_model_reads_beside_the_structured_content(client: Client, registry):
    """The text content is written for a model (the diff with its new-file line numbers, grades as sentences);
    the structured content is the full result for programs."""
    task = registry.get("task_easy_1")
    reset = await client.call_tool("reset_episode", {"task_id": task.task_id})
    text = reset.content[0].text
    assert not text.lstrip().startswith("{")
    assert "\n44+    total_pages = len(items) // size\n" in text  # the graded line, numbered
    assert text.count(task.pr_description[:60]) == 1 and reset.structured_content["pr_title"] == task.pr_title
    eid = reset.structured_content["episode_id"]
    step = await client.call_tool("submit_review", {"episode_id": eid, **perfect_findings(task)[0]})
    assert step.content[0].text.startswith("Finding 1 matched planted issue 1 -> 0.99")
    assert "Reward 0.99; episode score 0.99." in step.content[0].text
    run = await client.call_tool("run_python", {"episode_id": eid, "code": "print(6 * 7)"})
    assert run.content[0].text.startswith("exit code 0") and "stdout:\n42" in run.content[0].text
    grade = await client.call_tool("finish_episode", {"episode_id": eid, "verdict": "request_changes"})
    assert "score 0.99 (final)" in grade.content[0].text and "Verdict: request changes." in grade.content[0].text
    assert grade.structured_content["score"] == 0.99


async def test_the_observation_text_stays_close_to_the_diff_it_shows(client: Client, registry):
    """A model reads the PR once: over the suite, reset_episode's text is at most 1.2x the diff (median), the
    numbered diff plus the title, description and a short brief."""
    ratios = []
    for task in registry.select():
        reset = await client.call_tool("reset_episode", {"task_id": task.task_id})
        ratios.append(len(reset.content[0].text) / len(task.diff))
    assert statistics.median(ratios) <= 1.2, statistics.median(ratios)


async def test_invalid_arguments_are_named_in_plain_words_without_internals(client: Client):
    text = await call_error(client, "submit_review", episode_id="x", bug_type="typo", severity="urgent", line_number=-3)
    assert text.startswith("submit_review was called with 3 invalid argument(s):")
    assert "- bug_type: Input should be 'syntax', 'logic', 'security' or 'none' (got 'typo')" in text
    assert "- line_number: Input should be greater than or equal to 1 (got -3)" in text
    missing = await call_error(client, "get_grade")
    assert "- episode_id is required: The episode_id returned by reset_episode." in missing
    for internal in ("pydantic", "errors.pydantic.dev", "Arguments", "input_type", "literal_error"):
        assert internal not in text + missing


async def test_tool_descriptions_read_without_source_indentation(client: Client):
    for tool in (await client.list_tools()).tools:
        assert "\n    " not in tool.description and tool.description == tool.description.strip(), tool.name


async def test_prompt_errors_name_their_cause(client: Client):
    with pytest.raises(MCPError, match=r"unknown task 'nope'; known tasks:"):
        await client.get_prompt("review_pull_request", {"task_id": "nope"})
    with pytest.raises(MCPError, match=r"does not take argument\(s\) 'task'; it accepts: task_id"):
        await client.get_prompt("review_pull_request", {"task": "task_easy_1"})
    assert (await client.get_prompt("review_pull_request", {})).messages  # no task: still a brief
