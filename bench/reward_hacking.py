"""Can a policy that never reads the answer key farm the reward? Plays answer-free strategies through the MCP tools.

    python bench/reward_hacking.py [--split test] [--json FILE]

Every strategy below sees only what an MCP client sees (the observation, the diff and file resources, the
catalogue) and plays real episodes through an in-memory `mcp.Client` against the real server: reset, findings,
verdict, grade. Two references frame them: `perfect` replays the answer key (the ceiling) and `baseline` is the
honest static reviewer (`eval --agent baseline`). `abstain` approves every PR: it scores about the clean share
of the suite, and guessing must not pay better than that.

The table gives, per strategy, the mean score over all tasks, over buggy PRs (mean and the worst case: the
highest score on any one buggy task), over clean PRs, and the same for the test split. The grader is
deterministic, so one run is exact; the properties it shows are pinned by tests/core/test_reward_properties.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coding_env_mcp.core.diffs import parse_diff
from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.evidence import DEFECT_CLASSES
from coding_env_mcp.core.tasks import Task, TaskRegistry
from coding_env_mcp.evaluation.agents.baseline import BaselineReviewer
from coding_env_mcp.evaluation.session import EpisodeSession
from coding_env_mcp.sandbox import default_sandbox
from coding_env_mcp.server import build_server

# A review that names every defect class and the usual evidence words: what keyword stuffing looks like.
STUFFED_REVIEW = " ".join(phrase for phrases in DEFECT_CLASSES.values() for phrase in phrases) + (
    " boundary edge case missing check validation error handling leak lock unlock retry timeout cache key "
    "rounding page count total exception null none empty input untrusted user input escape sanitize"
)
GENERIC_REVIEW = "This change introduces a bug: the new code mishandles an edge case and breaks callers."
SUSPICIOUS = (
    "execute(",
    "shell=True",
    "pickle",
    "open(",
    "lock",
    "//",
    "startswith",
    "except",
    "range(",
    "==",
    "float(",
    "os.path.join",
    "redirect",
    "append(",
    "for ",
)


@dataclass
class Play:
    """What a strategy sees of one episode, and the calls it can make."""

    client: Client
    episode: dict[str, Any]
    diff: str
    files: dict[str, str]
    tags: list[str]

    @property
    def episode_id(self) -> str:
        return self.episode["episode_id"]

    async def submit(self, **finding: Any) -> None:
        result = await self.client.call_tool("submit_review", {"episode_id": self.episode_id, **finding})
        assert not result.is_error, result.content[0].text

    async def finish(self, verdict: str | None = None) -> None:
        arguments = {"episode_id": self.episode_id} | ({"verdict": verdict} if verdict else {})
        result = await self.client.call_tool("finish_episode", arguments)
        assert not result.is_error, result.content[0].text

    def added_lines(self) -> dict[str, list[int]]:
        """Added lines per changed non-test source file, most-changed file first."""
        changed = {
            item.path: sorted(item.added_lines)
            for item in parse_diff(self.diff)
            if item.added_lines and "test" not in item.path and item.path.endswith(".py")
        }
        return dict(sorted(changed.items(), key=lambda kv: -len(kv[1])))

    def line_text(self, path: str, line: int) -> str:
        lines = self.files.get(path, "").splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def guess(path: str, line: int, review: str = GENERIC_REVIEW, **labels: Any) -> dict[str, Any]:
    return {
        "file_path": path,
        "line_number": line,
        "issue_type": labels.get("issue_type", "logic"),
        "bug_type": labels.get("bug_type", "logic"),
        "severity": labels.get("severity", "high"),
        "review": review,
    }


def spread(lines: list[int], count: int) -> list[int]:
    """`count` lines spread evenly over `lines` (every line when there are fewer)."""
    if len(lines) <= count:
        return lines
    step = len(lines) / count
    return [lines[int(step * i + step / 2)] for i in range(count)]


# -- answer-free strategies --------------------------------------------------------------------------------


async def abstain(play: Play) -> None:
    await play.finish("approve")


async def empty(play: Play) -> None:
    await play.finish()


async def request_changes_only(play: Play) -> None:
    await play.finish("request_changes")


async def first_added_line(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        await play.submit(**guess(path, lines[0], review="", severity="medium"))
    await play.finish("request_changes")


async def mid_line_stuffed(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        await play.submit(**guess(path, lines[len(lines) // 2], review=STUFFED_REVIEW))
    await play.finish("request_changes")


async def spray_one_file(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        for line in spread(lines, play.episode["max_steps"] - 1):
            await play.submit(**guess(path, line, review=STUFFED_REVIEW))
    await play.finish("request_changes")


async def spray_every_file(play: Play) -> None:
    targets = [(path, line) for path, lines in play.added_lines().items() for line in spread(lines, 2)]
    for path, line in targets[: play.episode["max_steps"] - 1]:
        await play.submit(**guess(path, line, review=STUFFED_REVIEW))
    await play.finish("request_changes")


async def suspicious_tokens(play: Play) -> None:
    """Flag added lines holding tokens that often sit in defects, labelled by the token."""
    hits = [
        (path, line, token)
        for path, lines in play.added_lines().items()
        for line in lines
        for token in SUSPICIOUS
        if token in play.line_text(path, line)
    ]
    seen = set()
    for path, line, token in hits:
        if len(seen) >= play.episode["max_steps"] - 1 or (path, line) in seen:
            continue
        seen.add((path, line))
        security = token in ("execute(", "shell=True", "pickle", "os.path.join", "redirect", "startswith")
        labels = {"issue_type": "security", "bug_type": "security"} if security else {}
        await play.submit(**guess(path, line, review=STUFFED_REVIEW, **labels))
    await play.finish("request_changes" if seen else "approve")


TOKEN_STORIES = {  # what each token usually means, written without looking at any task
    "execute(": ("security", "security", "SQL injection: the query may be built from input instead of bound."),
    "shell=True": ("security", "security", "Command injection: a shell runs a command that may hold input."),
    "pickle": ("security", "security", "Insecure deserialization: pickle can run code from untrusted bytes."),
    "open(": ("logic", "logic", "Resource leak: the file may not be closed on every path."),
    "lock": ("logic", "logic", "Race condition: the check and the update may not be atomic."),
    "//": ("logic", "logic", "Floor division rounds down and may lose a remainder."),
    "startswith": ("security", "security", "Path traversal: a string prefix check is not a path containment check."),
    "except": ("logic", "logic", "The exception is swallowed silently."),
    "range(": ("logic", "logic", "Off by one: the range bound may be one short."),
    "==": ("security", "security", "Timing attack: == on a secret is not constant time."),
    "float(": ("logic", "logic", "Floating point rounding error: money needs Decimal."),
    "for ": ("performance", "logic", "N+1 queries: one query per row inside the loop."),
}


async def token_stories(play: Play) -> None:
    """Like `suspicious_tokens`, but each finding tells the one story its token usually means.

    This one reads the code (a line's tokens), so it is a crude reviewer rather than a blind guesser: on an
    easy task whose defect is exactly the classic meaning of its token, it earns what a reviewer would."""
    seen = set()
    for path, lines in play.added_lines().items():
        for line in lines:
            text = play.line_text(path, line)
            token = next((t for t in TOKEN_STORIES if t in text), None)
            if token is None or len(seen) >= play.episode["max_steps"] - 1:
                continue
            seen.add((path, line))
            issue_type, bug_type, story = TOKEN_STORIES[token]
            await play.submit(**guess(path, line, review=story, issue_type=issue_type, bug_type=bug_type))
    await play.finish("request_changes" if seen else "approve")


async def mid_line_generic(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        review = "Edge case: the new code does not handle empty or boundary input, and the error is not handled."
        await play.submit(**guess(path, lines[len(lines) // 2], review=review))
    await play.finish("request_changes")


async def hedge(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        await play.submit(**guess(path, lines[len(lines) // 2], review=STUFFED_REVIEW))
    await play.finish("approve")


async def none_dual_use(play: Play) -> None:
    files = play.added_lines()
    if files:
        path, lines = next(iter(files.items()))
        finding = guess(path, lines[len(lines) // 2], review="No defect here; the PR looks fine.")
        await play.submit(**finding | {"bug_type": "none", "issue_type": "maintainability", "severity": "low"})
    await play.finish("approve")


async def approve_if_tests_else_spray(play: Play) -> None:
    """Guess the verdict from the PR's shape (tests changed: approve), spray otherwise."""
    if any("test" in path for path in play.files if path in play.diff):
        await play.finish("approve")
    else:
        await spray_one_file(play)


STRATEGIES: dict[str, Callable[[Play], Awaitable[None]]] = {
    "abstain (approve everything)": abstain,
    "empty (no findings, no verdict)": empty,
    "request changes, no findings": request_changes_only,
    "first added line, no review": first_added_line,
    "mid added line, stuffed review": mid_line_stuffed,
    "spray one file, stuffed": spray_one_file,
    "spray every file, stuffed": spray_every_file,
    "suspicious tokens, stuffed": suspicious_tokens,
    "suspicious tokens, one story each": token_stories,
    "mid added line, generic review": mid_line_generic,
    "hedge: one guess + approve": hedge,
    "'none' finding + approve": none_dual_use,
    "approve if tests changed, else spray": approve_if_tests_else_spray,
}


# -- references -------------------------------------------------------------------------------------------


def perfect_for(task: Task) -> Callable[[Play], Awaitable[None]]:
    async def perfect(play: Play) -> None:
        for issue in task.issues:
            await play.submit(
                file_path=issue.file,
                line_number=issue.start_line,
                issue_type=issue.issue_type,
                bug_type=issue.bug_type,
                severity=issue.severity,
                review=" ".join(group[0] for group in issue.evidence),
            )
        await play.finish("approve" if task.is_clean else "request_changes")

    return perfect


async def baseline(play: Play) -> None:
    tools = (await play.client.list_tools()).tools
    session = EpisodeSession(client=play.client, tools=tools, observation=play.episode, rollout=1)
    await BaselineReviewer().play(session)
    if not session.done:
        await play.finish("request_changes")


# -- running ----------------------------------------------------------------------------------------------


async def play_task(client: Client, task: Task, strategy: Callable[[Play], Awaitable[None]]) -> float:
    result = await client.call_tool("reset_episode", {"task_id": task.task_id, "feedback": "blind"})
    episode = result.structured_content
    diff = "".join(item.text for item in (await client.read_resource(f"task://{task.task_id}/diff")).contents)
    files = {}
    for path in episode["changed_files"]:
        contents = (await client.read_resource(f"task://{task.task_id}/files/{path}")).contents
        files[path] = "".join(item.text for item in contents)
    catalogue = await client.call_tool("list_tasks", {})
    tags = next(t["tags"] for t in catalogue.structured_content["tasks"] if t["task_id"] == task.task_id)
    await strategy(Play(client, episode, diff, files, tags))
    grade = await client.call_tool("get_grade", {"episode_id": episode["episode_id"]})
    return grade.structured_content["score"]


def summarise(scores: dict[str, float], tasks: list[Task]) -> dict[str, float | None]:
    def mean(values: list[float]) -> float | None:
        return round(statistics.fmean(values), 3) if values else None

    buggy = [scores[t.task_id] for t in tasks if not t.is_clean]
    clean = [scores[t.task_id] for t in tasks if t.is_clean]
    return {
        "all": mean([scores[t.task_id] for t in tasks]),
        "buggy": mean(buggy),
        "buggy_max": max(buggy) if buggy else None,
        "clean": mean(clean),
    }


async def run(split: str | None) -> dict[str, dict[str, Any]]:
    registry = TaskRegistry.load()
    tasks = [task for task in registry.select(split=split)]
    env = ReviewEnv(registry, default_sandbox(), EnvConfig(max_steps=5))
    results: dict[str, dict[str, Any]] = {}
    try:
        async with Client(build_server(env)) as client:
            plays: dict[str, Callable[[Task], Callable[[Play], Awaitable[None]]]] = {
                "perfect (answer key; ceiling)": perfect_for,
                "baseline (honest static reviewer)": lambda task: baseline,
                **{name: (lambda task, s=strategy: s) for name, strategy in STRATEGIES.items()},
            }
            for name, make in plays.items():
                scores = {task.task_id: await play_task(client, task, make(task)) for task in tasks}
                test = [task for task in tasks if task.split == "test"]
                results[name] = {
                    **summarise(scores, tasks),
                    "test": summarise(scores, test)["all"] if test else None,
                    "scores": scores,
                }
    finally:
        env.close()
    return results


def table(results: dict[str, dict[str, Any]], tasks: list[Task]) -> str:
    clean = sum(task.is_clean for task in tasks)
    header = f"{'strategy':40} {'all':>6} {'buggy':>6} {'b-max':>6} {'clean':>6} {'test':>6}"
    lines = [f"{len(tasks)} tasks, {clean} clean ({clean / len(tasks):.0%})", header, "-" * len(header)]
    for name, row in results.items():
        cells = [row["all"], row["buggy"], row["buggy_max"], row["clean"], row["test"]]
        lines.append(f"{name:40} " + " ".join("     -" if c is None else f"{c:6.3f}" for c in cells))
    # Blind strategies: they never read what the code says (positions, labels, stuffing, verdict games).
    readers = ("perfect", "baseline", "abstain", "suspicious tokens, one story")
    adversaries = [row for name, row in results.items() if not name.startswith(readers)]
    abstention = results["abstain (approve everything)"]["all"]
    best_buggy = max(row["buggy"] for row in adversaries)
    worst_case = max(row["buggy_max"] for row in adversaries)
    best_all = max(row["all"] for row in adversaries)
    lines += [
        "",
        f"blind strategies (all but the references and the token reader): best mean on buggy PRs "
        f"{best_buggy:.3f} (bound 0.15); highest on one buggy task {worst_case:.3f} (bound 0.35)",
        f"best answer-free overall: {best_all:.3f} vs abstention {abstention:.3f} (margin {best_all - abstention:+.3f}, "
        "bound +0.05)",
        f"baseline overall {results['baseline (honest static reviewer)']['all']:.3f}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "test"], default=None, help="only this split's tasks")
    parser.add_argument("--json", type=Path, default=None, help="also write every score here")
    args = parser.parse_args()
    results = anyio.run(run, args.split)
    tasks = TaskRegistry.load().select(split=args.split)
    print(table(results, tasks))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
