"""The episode record's SQL, shared by its two backends: SQLite (embedded, the default) and PostgreSQL (replicas).

A record has two tables: `episodes` (one row per episode, with the columns worth querying and a `version`
counting its events) and `actions` (every finding, run and finish, its arguments and result as JSON).
Everything a backend does the same way lives here, written once in the SQL both speak; a backend supplies
only how to connect, how a transaction runs, how errors and placeholders look, and its schema migration.

Each write is one transaction. Findings and finishes advance the episode's version only from the one the
env expected (`UPDATE ... WHERE version = ?`), before their action row is inserted, so a write that lost a
race to another replica inserts nothing and raises `StaleEpisodeError` (see `core.recorder`).
"""

from __future__ import annotations

import json
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from ..core.recorder import RecordedEpisode, RecordingError, StaleEpisodeError, replayable
from ..core.tasks import Task
from ..models import EpisodeGrade, Observation, ReviewAction, RunResult, StepResult

COMPRESS_FROM_BYTES = 1024  # outputs compress 5-50x; short JSON is not worth it
PRUNE_INTERVAL_S = 3600.0

ActionKind = Literal["submit_review", "run_python", "finish_episode"]
Status = Literal["open", "finished"]


POSTGRES_URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str) -> bool:
    """Whether `--db` names a PostgreSQL database (else an SQLite file), decided without importing its driver."""
    return target.startswith(POSTGRES_URL_SCHEMES)


class RecordsError(ValueError):
    """The database cannot be used: a bad path or URL, not an episode database, or from a newer version."""


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Transaction(Protocol):
    """What a write runs its statements on: `?` placeholders, whichever backend."""

    def execute(self, sql: str, params: tuple[Any, ...] = ...) -> Cursor: ...


@dataclass(frozen=True)
class EpisodeSummary:
    """One episode as `episodes list` shows it."""

    episode_id: str
    task_id: str
    difficulty: str
    split: str
    max_steps: int
    started_at: float
    updated_at: float
    finished_at: float | None
    step_count: int
    run_count: int
    score: float | None

    @property
    def status(self) -> Status:
        return "open" if self.finished_at is None else "finished"


@dataclass(frozen=True)
class EpisodeDetail:
    """One episode with its first observation and (once finished) its final grade."""

    summary: EpisodeSummary
    observation: Observation
    final_grade: EpisodeGrade | None
    last_exit_code: int | None


@dataclass(frozen=True)
class ActionRecord:
    """One recorded action: its arguments and what the env returned, both as parsed JSON."""

    id: int
    episode_id: str
    kind: ActionKind
    at: float
    action: dict[str, Any]
    outcome: dict[str, Any]


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def pack(text: str) -> str | bytes:
    """JSON as SQLite stores it: compressed once it is long (run_python outputs make most of a record's size)."""
    return zlib.compress(text.encode(), 6) if len(text) >= COMPRESS_FROM_BYTES else text


def unpack(stored: str | bytes | memoryview) -> str:
    return stored if isinstance(stored, str) else zlib.decompress(stored).decode()


_SUMMARY_COLUMNS = (
    "episode_id, task_id, difficulty, split, max_steps, started_at, updated_at, finished_at, "
    "step_count, run_count, score"
)


