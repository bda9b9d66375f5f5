"""The eval runner: an agent over a task selection, N rollouts per task, bounded concurrency, through MCP.

The runner is an ordinary MCP client. By default it spawns `coding-env-mcp serve` over stdio, with the
episode record in the output folder (`episodes.db`, so every trajectory of the run can be exported) and
the server's log in `server.log`; with a URL it connects to a running streamable-HTTP server instead
(sending `Authorization: Bearer $CODING_ENV_MCP_TOKEN` when that variable is set).
All rollouts share one connection (the server runs tool calls concurrently); a semaphore bounds how many
episodes are in play at once.

Per rollout: `reset_episode(task_id)` → the agent plays its `EpisodeSession` (under a time limit) → if the
agent did not end the episode, the runner calls `finish_episode` → `get_grade`. A rollout that fails is
recorded with its error, never dropped; results are appended to `results.jsonl` as they finish, so an
interrupted run keeps what it did.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import anyio
import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import TextContent, Tool

from .. import __version__
from ..models import EpisodeGrade
from ..settings import DB_ENV, ENV_PREFIX, OPENAI_ENV_PREFIX, TASKS_DIR_ENV, TOKEN_ENV
from .agents import Agent
from .progress import Progress
from .results import DB_FILE, RESULTS_FILE, SERVER_LOG_FILE, RolloutResult, SubmittedFinding
from .session import EpisodeSession

FINISH_TIMEOUT_S = 60.0
# The bearer token a protected HTTP server expects; the same variable the server reads it from.
# Settings the spawned server must not inherit: the runner passes these explicitly, or they are secrets.
_NOT_INHERITED = (DB_ENV, TASKS_DIR_ENV, OPENAI_ENV_PREFIX)


class EvalError(ValueError):
    """The run cannot go ahead: unreachable server, empty or unknown task selection, ..."""


@dataclass(frozen=True)
class Selection:
    """Which tasks to play: every given filter must hold (tags: all of them)."""

    split: str | None = None
    difficulty: str | None = None
    tags: tuple[str, ...] = ()
    task_ids: tuple[str, ...] = ()

    def describe(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "tasks": list(self.task_ids),
        }


@dataclass(frozen=True)
class EvalPlan:
    agent: Agent
    selection: Selection
    rollouts: int
    concurrency: int
    rollout_timeout_s: float
    output: Path
    url: str | None = None
    tasks_dir: Path | None = None


def _server_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key.startswith(ENV_PREFIX) and not key.startswith(_NOT_INHERITED)
    }


def stdio_parameters(output: Path, tasks_dir: Path | None) -> StdioServerParameters:
    """How the runner spawns the server: this interpreter, the record in the output folder."""
    args = ["-m", "coding_env_mcp", "--log-level", "INFO", "serve", "--db", str(output / DB_FILE)]
    if tasks_dir is not None:
        args += ["--tasks-dir", str(tasks_dir)]
    return StdioServerParameters(command=sys.executable, args=args, env=_server_env())


def _flatten(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_flatten(inner) for inner in exc.exceptions)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _log_tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


@asynccontextmanager
async def connect(plan: EvalPlan) -> AsyncIterator[tuple[Client, str]]:
    """A connected client and a description of the server; `EvalError` if it cannot connect."""
    async with AsyncExitStack() as stack:
        if plan.url is not None:
            described = plan.url
            target: Any = plan.url
            token = os.environ.get(TOKEN_ENV)
            if token:  # the SDK's own timeouts: 30 s, and 300 s to read a held-open stream
                http = httpx2.AsyncClient(
                    headers={"Authorization": f"Bearer {token}"}, timeout=httpx2.Timeout(30.0, read=300.0)
                )
                await stack.enter_async_context(http)
                target = streamable_http_client(plan.url, http_client=http)
        else:
            params = stdio_parameters(plan.output, plan.tasks_dir)
            errlog: TextIO = stack.enter_context((plan.output / SERVER_LOG_FILE).open("w", encoding="utf-8"))
            described = "stdio: " + " ".join(["coding-env-mcp", *params.args[2:]])
            target = stdio_client(params, errlog=errlog)
        try:
            client = await stack.enter_async_context(Client(target))
        except Exception as exc:
            if plan.url is not None:
                token_hint = "" if os.environ.get(TOKEN_ENV) else f"; if it requires a bearer token, set {TOKEN_ENV}"
                raise EvalError(
                    f"--url {plan.url}: cannot connect to an MCP server there ({_flatten(exc)}); start one with "
                    "streamable HTTP at that address (the URL usually ends in /mcp) or drop --url to spawn one "
                    f"over stdio{token_hint}"
                ) from None
            tail = _log_tail(plan.output / SERVER_LOG_FILE)
            raise EvalError(f"the spawned server did not start ({_flatten(exc)}); its log says: {tail}") from None
        yield client, described


async def select_tasks(client: Client, selection: Selection) -> list[dict[str, Any]]:
    """The server's tasks matching `selection`, by id; `EvalError` names unknown ids or an empty selection."""
    catalogue = await _call(client, "list_tasks", {})
    everything = {task["task_id"]: task for task in catalogue["tasks"]}
    unknown = [task_id for task_id in selection.task_ids if task_id not in everything]
    if unknown:
        raise EvalError(f"unknown task(s) {', '.join(unknown)}; the server has: {', '.join(sorted(everything))}")
    chosen = [
        task
        for task_id, task in sorted(everything.items())
        if (not selection.task_ids or task_id in selection.task_ids)
        and (selection.split is None or task["split"] == selection.split)
        and (selection.difficulty is None or task["difficulty"] == selection.difficulty)
        and all(tag in task["tags"] for tag in selection.tags)
    ]
    if not chosen:
        given = ", ".join(f"{key}={value}" for key, value in selection.describe().items() if value)
        raise EvalError(f"no task matches {given or 'the selection'}; `coding-env-mcp tasks list` shows what exists")
    return chosen


