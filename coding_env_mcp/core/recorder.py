"""The env core's recording hooks: what it tells an episode recorder, and what it gets back to restore one.

The env calls an `EpisodeRecorder` at every event that changes an episode (reset, finding, run, finish),
inside that episode's lock and *before* it changes its in-memory state. So a record that cannot be written
fails the call instead of leaving memory and record apart, and events reach the recorder in the order the
episode saw them. `load` is how the env brings back an episode it no longer holds in memory: after a
restart, or after the bounded in-memory store evicted it.

Every event advances the episode's `version` by one. A finding or a finish is written only if the record
is still at the version the env's copy was built from (optimistic concurrency): when several server
replicas share one record, two of them racing on one episode cannot both append "the third finding" —
the loser gets `StaleEpisodeError`, refreshes its copy from the record and grades the finding again on
top of the winner's. A `shared` recorder is one other processes write too, so the env also checks the
version before each call (`version`) and refreshes a copy another replica has moved on.

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


class StaleEpisodeError(RecordingError):
    """The episode's record moved past the version the write expected: another process changed it first."""


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
    version: int = 0  # events recorded since the reset (findings, runs, the finish)

    @property
    def done(self) -> bool:
        return self.final_grade is not None


class EpisodeRecorder(Protocol):
    """Receives every event of every episode; the system of record behind the env's in-memory store."""

    shared: bool  # other processes write the same record (replicas): check versions before each call

    def episode_started(self, task: Task, observation: Observation) -> None:
        """A new episode on `task` (at version 0); `observation` is the first one the agent sees."""

    def finding_submitted(
        self,
        episode_id: str,
        action: ReviewAction,
        final: bool,
        result: StepResult,
        final_grade: EpisodeGrade | None,
        version: int,
    ) -> None:
        """One graded finding, taking the episode to `version`; `final_grade` is set when it ended the episode.

        Raises `StaleEpisodeError`, writing nothing, unless the record is at `version - 1`."""

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult, version: int) -> bool:
        """One `run_python` call and what it returned; whether the record went from `version - 1` to `version`.

        Never refused: the code has run, so it is recorded whatever else happened to the episode meanwhile
        (the record then advances one version past what it was, and False tells the env its copy is stale)."""

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade, version: int) -> None:
        """The episode ended without a further finding (`finish_episode`); stale as `finding_submitted`."""

    def version(self, episode_id: str) -> int | None:
        """The episode's current version, or None if there is no record of it (one cheap read)."""

    def load(self, episode_id: str) -> RecordedEpisode | None:
        """The recorded episode, or None if there is no record of it."""

    def close(self) -> None:
        """Release the recorder's resources; no call follows."""


class NullRecorder:
    """Records nothing: episodes live only in memory, as before there was a record (the default for tests)."""

    shared = False

    def episode_started(self, task: Task, observation: Observation) -> None:
        pass

    def finding_submitted(
        self,
        episode_id: str,
        action: ReviewAction,
        final: bool,
        result: StepResult,
        final_grade: EpisodeGrade | None,
        version: int,
    ) -> None:
        pass

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult, version: int) -> bool:
        return True

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade, version: int) -> None:
        pass

    def version(self, episode_id: str) -> int | None:
        return None

    def load(self, episode_id: str) -> RecordedEpisode | None:
        return None

    def close(self) -> None:
        pass
