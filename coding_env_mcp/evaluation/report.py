"""Aggregating rollouts into `summary.json`, a Markdown report, and the table printed at the end of a run.

Statistics, per task, per difficulty and overall:
- `score`: mean ± sample standard deviation over rollouts (0 with a single rollout). Rollouts whose grade
  could not be obtained are counted in `errors` and left out of the means.
- `recall`, `precision`: means over rollouts that have them (recall is undefined on a clean PR).
- `fp`: false positives per episode.
- `buggy_score`: mean score over rollouts of PRs with planted issues; `specificity`: the share of rollouts
  of clean PRs approved with no finding. Reported apart so that abstaining (approving everything, which
  scores about the clean share overall) cannot pass for skill.
- components (`line`, `type`, `severity`, `evidence`): the points earned per *planted issue*,
  pooled over every planted issue of every rollout in the group (a missed issue earns 0 on each), so
  they show which part of the rubric an agent loses points on. Their maxima are the rubric's weights.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..core.grader import DEFAULT_RUBRIC
from ..models import DIFFICULTIES, SPLITS
from .results import RolloutResult

SUMMARY_FORMAT = "coding-env-mcp/eval-summary"
SUMMARY_SCHEMA_VERSION = 1
COMPONENTS = ("line", "type", "severity", "evidence")
COMPONENT_MAX = {
    "line": DEFAULT_RUBRIC.line_inside,
    "type": DEFAULT_RUBRIC.issue_type,
    "severity": DEFAULT_RUBRIC.severity_exact,
    "evidence": DEFAULT_RUBRIC.evidence_max,
}


@dataclass(frozen=True)
class GroupStats:
    """The statistics of one group of rollouts (a task, a difficulty, or the whole run)."""

    rollouts: int
    errors: int
    score_mean: float | None
    score_std: float | None
    recall: float | None
    precision: float | None
    false_positives: float | None
    buggy_score: float | None
    specificity: float | None
    issues_planted: int
    components: dict[str, float] | None


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def group_stats(rows: list[RolloutResult]) -> GroupStats:
    graded = [row for row in rows if row.score is not None and row.grade is not None]
    scores = [row.score for row in graded if row.score is not None]
    buggy = [row for row in graded if row.grade and row.grade.clean is False]
    clean = [row for row in graded if row.grade and row.grade.clean]
    totals = dict.fromkeys(COMPONENTS, 0.0)
    planted = 0
    for row in graded:
        assert row.grade is not None
        for issue in row.grade.issues or []:
            planted += 1
            for name in COMPONENTS:
                totals[name] += getattr(issue.components, name)
    return GroupStats(
        rollouts=len(rows),
        errors=sum(row.error is not None or row.score is None for row in rows),
        score_mean=_mean(scores),
        score_std=round(statistics.stdev(scores), 4) if len(scores) > 1 else (0.0 if scores else None),
        recall=_mean([row.grade.recall for row in graded if row.grade and row.grade.recall is not None]),
        precision=_mean([row.grade.precision for row in graded if row.grade and row.grade.precision is not None]),
        false_positives=_mean([float(row.grade.false_positives) for row in graded if row.grade]),
        buggy_score=_mean([row.score for row in buggy if row.score is not None]),
        specificity=_mean([float(_approved_cleanly(row)) for row in clean]),
        issues_planted=planted,
        components={name: round(value / planted, 4) for name, value in totals.items()} if planted else None,
    )


def _approved_cleanly(row: RolloutResult) -> bool:
    assert row.grade is not None
    return row.grade.verdict == "approve" and not row.grade.findings


def _grouped(rows: Iterable[RolloutResult], key: Callable[[RolloutResult], str]) -> dict[str, list[RolloutResult]]:
    groups: dict[str, list[RolloutResult]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def summarize(rows: list[RolloutResult], run: dict[str, Any]) -> dict[str, Any]:
    """The content of `summary.json`: run metadata, then statistics overall, per difficulty and per task."""
    by_difficulty = _grouped(rows, lambda row: row.difficulty)
    ordered = [d for d in DIFFICULTIES if d in by_difficulty] + sorted(set(by_difficulty) - set(DIFFICULTIES))
    tasks = _grouped(sorted(rows, key=lambda row: (_natural(row.task_id), row.rollout)), lambda row: row.task_id)
    return {
        "format": SUMMARY_FORMAT,
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "run": run,
        "component_max": COMPONENT_MAX,
        "overall": asdict(group_stats(rows)),
        "by_difficulty": {name: asdict(group_stats(by_difficulty[name])) for name in ordered},
        "by_split": {
            name: asdict(group_stats(group))
            for name, group in sorted(_grouped(rows, lambda row: row.split).items(), key=lambda i: _split_order(i[0]))
        },
        "by_task": {
            task_id: {"difficulty": group[0].difficulty, "split": group[0].split, **asdict(group_stats(group))}
            for task_id, group in tasks.items()
        },
    }


def _natural(text: str) -> list[tuple[int, int | str]]:
    """Sort key putting task_medium_2 before task_medium_10."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text)]


