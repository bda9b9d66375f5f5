"""`coding-env-mcp episodes list|show|export|prune|schema`: reading the episode record.

    coding-env-mcp episodes list [--status open|finished] [--task ID] [--limit N] [--json]
    coding-env-mcp episodes show EPISODE_ID [--json]
    coding-env-mcp episodes export [--output FILE] [--status ...] [--task ID] [--episode ID ...]
    coding-env-mcp episodes prune --older-than-days N
    coding-env-mcp episodes schema          the JSON Schema of one exported line

Every command takes `--db` (else `CODING_ENV_MCP_DB`, else the per-user default). The database must
exist: these commands never create one. Reading is safe while a server writes (WAL).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..records.sql import EpisodeRecords, EpisodeSummary
from ..records.trajectories import schema_json, trajectories, trajectory
from ..settings import ConfigError, positive_float, positive_int
from .compose import add_db_argument, open_records


def add_episodes_commands(commands: argparse._SubParsersAction) -> None:
    """Register `episodes ...` on the top-level parser's sub-commands."""
    episodes = commands.add_parser("episodes", help="list, show, export and prune recorded episodes")
    sub = episodes.add_subparsers(dest="episodes_command", required=True)

    listing = sub.add_parser("list", help="recorded episodes, newest first")
    listing.add_argument("--status", choices=["open", "finished"])
    listing.add_argument("--task", metavar="TASK_ID")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N", help="at most N (default 50)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)

    show = sub.add_parser("show", help="one episode: observation, every action, final grade")
    show.add_argument("episode_id")
    show.add_argument("--json", action="store_true", help="print the trajectory as JSON")
    show.set_defaults(func=_show)

    export = sub.add_parser("export", help="write trajectories as JSON lines (docs/trajectories.md)")
    export.add_argument("--output", "-o", type=Path, default=None, metavar="FILE", help="default: stdout")
    export.add_argument("--status", choices=["open", "finished"])
    export.add_argument("--task", metavar="TASK_ID")
    export.add_argument("--episode", action="append", metavar="EPISODE_ID", help="only these (repeatable)")
    export.set_defaults(func=_export)

    prune = sub.add_parser("prune", help="delete episodes with no activity for N days")
    prune.add_argument("--older-than-days", type=positive_float, required=True, metavar="N")
    prune.set_defaults(func=_prune)

    schema = sub.add_parser("schema", help="print the JSON Schema of one exported trajectory line")
    schema.set_defaults(func=_schema, needs_db=False)

    for parser in (listing, show, export, prune):
        add_db_argument(parser)


def _time(timestamp: float | None) -> str:
    if timestamp is None:
        return "-"
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _summary_json(summary: EpisodeSummary) -> dict:
    return {
        "episode_id": summary.episode_id,
        "task_id": summary.task_id,
        "difficulty": summary.difficulty,
        "split": summary.split,
        "status": summary.status,
        "started_at": _time(summary.started_at),
        "finished_at": _time(summary.finished_at) if summary.finished_at is not None else None,
        "step_count": summary.step_count,
        "max_steps": summary.max_steps,
        "run_count": summary.run_count,
        "score": summary.score,
    }


def _records(args: argparse.Namespace) -> EpisodeRecords:
    return open_records(args, create=False)


def _list(args: argparse.Namespace) -> int:
    with _records(args) as records:
        rows = records.summaries(status=args.status, task_id=args.task, limit=args.limit)
        total = records.count()
    if args.json:
        print(json.dumps([_summary_json(row) for row in rows], indent=2))
        return 0
    print(f"{'episode_id':<24} {'task_id':<24} {'status':<8} {'steps':>5} {'runs':>4} {'score':>6}  started")
    for row in rows:
        score = f"{row.score:.4f}" if row.score is not None else "-"
        print(
            f"{row.episode_id:<24} {row.task_id:<24} {row.status:<8} {row.step_count:>5} {row.run_count:>4} "
            f"{score:>6}  {_time(row.started_at)}"
        )
    print(f"{len(rows)} shown of {total} episode(s) in {records.path}")
    return 0


def _show(args: argparse.Namespace) -> int:
    with _records(args) as records:
        detail = records.detail(args.episode_id)
        if detail is None:
            recent = ", ".join(row.episode_id for row in records.summaries(limit=5)) or "none"
            raise ConfigError(
                f"no episode {args.episode_id!r} in {records.path}; the most recent are: {recent} "
                "(see `coding-env-mcp episodes list`)"
            )
        actions = records.actions(args.episode_id)
    item = trajectory(detail, actions)
    if args.json:
        print(item.model_dump_json(indent=2))
        return 0
    s = detail.summary
    print(f"episode {s.episode_id}  task {s.task_id} ({s.difficulty}, {s.split})  {s.status}")
    print(f"started {_time(s.started_at)}  finished {_time(s.finished_at)}  findings {s.step_count}/{s.max_steps}")
    print(f"\n# {detail.observation.pr_title}\n")
    for step in item.steps:
        when = step.at.strftime("%H:%M:%S")
        if step.kind == "run_python":
            result = step.result
            first = step.action.code.strip().splitlines()[0] if step.action.code.strip() else ""
            print(
                f"[{step.index}] {when} run_python exit={result.exit_code} {result.duration_s:.2f}s "
                f"isolation={result.isolation}: {first[:80]}"
            )
            if result.notice:
                print(f"      notice: {result.notice}")
        elif step.kind == "submit_review":
            a = step.action
            where = f"{a.file_path}:{a.line_number}" if a.file_path else "(no file)"
            print(
                f"[{step.index}] {when} submit_review {where} {a.issue_type}/{a.bug_type} {a.severity} "
                f"final={a.final} -> reward {step.reward:.2f}, episode {step.episode_score:.4f}"
            )
            print(f"      {step.feedback}")
        else:
            print(f"[{step.index}] {when} finish_episode")
    if detail.final_grade is not None:
        grade = detail.final_grade
        print(
            f"\nfinal grade {grade.score:.4f}: {grade.issues_found}/{grade.issues_total} issue(s) found, "
            f"{grade.false_positives} false positive(s), precision {grade.precision}, recall {grade.recall}"
        )
        for issue in grade.issues or []:
            c = issue.components
            print(
                f"  issue {issue.index}: score {issue.score:.2f} (line {c.line:.2f} type {c.type:.2f} "
                f"severity {c.severity:.2f} evidence {c.evidence:.2f})"
            )
    else:
        print("\nopen: no final grade yet")
    return 0


def _export(args: argparse.Namespace) -> int:
    with _records(args) as records:
        if args.episode:
            ids = list(dict.fromkeys(args.episode))
            missing = [episode_id for episode_id in ids if records.detail(episode_id) is None]
            if missing:
                raise ConfigError(f"no episode(s) {', '.join(map(repr, missing))} in {records.path}")
        else:
            ids = [row.episode_id for row in reversed(records.summaries(status=args.status, task_id=args.task))]
        if args.output is not None and not args.output.parent.is_dir():
            raise ConfigError(f"--output {args.output}: folder {args.output.parent} does not exist")
        out = args.output.open("w", encoding="utf-8") if args.output is not None else sys.stdout
        count = 0
        try:
            for item in trajectories(records, ids):
                out.write(item.model_dump_json() + "\n")
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
    print(f"exported {count} trajectory(ies) from {records.path}", file=sys.stderr)
    return 0


def _prune(args: argparse.Namespace) -> int:
    with _records(args) as records:
        deleted = records.prune(args.older_than_days)
    print(f"deleted {deleted} episode(s) idle or finished for over {args.older_than_days:g} day(s)")
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(schema_json())
    return 0
