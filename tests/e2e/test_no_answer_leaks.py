"""Nothing served gives the answer away: every tool, resource, prompt and HTTP route, on every task.

An episode is played through each surface the way an agent or a person could play it, everything served is
collected, and none of it may carry a task's private labels (defect classes, CWE ids, `clean`) or its
answer-key text (summaries, evidence synonym lists) before the episode is done. After it is done, the grade
says whether the PR was clean, which is the grade itself, not a leak.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import Task, TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox
from coding_env_mcp.server import build_server

from ..live_server import serve_in_thread

pytestmark = pytest.mark.anyio


def _dump(value: Any) -> str:
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", by_alias=True)
    return json.dumps(value, default=str)


def _tag_lists(value: Any, task_id: str) -> Iterator[list[str]]:
    """The `tags` arrays of `task_id`'s entries anywhere in a JSON value (a catalogue lists every task)."""
    if isinstance(value, dict):
        if value.get("task_id") == task_id and isinstance(value.get("tags"), list):
            yield value["tags"]
        for item in value.values():
            yield from _tag_lists(item, task_id)
    elif isinstance(value, list):
        for item in value:
            yield from _tag_lists(item, task_id)


def _secrets(task: Task) -> list[str]:
    """Answer-key text that must never be served: summaries, and each issue's evidence list as written."""
    texts = [issue.summary[:80] for issue in task.issues]
    texts += [json.dumps(list(group)) for issue in task.issues for group in issue.evidence if len(group) > 1]
    return texts


def _check(served: str, task: Task, where: str, *, code: bool = False) -> None:
    for secret in _secrets(task):
        assert secret not in served, f"{task.task_id}: {where} serves answer-key text {secret[:40]!r}"
    if code:  # the PR's own files may use any word; answer-key text is still checked above
        return
    lowered = served.lower()
    for label in task.private_labels:
        if label.startswith("cwe-") or "-" in label:
            assert label not in lowered, f"{task.task_id}: {where} serves private label {label!r}"
    for tags in _tag_lists(json.loads(served) if served[:1] in "[{" else None, task.task_id):
        leaked = set(tags) & set(task.private_labels)
        assert not leaked, f"{task.task_id}: {where} lists private label(s) {leaked} as tags"


async def _text_of(client: Client, uri: str) -> str:
    return "".join(item.text for item in (await client.read_resource(uri)).contents)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_no_tool_resource_or_prompt_serves_a_private_label_or_answer_text(mode: str, registry: TaskRegistry):
    labels = {label for task in registry.select() for label in task.private_labels}
    with ReviewEnv(registry, default_sandbox(), EnvConfig(max_steps=2)) as env:
        async with Client(build_server(env), mode=mode) as client:
            catalogue = (await client.call_tool("list_tasks", {})).structured_content
            for label in labels:  # the catalogue cannot be filtered by what the answer says
                found = (await client.call_tool("list_tasks", {"tag": label})).structured_content
                assert not [t["task_id"] for t in found["tasks"] if label in registry.get(t["task_id"]).private_labels]
            listing = [
                _dump(catalogue),
                await _text_of(client, "tasks://catalog"),
                _dump(await client.list_tools()),
                _dump(await client.list_resource_templates()),
            ]
            for task in registry.select():
                served = list(listing)
                prompt = await client.get_prompt("review_pull_request", {"task_id": task.task_id})
                served.append(_dump(prompt))
                for feedback in ("full", "blind"):
                    reset = await client.call_tool("reset_episode", {"task_id": task.task_id, "feedback": feedback})
                    eid = reset.structured_content["episode_id"]
                    served.append(_dump(reset.structured_content))
                    path = task.changed_files[0]
                    finding = {"episode_id": eid, "bug_type": "logic", "file_path": path, "line_number": 1}
                    step = await client.call_tool("submit_review", finding)
                    served.append(_dump(step.structured_content))
                    for tool in ("get_observation", "get_state"):
                        served.append(_dump((await client.call_tool(tool, {"episode_id": eid})).structured_content))
                    if feedback == "full":
                        grade = await client.call_tool("get_grade", {"episode_id": eid})
                        served.append(_dump(grade.structured_content))
                for text in served:
                    _check(text, task, "an MCP result")
                _check(await _text_of(client, f"task://{task.task_id}/diff"), task, "the diff", code=True)
                for path in task.files:
                    text = await _text_of(client, f"task://{task.task_id}/files/{path}")
                    _check(text, task, f"file {path}", code=True)


async def test_no_http_route_serves_a_private_label_or_answer_text(registry: TaskRegistry):
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings(host="127.0.0.1"))) as url:
        with anyio.fail_after(60):
            async with httpx2.AsyncClient(base_url=url, timeout=10) as http:
                catalogue = await http.get("/tasks")
                for label in {label for task in registry.select() for label in task.private_labels}:
                    found = (await http.get("/tasks", params={"tag": label})).json()["tasks"]
                    assert not [t["task_id"] for t in found if label in registry.get(t["task_id"]).private_labels]
                page = [(await http.get(path)).text for path in ("/health", "/web", "/web/app.js", "/web/views.js")]
                for task in registry.select():
                    episode = env.reset(task_id=task.task_id)
                    grader = await http.get("/grader", params={"episode_id": episode.episode_id})
                    for text in (catalogue.text, grader.text, *page):
                        _check(text, task, "an HTTP route")
    env.close()