def _split_order(name: str) -> tuple[int, str]:
    return (SPLITS.index(name) if name in SPLITS else len(SPLITS), name)


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _score(stats: dict[str, Any]) -> str:
    if stats["score_mean"] is None:
        return "-"
    return f"{stats['score_mean']:.3f} ± {stats['score_std']:.3f}"


def _row(label: list[str], stats: dict[str, Any]) -> list[str]:
    components = stats["components"] or {}
    return [
        *label,
        str(stats["rollouts"]),
        _score(stats),
        _num(stats.get("buggy_score"), 3),
        _num(stats.get("specificity")),
        _num(stats["recall"]),
        _num(stats["precision"]),
        _num(stats["false_positives"]),
        *(_num(components.get(name)) for name in COMPONENTS),
        str(stats["errors"]),
    ]


def _header(label: list[str]) -> list[str]:
    parts = [f"{name} /{COMPONENT_MAX[name]:.2f}" for name in COMPONENTS]
    return [
        *label,
        "n",
        "score (mean ± std)",
        "buggy PRs",
        "specificity",
        "recall",
        "precision",
        "fp/ep",
        *parts,
        "errors",
    ]


def tables(summary: dict[str, Any]) -> dict[str, list[list[str]]]:
    """The report's tables as rows of cells (header first): by difficulty (with the total), split and task."""
    by_difficulty = [_header(["difficulty"])]
    for name, stats in summary["by_difficulty"].items():
        by_difficulty.append(_row([name], stats))
    by_difficulty.append(_row(["all"], summary["overall"]))
    by_split = [_header(["split"])] + [_row([name], stats) for name, stats in summary.get("by_split", {}).items()]
    by_task = [_header(["task", "difficulty"])]
    for task_id, stats in summary["by_task"].items():
        by_task.append(_row([task_id, stats["difficulty"]], stats))
    return {"difficulty": by_difficulty, "split": by_split, "task": by_task}


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)


def markdown_report(summary: dict[str, Any]) -> str:
    run = summary["run"]
    parts = [
        f"# Evaluation: {run['agent']}" + (f" ({run['model']})" if run.get("model") else ""),
        "",
        f"- run `{run['run_id']}`, {run['tasks']} task(s) x {run['rollouts']} rollout(s), "
        f"concurrency {run['concurrency']}, server {run['server']}",
        f"- started {run['started_at']}, wall time {run['wall_s']:.1f} s; grades from the "
        + ("server" if run.get("graded_by", "server") == "server" else f"re-scoring at {run.get('rescored_at')}"),
        "",
        "Score: mean ± sample standard deviation over rollouts. Buggy PRs: mean score on PRs with planted "
        "issues; specificity: share of clean PRs approved with no finding. Components: points earned per "
        "planted issue (maximum in the header). fp/ep: false positives per episode.",
        "",
        "## By difficulty",
        "",
        markdown_table(tables(summary)["difficulty"]),
        "",
        "## By split",
        "",
        markdown_table(tables(summary)["split"]),
        "",
        "## By task",
        "",
        markdown_table(tables(summary)["task"]),
        "",
    ]
    return "\n".join(parts)


def text_report(summary: dict[str, Any]) -> str:
    built = tables(summary)
    return (
        "By task\n"
        + text_table(built["task"])
        + "\n\nBy split\n"
        + text_table(built["split"])
        + "\n\nBy difficulty\n"
        + text_table(built["difficulty"])
    )
