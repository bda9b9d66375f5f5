"""Episode trajectories as JSON lines: the export format RL and analysis pipelines read.

One line per episode. Every line names its format and version (`format`, `schema_version`) so a reader
can refuse what it does not understand; fields are only ever added within a version. The schema is the
pydantic model `Trajectory` below (`coding-env-mcp episodes schema` prints it as JSON Schema) and is
documented in docs/trajectories.md.

Rewards: each `submit_review` step carries the finding's `reward` (the per-step signal) and the running
`episode_score`; the trajectory's `reward` is the final episode score (None while the episode is open),
the terminal signal most pipelines want.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import EpisodeGrade, FindingGrade, Observation, ReviewAction, RunResult
from .sql import ActionRecord, EpisodeDetail, EpisodeRecords

TRAJECTORY_FORMAT = "coding-env-mcp/trajectory"
SCHEMA_VERSION = 1


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(description="0-based position of the action in the episode.")
    at: datetime = Field(description="When the env handled the action (UTC).")


class RunAction(BaseModel):
    code: str
    timeout_s: float


class RunPythonStep(_Step):
    """The agent ran code against the PR; `result` says how it went and under which isolation."""

    kind: Literal["run_python"] = "run_python"
    action: RunAction
    result: RunResult


class SubmitAction(ReviewAction):
    final: bool = False


class SubmitReviewStep(_Step):
    """The agent submitted one finding and was graded at once."""

    kind: Literal["submit_review"] = "submit_review"
    action: SubmitAction
    reward: float = Field(description="The finding's score (the per-step reward).")
    feedback: str
    done: bool = Field(description="Whether this finding ended the episode.")
    episode_score: float = Field(description="The episode score after this finding.")
    finding: FindingGrade = Field(description="The finding's grade with its per-component breakdown.")


class FinishEpisodeStep(_Step):
    """The agent ended the episode without a further finding."""

    kind: Literal["finish_episode"] = "finish_episode"


Step = Annotated[RunPythonStep | SubmitReviewStep | FinishEpisodeStep, Field(discriminator="kind")]


class Trajectory(BaseModel):
    """One episode: what the agent saw first, everything it did, and how it was graded."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["coding-env-mcp/trajectory"] = TRAJECTORY_FORMAT
    schema_version: Literal[1] = SCHEMA_VERSION
    episode_id: str
    task_id: str
    difficulty: str
    split: str
    max_steps: int
    status: Literal["open", "finished"]
    started_at: datetime
    finished_at: datetime | None
    observation: Observation = Field(description="The first observation (what reset_episode returned).")
    steps: list[Step]
    final_grade: EpisodeGrade | None = Field(description="The grade when the episode finished, with components.")
    reward: float | None = Field(description="The final episode score; None while the episode is open.")


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _step(index: int, record: ActionRecord) -> RunPythonStep | SubmitReviewStep | FinishEpisodeStep:
    at = _when(record.at)
    if record.kind == "run_python":
        return RunPythonStep(index=index, at=at, action=RunAction(**record.action), result=RunResult(**record.outcome))
    if record.kind == "submit_review":
        outcome = record.outcome
        return SubmitReviewStep(
            index=index,
            at=at,
            action=SubmitAction(**record.action),
            reward=outcome["reward"],
            feedback=outcome["feedback"],
            done=outcome["done"],
            episode_score=outcome["episode_score"],
            finding=FindingGrade(**outcome["finding"]),
        )
    return FinishEpisodeStep(index=index, at=at)


def trajectory(detail: EpisodeDetail, actions: list[ActionRecord]) -> Trajectory:
    """Build one episode's trajectory from its record."""
    summary = detail.summary
    return Trajectory(
        episode_id=summary.episode_id,
        task_id=summary.task_id,
        difficulty=summary.difficulty,
        split=summary.split,
        max_steps=summary.max_steps,
        status=summary.status,
        started_at=_when(summary.started_at),
        finished_at=_when(summary.finished_at) if summary.finished_at is not None else None,
        observation=detail.observation,
        steps=[_step(index, action) for index, action in enumerate(actions)],
        final_grade=detail.final_grade,
        reward=detail.final_grade.score if detail.final_grade is not None else None,
    )


def trajectories(records: EpisodeRecords, episode_ids: Iterable[str]) -> Iterator[Trajectory]:
    """Trajectories of `episode_ids` (ids without a record are skipped), one database read each."""
    for episode_id in episode_ids:
        detail = records.detail(episode_id)
        if detail is not None:
            yield trajectory(detail, records.actions(episode_id))


def schema_json() -> str:
    """The JSON Schema of one line of an export."""
    return json.dumps(Trajectory.model_json_schema(), indent=2)