async def _call(client: Client, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A tool call the runner itself needs to succeed; its failure is an error of the rollout."""
    result = await client.call_tool(name, arguments)
    if result.is_error or result.structured_content is None:
        text = " ".join(item.text for item in result.content if isinstance(item, TextContent))
        raise RuntimeError(f"{name} failed: {text}")
    return result.structured_content


async def play_rollout(
    client: Client,
    tools: list[Tool],
    agent: Agent,
    task: dict[str, Any],
    rollout: int,
    run_id: str,
    timeout_s: float,
) -> RolloutResult:
    """One rollout of `agent` on `task`, recorded whatever happens."""
    started = time.monotonic()
    session: EpisodeSession | None = None
    error: str | None = None
    finished_by = None
    grade: EpisodeGrade | None = None
    try:
        with anyio.fail_after(timeout_s):
            # Blind feedback: an evaluated agent learns nothing of its grade until the episode ends, so it
            # cannot tune its findings on the grader's replies; agents cannot reset (the runner owns that).
            observation = await _call(client, "reset_episode", {"task_id": task["task_id"], "feedback": "blind"})
            session = EpisodeSession(client=client, tools=tools, observation=observation, rollout=rollout)
            await agent.play(session)
    except TimeoutError:
        error = f"timed out after {timeout_s:g}s"
    except Exception as exc:
        error = _flatten(exc)
    if session is not None:
        try:
            with anyio.fail_after(FINISH_TIMEOUT_S):
                if session.done:
                    finished_by = "agent"
                elif session.tool("finish_episode") is not None:  # a server predating it: grade as is
                    await _call(client, "finish_episode", {"episode_id": session.episode_id})
                    finished_by = "runner"
                grade = EpisodeGrade.model_validate(
                    await _call(client, "get_grade", {"episode_id": session.episode_id})
                )
        except (Exception, TimeoutError) as exc:
            error = (error + "; " if error else "") + f"grading: {_flatten(exc)}"
            finished_by = None
    return RolloutResult(
        run_id=run_id,
        agent=agent.name,
        model=agent.model,
        task_id=task["task_id"],
        difficulty=task["difficulty"],
        split=task["split"],
        tags=list(task.get("tags", [])),
        rollout=rollout,
        episode_id=session.episode_id if session else None,
        score=grade.score if grade else None,
        done=bool(grade and grade.done),
        finished_by=finished_by,
        findings=[SubmittedFinding(**finding) for finding in session.findings] if session else [],
        verdict=session.verdict if session else None,
        grade=grade,
        tool_calls=session.tool_counts() if session else {},
        turns=session.turns if session else None,
        duration_s=round(time.monotonic() - started, 3),
        error=error,
    )


async def run(plan: EvalPlan, progress_stream: TextIO | None = None) -> tuple[list[RolloutResult], dict[str, Any]]:
    """Play every rollout of the plan; returns the results (task, rollout order) and the run's metadata.

    Raises `EvalError` as itself, even when the client's task groups wrapped it in an exception group.
    """
    try:
        return await _run(plan, progress_stream)
    except BaseExceptionGroup as group:
        matched, _ = group.split(EvalError)
        while isinstance(matched, BaseExceptionGroup):
            matched = matched.exceptions[0]
        if matched is not None:
            raise matched from None
        raise


async def _run(plan: EvalPlan, progress_stream: TextIO | None) -> tuple[list[RolloutResult], dict[str, Any]]:
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    results: list[RolloutResult] = []
    async with connect(plan) as (client, server):
        tools = (await client.list_tools()).tools
        tasks = await select_tasks(client, plan.selection)
        progress = Progress(len(tasks) * plan.rollouts, stream=progress_stream)
        limiter = anyio.Semaphore(plan.concurrency)
        with (plan.output / RESULTS_FILE).open("w", encoding="utf-8") as out:

            async def one(task: dict[str, Any], rollout: int) -> None:
                async with limiter:
                    result = await play_rollout(
                        client, tools, plan.agent, task, rollout, run_id, plan.rollout_timeout_s
                    )
                results.append(result)
                out.write(result.model_dump_json() + "\n")
                out.flush()
                progress.advance(f"{task['task_id']}#{rollout}", result.score, result.error)

            try:
                async with anyio.create_task_group() as group:
                    for task in tasks:
                        for rollout in range(plan.rollouts):
                            group.start_soon(one, task, rollout)
            finally:
                progress.close()
        protocol = client.protocol_version
    results.sort(key=lambda row: (row.task_id, row.rollout))
    meta = {
        "run_id": run_id,
        "agent": plan.agent.name,
        "model": plan.agent.model,
        "server": server,
        "protocol_version": protocol,
        "coding_env_mcp_version": __version__,
        "selection": plan.selection.describe(),
        "tasks": len(tasks),
        "rollouts": plan.rollouts,
        "concurrency": plan.concurrency,
        "rollout_timeout_s": plan.rollout_timeout_s,
        "started_at": started_at,
        "wall_s": round(time.monotonic() - started, 2),
        "graded_by": "server",
    }
    return results, meta