class EpisodeRecords(ABC):
    """An episode record: implements `core.recorder.EpisodeRecorder` and the queries behind the CLI.

    `path` names the record in messages (a file, or a database URL without its password).
    """

    path: str
    shared: bool = False

    def __init__(self, *, retention_days: float | None, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._retention_s = retention_days * 86400.0 if retention_days else None
        self._last_prune = 0.0

    # -- what a backend supplies -------------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Transaction]:
        """One transaction: committed when the block ends, rolled back if it raises; backend errors raise
        `RecordingError`, other exceptions (`StaleEpisodeError`) pass through."""

    @abstractmethod
    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one query; backend errors raise `RecordingError`."""

    def _pack(self, text: str) -> str | bytes:
        """How a long JSON value is stored (SQLite compresses it; PostgreSQL compresses large values itself)."""
        return text

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> EpisodeRecords:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- recording (the EpisodeRecorder protocol) --------------------------------------------------

    def episode_started(self, task: Task, observation: Observation) -> None:
        now = self._clock()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO episodes (episode_id, task_id, difficulty, split, max_steps, started_at, updated_at, "
                "observation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    observation.episode_id,
                    task.task_id,
                    task.difficulty,
                    task.split,
                    observation.max_steps,
                    now,
                    now,
                    observation.model_dump_json(),
                ),
            )
        self._prune_if_due()

    def finding_submitted(
        self,
        episode_id: str,
        action: ReviewAction,
        final: bool,
        result: StepResult,
        final_grade: EpisodeGrade | None,
        version: int,
    ) -> None:
        now = self._clock()
        arguments = {**action.model_dump(mode="json"), "final": final}
        grade = final_grade.model_dump_json() if final_grade is not None else None
        with self._transaction() as db:
            self._advance(
                db,
                episode_id,
                version,
                "step_count = ?, score = ?, updated_at = ?, finished_at = ?, final_grade = ?",
                (result.step_count, result.episode_score, now, now if grade is not None else None, grade),
            )
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, reward, action, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (episode_id, "submit_review", now, result.reward, dumps(arguments), result.model_dump_json()),
            )

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult, version: int) -> bool:
        now = self._clock()
        with self._transaction() as db:
            row = db.execute(
                "UPDATE episodes SET version = version + 1, run_count = run_count + 1, last_exit_code = ?, "
                "updated_at = ? WHERE episode_id = ? RETURNING version",
                (result.exit_code, now, episode_id),
            ).fetchone()
            if row is None:
                raise RecordingError(f"episode {episode_id!r} has no record in {self.path} (pruned?)")
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, isolation, action, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    episode_id,
                    "run_python",
                    now,
                    result.isolation,
                    self._pack(dumps({"code": code, "timeout_s": timeout_s})),
                    self._pack(result.model_dump_json()),
                ),
            )
        return row[0] == version

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade, version: int) -> None:
        now = self._clock()
        grade = final_grade.model_dump_json()
        with self._transaction() as db:
            self._advance(
                db,
                episode_id,
                version,
                "score = ?, updated_at = ?, finished_at = ?, final_grade = ?",
                (final_grade.score, now, now, grade),
            )
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, action, outcome) VALUES (?, ?, ?, ?, ?)",
                (episode_id, "finish_episode", now, "{}", grade),
            )

    def _advance(self, db: Transaction, episode_id: str, version: int, changes: str, params: tuple) -> None:
        """Move the episode from `version - 1` to `version` with `changes`, or raise `StaleEpisodeError`."""
        cursor = db.execute(
            f"UPDATE episodes SET version = ?, {changes} WHERE episode_id = ? AND version = ?",
            (version, *params, episode_id, version - 1),
        )
        if cursor.rowcount != 1:
            raise StaleEpisodeError(f"episode {episode_id!r} changed in {self.path} since version {version - 1}")

    def version(self, episode_id: str) -> int | None:
        rows = self._read("SELECT version FROM episodes WHERE episode_id = ?", (episode_id,))
        return rows[0][0] if rows else None

    def load(self, episode_id: str) -> RecordedEpisode | None:
        rows = self._read(
            "SELECT task_id, max_steps, run_count, last_exit_code, final_grade, observation, version FROM episodes "
            "WHERE episode_id = ?",
            (episode_id,),
        )
        if not rows:
            return None
        task_id, max_steps, run_count, last_exit_code, final_grade, observation, version = rows[0]
        actions = self._read(
            "SELECT kind, action, outcome FROM actions WHERE episode_id = ? AND kind IN ('submit_review', 'run_python') "
            "ORDER BY id",
            (episode_id,),
        )
        try:
            findings, cells = [], []
            for kind, raw, outcome in actions:
                arguments = json.loads(unpack(raw))
                if kind == "run_python":
                    result = RunResult.model_validate_json(unpack(outcome))
                    cell = replayable(arguments["code"], arguments["timeout_s"], result)
                    cells += [cell] if cell else []
                    continue
                arguments.pop("final", None)
                arguments.pop("verdict", None)
                findings.append(ReviewAction.model_validate(arguments))
            grade = EpisodeGrade.model_validate_json(final_grade) if final_grade is not None else None
            feedback = Observation.model_validate_json(observation).feedback_mode
        except (ValueError, KeyError, ValidationError, zlib.error) as exc:
            raise RecordingError(f"episode {episode_id!r} in {self.path} has a corrupt record: {exc}") from None
        return RecordedEpisode(
            episode_id=episode_id,
            task_id=task_id,
            max_steps=max_steps,
            findings=tuple(findings),
            run_count=run_count,
            last_exit_code=last_exit_code,
            final_grade=grade,
            feedback=feedback,
            cells=tuple(cells),
            version=version,
        )

    # -- retention ---------------------------------------------------------------------------------

    def prune(self, older_than_days: float) -> int:
        """Delete episodes (finished or abandoned) with no activity for `older_than_days`; returns how many."""
        cutoff = self._clock() - older_than_days * 86400.0
        with self._transaction() as db:
            return db.execute("DELETE FROM episodes WHERE updated_at < ?", (cutoff,)).rowcount

    def _prune_if_due(self) -> None:
        if self._retention_s is None:
            return
        now = self._clock()
        if now - self._last_prune < PRUNE_INTERVAL_S:
            return
        self._last_prune = now
        self.prune(self._retention_s / 86400.0)

    # -- queries (the `episodes` CLI and trajectory export) ----------------------------------------

    def summaries(
        self,
        status: Status | None = None,
        task_id: str | None = None,
        limit: int | None = None,
    ) -> list[EpisodeSummary]:
        """Episodes newest first, filtered by status and task."""
        where, params = [], []
        if status == "open":
            where.append("finished_at IS NULL")
        elif status == "finished":
            where.append("finished_at IS NOT NULL")
        if task_id is not None:
            where.append("task_id = ?")
            params.append(task_id)
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM episodes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at DESC, episode_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [EpisodeSummary(*row) for row in self._read(sql, tuple(params))]

    def detail(self, episode_id: str) -> EpisodeDetail | None:
        rows = self._read(
            f"SELECT {_SUMMARY_COLUMNS}, observation, final_grade, last_exit_code FROM episodes WHERE episode_id = ?",
            (episode_id,),
        )
        if not rows:
            return None
        *summary, observation, final_grade, last_exit_code = rows[0]
        try:
            return EpisodeDetail(
                summary=EpisodeSummary(*summary),
                observation=Observation.model_validate_json(observation),
                final_grade=EpisodeGrade.model_validate_json(final_grade) if final_grade is not None else None,
                last_exit_code=last_exit_code,
            )
        except ValidationError as exc:
            raise RecordingError(f"episode {episode_id!r} in {self.path} has a corrupt record: {exc}") from None

    def actions(self, episode_id: str) -> list[ActionRecord]:
        """The episode's actions in the order they happened."""
        rows = self._read(
            "SELECT id, episode_id, kind, at, action, outcome FROM actions WHERE episode_id = ? ORDER BY id",
            (episode_id,),
        )
        return [
            ActionRecord(
                id=row[0],
                episode_id=row[1],
                kind=row[2],
                at=row[3],
                action=json.loads(unpack(row[4])),
                outcome=json.loads(unpack(row[5])),
            )
            for row in rows
        ]

    def count(self) -> int:
        return self._read("SELECT count(*) FROM episodes")[0][0]


def statements(schema: str) -> Iterator[str]:
    """The statements of a schema script, one at a time (drivers execute one per call)."""
    return (statement for statement in schema.split(";") if statement.strip())
