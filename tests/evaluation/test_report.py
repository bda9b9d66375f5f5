"""Aggregating rollouts (mean ± std, per-component means, errors) and the progress bar's two modes."""

from __future__ import annotations

import io
import statistics

import pytest

from coding_env_mcp.core.grader import episode_grade
from coding_env_mcp.evaluation.progress import Progress
from coding_env_mcp.evaluation.report import markdown_report, summarize, text_report
from coding_env_mcp.evaluation.results import RolloutResult, SubmittedFinding
from coding_env_mcp.models import ReviewAction

from ..conftest import perfect_findings


def rollout(task, rollout: int, findings: list[dict], error: str | None = None) -> RolloutResult:
    actions = [ReviewAction(**f) for f in findings]
    verdict = "approve" if task.is_clean and not findings else "request_changes"
    grade = episode_grade(f"e{rollout}", task, actions, done=True, verdict=verdict)
    return RolloutResult(
        run_id="r",
        agent="test",
        task_id=task.task_id,
        difficulty=task.difficulty,
        split=task.split,
        rollout=rollout,
        episode_id=f"e{rollout}",
        score=grade.score,
        done=True,
        findings=[SubmittedFinding(**f) for f in findings],
        grade=grade,
        duration_s=0.1,
        error=error,
    )


def test_statistics_per_task_difficulty_and_overall(registry):
    easy, hard = registry.get("task_easy_1"), registry.get("task_hard_8")
    perfect = perfect_findings(easy)
    vague = [{**perfect[0], "severity": None, "line_number": None, "review": "wrong"}]
    rows = [
        rollout(easy, 0, perfect),
        rollout(easy, 1, vague),
        rollout(hard, 0, []),
        RolloutResult(
            run_id="r",
            agent="test",
            task_id=hard.task_id,
            difficulty="hard",
            split="train",
            rollout=1,
            episode_id=None,
            score=None,
            duration_s=1.0,
            error="boom",
        ),
    ]
    summary = summarize(rows, {"run_id": "r"})
    task = summary["by_task"]["task_easy_1"]
    scores = [rows[0].score, rows[1].score]
    assert task["rollouts"] == 2 and task["errors"] == 0
    assert task["score_mean"] == pytest.approx(statistics.fmean(scores), abs=1e-4)
    assert task["score_std"] == pytest.approx(statistics.stdev(scores), abs=1e-4)
    # one planted issue per rollout, pooled: the vague finding has no line, so it earns nothing at all
    assert task["components"] == {"line": 0.15, "type": 0.1, "severity": 0.05, "evidence": 0.195}
    hard_stats = summary["by_task"]["task_hard_8"]
    assert hard_stats["rollouts"] == 2 and hard_stats["errors"] == 1 and hard_stats["score_std"] == 0.0
    assert hard_stats["components"]["line"] == 0.0 and hard_stats["recall"] == 0.0
    assert summary["overall"]["rollouts"] == 4 and summary["overall"]["errors"] == 1
    assert list(summary["by_difficulty"]) == ["easy", "hard"]
    assert summary["by_split"]["train"]["rollouts"] == 3  # the failed rollout names split "train"

    report = markdown_report(
        {
            **summary,
            "run": {
                "agent": "test",
                "run_id": "r",
                "tasks": 2,
                "rollouts": 2,
                "concurrency": 1,
                "server": "stdio",
                "started_at": "now",
                "wall_s": 1.0,
            },
        }
    )
    assert "| task_easy_1 | easy | 2 |" in report and "| all | 4 |" in report and "| train | 3 |" in report
    assert "task_hard_8" in text_report(summary)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_redraws_on_a_terminal_and_prints_lines_otherwise():
    log = io.StringIO()
    progress = Progress(2, stream=log)
    progress.advance("a#0", 0.5)
    progress.advance("b#0", None, error="timed out")
    progress.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 2 and "1/2" in lines[0] and "score 0.500" in lines[0]
    assert "2/2" in lines[1] and "1 error(s)" in lines[1] and "error: timed out" in lines[1]

    tty = Terminal()
    progress = Progress(2, stream=tty)
    progress.advance("a#0", 0.5)
    progress.close()
    assert tty.getvalue().count("\r") == 2 and tty.getvalue().endswith("\n") and "1/2" in tty.getvalue()


def test_headline_metrics_separate_buggy_pr_skill_from_clean_pr_specificity(registry):
    """Approving everything scores the clean share overall: the report shows it as 0 on buggy PRs."""
    clean = next(task for task in registry.select() if task.is_clean)
    buggy = registry.get("task_easy_1")
    rows = [rollout(clean, 0, []), rollout(buggy, 0, []), rollout(buggy, 1, perfect_findings(buggy))]
    stats = summarize(rows, {"run_id": "r"})["overall"]
    assert stats["specificity"] == 1.0
    assert stats["buggy_score"] == pytest.approx((0.01 + 0.99) / 2)
