"""Play the three seed tasks over stdio, the way any MCP agent framework would, and print each grade.

    python examples/play_episode.py

The "reviewer" here is deliberately naive (it flags the first line each PR adds); it shows the protocol:
reset_episode -> read the diff resource -> run_python against the PR -> submit_review (with the final verdict)
-> get_grade. Guessing the first added line earns nothing: only a finding on a defect's lines does.
"""

from __future__ import annotations

import re
import sys

import anyio
from mcp import Client, StdioServerParameters

SEED_TASKS = ("task_easy_1", "task_medium_1", "task_hard_1")


def first_added_line(diff: str) -> tuple[str, int]:
    """The first file and new-file line number the diff adds, read from its hunk headers."""
    path, line = "", 0
    for text in diff.splitlines():
        if text.startswith("+++ "):
            path = text[4:].removeprefix("b/")
        elif match := re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", text):
            line = int(match.group(1))
        elif text.startswith("+"):
            return path, line
        elif not text.startswith("-"):
            line += 1
    raise ValueError("the diff adds no line")


async def play(client: Client, task_id: str) -> None:
    observation = (await client.call_tool("reset_episode", {"task_id": task_id})).structured_content
    episode_id = observation["episode_id"]
    print(f"\n== {task_id}: {observation['pr_title']}")

    diff = (await client.read_resource(f"task://{task_id}/diff")).contents[0].text
    path, line = first_added_line(diff)
    module = path.removesuffix(".py").replace("/", ".")
    run = await client.call_tool("run_python", {"episode_id": episode_id, "code": f"import {module}; print('ok')"})
    print(f"   import {module}: {run.structured_content['stdout'].strip()} ({run.structured_content['isolation']})")

    step = await client.call_tool(
        "submit_review",
        {
            "episode_id": episode_id,
            "file_path": path,
            "line_number": line,
            "issue_type": "logic",
            "bug_type": "logic",
            "severity": "medium",
            "confidence": 0.3,
            "review": "The first change looks suspicious.",
            "final": True,
            "verdict": "request_changes",
        },
    )
    print(f"   feedback: {step.structured_content['feedback']}")
    grade = (await client.call_tool("get_grade", {"episode_id": episode_id})).structured_content
    print(f"   grade: {grade['score']:.2f} ({grade['issues_found']}/{grade['issues_total']} issues found)")


async def main() -> None:
    server = StdioServerParameters(command=sys.executable, args=["-m", "coding_env_mcp", "--log-level", "WARNING"])
    async with Client(server) as client:
        for task_id in SEED_TASKS:
            await play(client, task_id)


if __name__ == "__main__":
    anyio.run(main)
