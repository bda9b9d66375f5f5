"""One line of `results.jsonl` per rollout, reading a run folder back, and re-scoring recorded findings.

A rollout's `findings` are exactly the `submit_review` arguments the server accepted, in order: that is
all the grader needs, so a past run can be re-scored with the current grader and answer keys without
running the agent again (`coding-env-mcp eval --rescore RUN_DIR`). The `grade` is derived data.

This module does not import `mcp`: re-scoring is pure and offline.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..core.grader import episode_grade
from ..core.tasks import TaskRegistry
from ..models import EpisodeGrade, ReviewAction, Verdict

RESULT_FORMAT = "coding-env-mcp/eval-result"
RESULT_SCHEMA_VERSION = 1
RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"
REPORT_FILE = "report.md"
DB_FILE = "episodes.db"
SERVER_LOG_FILE = "server.log"


class RunFolderError(ValueError):
    """A run folder that cannot be read or re-scored; the message names the file, line and what is expected."""


class SubmittedFinding(ReviewAction):
    """A finding as the agent submitted it, with the `final` flag (and the verdict a final finding may carry)."""

    final: bool = False
    verdict: Verdict | None = None


class RolloutResult(BaseModel):
    """One rollout: which task, what the agent submitted, how it was graded, and what it cost."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["coding-env-mcp/eval-result"] = RESULT_FORMAT
    schema_version: Literal[1] = RESULT_SCHEMA_VERSION
    run_id: str
    agent: str
    model: str | None = None
    task_id: str
    difficulty: str
    split: str
    tags: list[str] = Field(default_factory=list)
    rollout: int = Field(description="0-based rollout index within the task.")
    episode_id: str | None = Field(description="None when the episode could not even be started.")
    score: float | None = Field(description="The episode score; None if no grade could be obtained.")
    done: bool = False
    finished_by: Literal["agent", "runner"] | None = Field(
        None, description="'runner' when the agent stopped without ending the episode and the runner finished it."
    )
    findings: list[SubmittedFinding] = Field(default_factory=list)
    verdict: Verdict | None = Field(None, description="The verdict the agent ended the episode with, if any.")
    grade: EpisodeGrade | None = None
    graded_by: Literal["server", "rescore"] = "server"
    tool_calls: dict[str, int] = Field(default_factory=dict)
    turns: int | None = Field(None, description="Model turns (chat agents only).")
    duration_s: float
    error: str | None = None


def write_results(path: Path, rows: Iterable[RolloutResult]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(row.model_dump_json() + "\n")


def read_results(run_dir: Path) -> list[RolloutResult]:
    """The rollouts of a run folder; `RunFolderError` names what is missing or malformed."""
    if not run_dir.is_dir():
        raise RunFolderError(f"{run_dir}: not a folder (expected a run folder written by `coding-env-mcp eval`)")
    path = run_dir / RESULTS_FILE
    if not path.is_file():
        raise RunFolderError(
            f"{run_dir}: no {RESULTS_FILE} (a run folder written by `coding-env-mcp eval` holds "
            f"{RESULTS_FILE}, {SUMMARY_FILE} and {REPORT_FILE})"
        )
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(RolloutResult.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(line)"
            raise RunFolderError(
                f"{path}:{number}: not a {RESULT_FORMAT} v{RESULT_SCHEMA_VERSION} line ({where}: {first['msg']})"
            ) from None
    if not rows:
        raise RunFolderError(f"{path}: no rollouts in it")
    return rows


def rescore(rows: list[RolloutResult], registry: TaskRegistry) -> list[RolloutResult]:
    """Grade every rollout's recorded findings again with the current grader and answer keys.

    Every rescored episode counts as finished (the runner always ends episodes). Rollouts that never
    started an episode keep no grade.
    """
    unknown = sorted({row.task_id for row in rows} - set(registry.ids()))
    if unknown:
        raise RunFolderError(
            f"the run played task(s) {', '.join(unknown)} that the task suite no longer has; pass the suite it "
            "was run on with --tasks-dir"
        )
    rescored = []
    for row in rows:
        if row.episode_id is None:
            rescored.append(row.model_copy(update={"graded_by": "rescore"}))
            continue
        task = registry.get(row.task_id)
        assert task is not None  # checked above
        findings = [ReviewAction(**finding.model_dump(exclude={"final", "verdict"})) for finding in row.findings]
        grade = episode_grade(row.episode_id, task, findings, done=True, verdict=row.verdict)
        rescored.append(row.model_copy(update={"grade": grade, "score": grade.score, "graded_by": "rescore"}))
    return rescored
