"""The env core's recording hooks: what it tells an episode recorder, and what it gets back to restore one.

The env calls an `EpisodeRecorder` at every event that changes an episode (reset, finding, run, finish),
inside that episode's lock and *before* it changes its in-memory state. So a record that cannot be written
fails the call instead of leaving memory and record apart, and events reach the recorder in the order the
episode saw them. `load` is how the env brings back an episode it no longer holds in memory: after a
restart, or after the bounded in-memory store evicted it.

This module is pure (no I/O); `records/sqlite.py` holds the SQLite implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..models import EpisodeGrade, FeedbackMode, Observation, ReviewAction, RunResult, StepResult
from ..sandbox import Cell
from .tasks import Task


def replayable(code: str, timeout_s: float, result: RunResult) -> Cell | None:
    """The cell a recorded run contributes to its notebook, or None if the run ended its interpreter."""
    return None if result.state_lost or result.timed_out else Cell(code, timeout_s, result.exit_code)


class RecordingError(RuntimeError):
    """The recorder could not write or read a record (disk full, database locked or corrupt, ...)."""


@dataclass(frozen=True)
class RecordedEpisode:
    """What the env needs to continue an episode: its task, its findings in order, and its run book-keeping.

    Grades are not stored here on purpose: the env recomputes them by replaying `findings` through the
    pure grader. A finished episode also carries the grade snapshot taken when it finished, which is what
    `get_grade` returns for it from then on (so a later change of task or grader cannot rewrite history).
    """

    episode_id: str
    task_id: str
    max_steps: int
    findings: tuple[ReviewAction, ...]
    run_count: int
    last_exit_code: int | None
    final_grade: EpisodeGrade | None
    feedback: FeedbackMode = "full"
    cells: tuple[Cell, ...] = ()  # the run_python calls that kept their interpreter, to restore the notebook

    @property
    def done(self) -> bool:
        return self.final_grade is not None


class EpisodeRecorder(Protocol):
    """Receives every event of every episode; the system of record behind the env's in-memory store."""

    def episode_started(self, task: Task, observation: Observation) -> None:
        """A new episode on `task`; `observation` is the first one the agent sees."""

    def finding_submitted(
        self,
        episode_id: str,
        action: ReviewAction,
        final: bool,
        result: StepResult,
        final_grade: EpisodeGrade | None,
    ) -> None:
        """One graded finding; `final_grade` is set when this finding ended the episode."""

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult) -> None:
        """One `run_python` call and what it returned (the result names the isolation level)."""

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade) -> None:
        """The episode ended without a further finding (`finish_episode`)."""

    def load(self, episode_id: str) -> RecordedEpisode | None:
        """The recorded episode, or None if there is no record of it."""

    def close(self) -> None:
        """Release the recorder's resources; no call follows."""


class NullRecorder:
    """Records nothing: episodes live only in memory, as before there was a record (the default for tests)."""

    def episode_started(self, task: Task, observation: Observation) -> None:
        pass

    def finding_submitted(
        self,
        episode_id: str,
        action: ReviewAction,
        final: bool,
        result: StepResult,
        final_grade: EpisodeGrade | None,
    ) -> None:
        pass

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult) -> None:
        pass

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade) -> None:
        pass

    def load(self, episode_id: str) -> RecordedEpisode | None:
        return None

    def close(self) -> None:
        pass
