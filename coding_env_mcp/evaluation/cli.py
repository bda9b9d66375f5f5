"""`coding-env-mcp eval`: run an agent over the task suite through MCP, or re-score a past run.

    coding-env-mcp eval --agent baseline --output runs/baseline
    coding-env-mcp eval --agent openai --difficulty hard --rollouts 4 --concurrency 8 --output runs/gpt
    coding-env-mcp eval --agent baseline --url http://127.0.0.1:8000/mcp --output runs/remote
    coding-env-mcp eval --rescore runs/baseline [--output runs/baseline-rescored]

The output folder gets `results.jsonl` (one line per rollout), `summary.json`, `report.md`, and, when the
runner spawned the server, `episodes.db` (the full episode record) and `server.log`. The table is printed
on stdout and progress on stderr. Exit status: 0 when every rollout was graded, 1 when any failed, 2 for
bad arguments. This module imports `mcp` only when a run starts, so other commands stay fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.tasks import TaskFormatError, TaskRegistry, default_tasks_dir
from ..models import DIFFICULTIES, SPLITS
from ..settings import ConfigError, positive_float, positive_int
from .agents import AGENTS, AgentConfigError
from .report import markdown_report, summarize, text_report
from .results import (
    DB_FILE,
    REPORT_FILE,
    RESULTS_FILE,
    SUMMARY_FILE,
    RolloutResult,
    RunFolderError,
    read_results,
    rescore,
    write_results,
)

OUTPUT_FILES = (RESULTS_FILE, SUMMARY_FILE, REPORT_FILE, DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm")


def add_eval_command(commands: argparse._SubParsersAction) -> None:
    """Register `eval` on the top-level parser's sub-commands."""
    parser = commands.add_parser(
        "eval",
        help="run an agent over tasks through MCP and report scores (or --rescore a past run)",
        description="Run an agent over a task selection through a real MCP client and write a results folder.",
    )
    parser.add_argument("--agent", default="baseline", help=f"one of: {', '.join(AGENTS)} (default baseline)")
    parser.add_argument("--output", "-o", type=Path, default=None, metavar="DIR", help="default runs/<agent>-<time>")
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--difficulty", choices=DIFFICULTIES)
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="tasks with this tag (repeatable)")
    parser.add_argument("--tasks", default=None, metavar="ID,ID", help="only these task ids (comma-separated)")
    parser.add_argument("--rollouts", type=positive_int, default=1, metavar="N", help="rollouts per task (1)")
    parser.add_argument("--concurrency", type=positive_int, default=4, metavar="N", help="episodes at once (4)")
    parser.add_argument(
        "--rollout-timeout", type=positive_float, default=600.0, metavar="S", help="seconds per rollout (600)"
    )
    parser.add_argument("--max-turns", type=positive_int, default=30, metavar="N", help="model turns (chat agents)")
    parser.add_argument("--url", default=None, help="a running streamable-HTTP MCP server (default: spawn over stdio)")
    parser.add_argument("--tasks-dir", type=Path, default=None, help="task suite for the spawned server / rescoring")
    parser.add_argument("--force", action="store_true", help="overwrite the results already in --output")
    parser.add_argument("--rescore", type=Path, default=None, metavar="RUN_DIR", help="re-grade a past run offline")
    parser.set_defaults(func=_eval)


