"""Every task in the suite plays end to end through the MCP server, and the suite covers what it claims."""

from __future__ import annotations

import pytest
from mcp import Client

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.server import build_server

from ..conftest import TASKS_DIR, perfect_findings, perfect_verdict

pytestmark = pytest.mark.anyio

TASK_IDS = TaskRegistry.load(TASKS_DIR).ids()


async def play(client: Client, task_id: str, findings: list[dict], verdict: str | None) -> float:
    reset = await client.call_tool("reset_episode", {"task_id": task_id, "feedback": "blind"})
    eid = reset.structured_content["episode_id"]
    for finding in findings:
        result = await client.call_tool("submit_review", {"episode_id": eid, **finding})
        assert not result.is_error, result.content[0].text
    finish = {"episode_id": eid} | ({"verdict": verdict} if verdict else {})
    assert not (await client.call_tool("finish_episode", finish)).is_error
    return (await client.call_tool("get_grade", {"episode_id": eid})).structured_content["score"]


def wrong_findings(task) -> list[dict]:
    """A confident, explained review of the wrong place: every file's first line, as far from any planted issue
    as the PR allows."""
    planted = {(issue.file, line) for issue in task.issues for line in range(issue.start_line - 2, issue.end_line + 3)}
    path = next(path for path in task.changed_files if (path, 1) not in planted)
    review = " ".join(group[0] for issue in task.issues for group in issue.evidence) or "a race condition"
    return [
        {
            "file_path": path,
            "line_number": 1,
            "issue_type": "logic",
            "bug_type": "logic",
            "severity": "high",
            "review": review,
        }
    ]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_every_task_rewards_the_answer_key_and_nothing_else(mode, env: ReviewEnv, registry):
    """The answer key scores >= 0.95 on every task; a wrong place, an empty review, the wrong verdict, <= 0.05."""
    async with Client(build_server(env), mode=mode) as client:
        for task_id in TASK_IDS:
            task = registry.get(task_id)
            assert await play(client, task_id, perfect_findings(task), perfect_verdict(task)) >= 0.95, task_id
            assert await play(client, task_id, wrong_findings(task), "request_changes") <= 0.05, task_id
            assert await play(client, task_id, [], None) <= 0.05, task_id
            wrong_verdict = "request_changes" if task.is_clean else "approve"
            assert await play(client, task_id, perfect_findings(task), wrong_verdict) <= 0.05, task_id


def test_the_suite_covers_what_it_claims(registry):
    """The shape of the benchmark: enough tasks of each kind to train and measure with, 40 % or more clean."""
    tasks = [registry.get(task_id) for task_id in TASK_IDS]
    by_difficulty = {level: sum(t.difficulty == level for t in tasks) for level in ("easy", "medium", "hard")}
    assert len(tasks) >= 40 and min(by_difficulty.values()) >= 8, by_difficulty
    issues = [issue for task in tasks for issue in task.issues]
    assert {i.issue_type for i in issues} == {"logic", "security", "performance", "maintainability"}
    assert {i.bug_type for i in issues} >= {"logic", "security", "none"}
    for split in ("train", "test"):
        chosen = [t for t in tasks if t.split == split]
        assert sum(t.is_clean for t in chosen) >= 0.4 * len(chosen), split
    assert sum(2 <= len(t.issues) <= 3 for t in tasks) >= 4
    assert sum(len(t.changed_files) >= 2 for t in tasks) >= 6
    for task in tasks:
        assert task.is_clean or task.private_labels, task.task_id
        if any(i.issue_type == "security" for i in task.issues):
            assert any(label.startswith("cwe-") for label in task.labels), task.task_id