def _prepare_output(output: Path, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise ConfigError(f"--output {output}: exists and is not a folder")
    existing = [name for name in OUTPUT_FILES if (output / name).exists()]
    if existing and not force:
        raise ConfigError(
            f"--output {output}: already holds {', '.join(existing)}; pass --force to overwrite, or choose another "
            "folder (to re-grade that run, use --rescore)"
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot create it: {exc}") from None
    for name in existing:
        (output / name).unlink()


def write_outputs(output: Path, rows: list[RolloutResult], run: dict[str, Any]) -> dict[str, Any]:
    """Write results.jsonl, summary.json and report.md; returns the summary."""
    summary = summarize(rows, run)
    write_results(output / RESULTS_FILE, rows)
    (output / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (output / REPORT_FILE).write_text(markdown_report(summary), encoding="utf-8")
    return summary


def _finish(output: Path, rows: list[RolloutResult], run: dict[str, Any]) -> int:
    summary = write_outputs(output, rows, run)
    print(text_report(summary))
    failed = summary["overall"]["errors"]
    print(f"\n{len(rows)} rollout(s), {failed} failed; wrote {output / RESULTS_FILE}, {SUMMARY_FILE}, {REPORT_FILE}")
    return 1 if failed else 0


def _run(args: argparse.Namespace) -> int:
    from . import runner  # imports mcp (~1 s): only when a run starts
    from .agents import make_agent

    output = args.output or Path("runs") / f"{args.agent}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    if args.agent not in AGENTS:
        raise ConfigError(f"--agent {args.agent!r}: unknown agent; accepted: {', '.join(AGENTS)}")
    if args.url is not None and not args.url.startswith(("http://", "https://")):
        raise ConfigError(
            f"--url {args.url!r}: expected an http(s) URL of a streamable-HTTP MCP endpoint, e.g. "
            "http://127.0.0.1:8000/mcp"
        )
    if args.url is not None and args.tasks_dir is not None:
        raise ConfigError("--tasks-dir only applies to a spawned server; a server at --url serves its own tasks")
    tasks_dir = args.tasks_dir
    if args.url is None:
        tasks_dir = tasks_dir or default_tasks_dir()
        if not tasks_dir.is_dir():
            raise ConfigError(f"--tasks-dir {tasks_dir}: not a folder")
    try:
        agent = make_agent(args.agent, max_turns=args.max_turns)
    except AgentConfigError as exc:
        raise ConfigError(f"--agent {args.agent}: {exc}") from None
    _prepare_output(output, args.force)
    selection = runner.Selection(
        split=args.split,
        difficulty=args.difficulty,
        tags=tuple(args.tag),
        task_ids=tuple(task.strip() for task in (args.tasks or "").split(",") if task.strip()),
    )
    plan = runner.EvalPlan(
        agent=agent,
        selection=selection,
        rollouts=args.rollouts,
        concurrency=args.concurrency,
        rollout_timeout_s=args.rollout_timeout,
        output=output,
        url=args.url,
        tasks_dir=tasks_dir,
    )

    async def main() -> tuple[list[RolloutResult], dict[str, Any]]:
        try:
            return await runner.run(plan)
        finally:
            await agent.aclose()

    import anyio

    try:
        rows, run = anyio.run(main)
    except runner.EvalError as exc:
        raise ConfigError(str(exc)) from None
    return _finish(output, rows, run)


def _rescore(args: argparse.Namespace) -> int:
    run_dir: Path = args.rescore
    try:
        rows = read_results(run_dir)
    except RunFolderError as exc:
        raise ConfigError(f"--rescore: {exc}") from None
    try:
        registry = TaskRegistry.load(args.tasks_dir)
    except TaskFormatError as exc:
        raise ConfigError(f"--tasks-dir: {exc}") from None
    try:
        rescored = rescore(rows, registry)
    except RunFolderError as exc:
        raise ConfigError(f"--rescore {run_dir}: {exc}") from None
    run: dict[str, Any] = {}
    summary_path = run_dir / SUMMARY_FILE
    if summary_path.is_file():
        try:
            run = json.loads(summary_path.read_text(encoding="utf-8")).get("run", {})
        except (ValueError, AttributeError):
            raise ConfigError(f"--rescore: {summary_path} is not valid JSON; remove it to re-score anyway") from None
    tasks = {row.task_id for row in rows}
    run = {
        "run_id": rows[0].run_id,
        "agent": rows[0].agent,
        "model": rows[0].model,
        "server": "-",
        "tasks": len(tasks),
        "rollouts": max(row.rollout for row in rows) + 1,
        "concurrency": "-",
        "started_at": "-",
        "wall_s": 0.0,
        **run,
        "graded_by": "rescore",
        "rescored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rescored_from": str(run_dir),
    }
    output = args.output or run_dir
    if output != run_dir:
        _prepare_output(output, args.force)
    print(f"re-scored {len(rescored)} rollout(s) of {run_dir} with the current grader", file=sys.stderr)
    return _finish(output, rescored, run)


def _eval(args: argparse.Namespace) -> int:
    if args.rescore is not None:
        ignored = [flag for flag, value in (("--url", args.url), ("--tasks", args.tasks)) if value]
        if ignored:
            raise ConfigError(f"--rescore re-grades recorded findings; {', '.join(ignored)} does not apply")
        return _rescore(args)
    return _run(args)
