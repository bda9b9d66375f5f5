"""The episode record: every episode's reset, findings, runs and final grade in one SQLite file.

This is the system of record; the env's in-memory store is a bounded cache of live episodes in front of
it. Design choices, and why:
- stdlib `sqlite3` in WAL mode: one file, no server, readers (`coding-env-mcp episodes ...`) never block
  the writer. `synchronous=NORMAL` makes every committed call survive a killed process (SIGKILL); only an
  OS crash or power loss may drop the last few commits.
- One connection behind one lock. Tools call in from many worker threads; SQLite serialises writers
  anyway, each write is one short transaction (tens of microseconds), and `:memory:` only works with a
  single connection. A connection per thread would buy concurrent reads the server does not need.
- Each action row keeps its arguments and its result as JSON, next to a few columns worth querying.
  Grades are snapshots for the record and for export; restoring an episode replays its findings through
  the pure grader instead (see `recording.RecordedEpisode`).
- Retention: with `retention_days`, episodes whose last activity is older are deleted (with their
  actions) when the database opens and then at most hourly; without it, records are kept forever.

The schema version lives in `PRAGMA user_version`; a database from a newer version is refused.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..core.recorder import RecordedEpisode, RecordingError, replayable
from ..core.tasks import Task
from ..models import EpisodeGrade, Observation, ReviewAction, RunResult, StepResult
from ..settings import DB_ENV

# 2: an action's JSON (its code, its outcome) may be stored zlib-compressed, as a BLOB; version 1 records open
# unchanged (they hold none), and a version 1 reader refuses a version 2 record instead of misreading it.
SCHEMA_VERSION = 2
COMPRESS_FROM_BYTES = 1024  # outputs compress 5-50x; short JSON is not worth it
log = logging.getLogger(__name__)

MEMORY = ":memory:"
PRUNE_INTERVAL_S = 3600.0

ActionKind = Literal["submit_review", "run_python", "finish_episode"]
Status = Literal["open", "finished"]

_SCHEMA = """
CREATE TABLE episodes (
    episode_id     TEXT PRIMARY KEY,
    task_id        TEXT NOT NULL,
    difficulty     TEXT NOT NULL,
    split          TEXT NOT NULL,
    max_steps      INTEGER NOT NULL,
    started_at     REAL NOT NULL,
    updated_at     REAL NOT NULL,
    finished_at    REAL,
    step_count     INTEGER NOT NULL DEFAULT 0,
    run_count      INTEGER NOT NULL DEFAULT 0,
    last_exit_code INTEGER,
    score          REAL,
    observation    TEXT NOT NULL,
    final_grade    TEXT
);
CREATE INDEX episodes_by_activity ON episodes (updated_at);
CREATE INDEX episodes_by_task ON episodes (task_id, started_at);
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    episode_id  TEXT NOT NULL REFERENCES episodes (episode_id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('submit_review', 'run_python', 'finish_episode')),
    at          REAL NOT NULL,
    reward      REAL,
    isolation   TEXT,
    action      TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX actions_by_episode ON actions (episode_id, id);
"""


def _create_private(file: Path) -> None:
    """Create the record readable by its owner only: it holds every episode id, and an id is the capability to
    its episode. SQLite gives the -wal and -shm files the database file's permissions."""
    try:
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another process created it first; it is checked like any existing record
    except OSError as exc:
        raise RecordsError(f"{file}: cannot create the episode database: {exc}") from None


def _check_existing(file: Path) -> None:
    """Refuse an emptied record; make one other users could read private again, or refuse it when that fails."""
    if file.stat().st_size == 0:
        raise RecordsError(
            f"{file}: an empty file, not an episode record (truncated?); restore it from a backup, or remove it "
            "to start a new record"
        )
    for path in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077 == 0:
            continue
        try:
            path.chmod(mode & 0o700)
        except OSError:
            raise RecordsError(
                f"{path}: other users can read the episode record (mode {mode:o}), and run_python's sandbox runs "
                f"as other users: it could read every episode id. Run `chmod 600 {path}` as its owner"
            ) from None
        log.warning("%s: was readable by other users (mode %o); made it private (600)", path, mode)


class RecordsError(ValueError):
    """The database cannot be used: a bad path, not an episode database, or from a newer version."""


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


def default_db_path(environ: dict[str, str] | None = None) -> Path:
    """The per-user default: `$XDG_DATA_HOME/coding-env-mcp/episodes.db`, else `~/.local/share/...`."""
    import os

    environ = os.environ if environ is None else environ
    base = environ.get("XDG_DATA_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "coding-env-mcp" / "episodes.db"


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _pack(text: str) -> str | bytes:
    """JSON as stored: compressed once it is long (run_python outputs make most of a record's size)."""
    return zlib.compress(text.encode(), 6) if len(text) >= COMPRESS_FROM_BYTES else text


def _unpack(stored: str | bytes) -> str:
    return zlib.decompress(stored).decode() if isinstance(stored, bytes) else stored


_SUMMARY_COLUMNS = (
    "episode_id, task_id, difficulty, split, max_steps, started_at, updated_at, finished_at, "
    "step_count, run_count, score"
)


class EpisodeRecords:
    """The SQLite episode record. Implements `recording.EpisodeRecorder` and the queries behind the CLI."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        retention_days: float | None = None,
        clock: Callable[[], float] = time.time,
    ):
        """Open (and with `create`, create) the database at `path`, or `:memory:`.

        Raises `RecordsError` naming the path and the problem, so a bad `--db` is a clear CLI error.
        """
        self.path = str(path)
        self._clock = clock
        self._retention_s = retention_days * 86400.0 if retention_days else None
        self._lock = threading.Lock()
        self._last_prune = 0.0
        self._conn = self._connect(create)
        self._prune_if_due()

    # -- opening -----------------------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection:
        if self.path != MEMORY:
            file = Path(self.path)
            if file.is_dir():
                raise RecordsError(f"{file}: is a directory; the episode database is a file (e.g. {file}/episodes.db)")
            if not file.exists():
                if not create:
                    raise RecordsError(
                        f"{file}: no episode database there (the server creates it on first start; pick another "
                        f"with --db or {DB_ENV})"
                    )
                if not file.parent.is_dir():
                    raise RecordsError(f"{file}: folder {file.parent} does not exist; create it or pick another --db")
                _create_private(file)
            else:
                _check_existing(file)
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10.0)
        except sqlite3.Error as exc:
            raise RecordsError(f"{self.path}: cannot open as an SQLite database: {exc}") from None
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != MEMORY:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                self._check_integrity(conn)
            self._migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise RecordsError(f"{self.path}: not a usable SQLite database: {exc}") from None
        except RecordsError:
            conn.close()
            raise
        return conn

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        """Refuse a damaged record at start, not at the first call that touches a bad page."""
        problems = [" ".join(row[0].split()) for row in conn.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise RecordsError(
                f"{self.path}: the episode record is damaged ({'; '.join(problems)}); restore it from a backup, or "
                f"move it aside to start a new record (`sqlite3 {self.path} .recover` salvages what it can)"
            )

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Create the schema in an empty database; refuse foreign or newer ones.

        The version is re-read inside the write transaction, so two processes opening a new file at once
        cannot both create the tables.
        """
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RecordsError(
                    f"{self.path}: episode database schema {version} is newer than this version understands "
                    f"({SCHEMA_VERSION}); upgrade coding-env-mcp or pick another --db"
                )
            if version == 0:
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if tables:
                    raise RecordsError(
                        f"{self.path}: an SQLite database that is not an episode database (it has tables "
                        f"{', '.join(sorted(tables))}); pick another --db"
                    )
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:  # 1 -> 2 changes no table: it only allows compressed actions
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock; any SQLite failure becomes a `RecordingError`."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise RecordingError(f"the episode record at {self.path} could not be written: {exc}") from exc

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise RecordingError(f"the episode record at {self.path} could not be read: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> EpisodeRecords:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- recording (the EpisodeRecorder protocol) --------------------------------------------------

    def episode_started(self, task: Task, observation: Observation) -> None:
        now = self._clock()
        with self._write() as db:
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
    ) -> None:
        now = self._clock()
        arguments = {**action.model_dump(mode="json"), "final": final}
        with self._write() as db:
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, reward, action, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (episode_id, "submit_review", now, result.reward, _dumps(arguments), result.model_dump_json()),
            )
            db.execute(
                "UPDATE episodes SET step_count = ?, score = ?, updated_at = ?, finished_at = ?, final_grade = ? "
                "WHERE episode_id = ?",
                (
                    result.step_count,
                    result.episode_score,
                    now,
                    now if final_grade is not None else None,
                    final_grade.model_dump_json() if final_grade is not None else None,
                    episode_id,
                ),
            )

    def code_ran(self, episode_id: str, code: str, timeout_s: float, result: RunResult) -> None:
        now = self._clock()
        with self._write() as db:
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, isolation, action, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    episode_id,
                    "run_python",
                    now,
                    result.isolation,
                    _pack(_dumps({"code": code, "timeout_s": timeout_s})),
                    _pack(result.model_dump_json()),
                ),
            )
            db.execute(
                "UPDATE episodes SET run_count = run_count + 1, last_exit_code = ?, updated_at = ? "
                "WHERE episode_id = ?",
                (result.exit_code, now, episode_id),
            )

    def episode_finished(self, episode_id: str, final_grade: EpisodeGrade) -> None:
        now = self._clock()
        with self._write() as db:
            db.execute(
                "INSERT INTO actions (episode_id, kind, at, action, outcome) VALUES (?, ?, ?, ?, ?)",
                (episode_id, "finish_episode", now, "{}", final_grade.model_dump_json()),
            )
            db.execute(
                "UPDATE episodes SET score = ?, updated_at = ?, finished_at = ?, final_grade = ? WHERE episode_id = ?",
                (final_grade.score, now, now, final_grade.model_dump_json(), episode_id),
            )

    def load(self, episode_id: str) -> RecordedEpisode | None:
        rows = self._read(
            "SELECT task_id, max_steps, run_count, last_exit_code, final_grade, observation FROM episodes "
            "WHERE episode_id = ?",
            (episode_id,),
        )
        if not rows:
            return None
        task_id, max_steps, run_count, last_exit_code, final_grade, observation = rows[0]
        actions = self._read(
            "SELECT kind, action, outcome FROM actions WHERE episode_id = ? AND kind IN ('submit_review', 'run_python') "
            "ORDER BY id",
            (episode_id,),
        )
        try:
            findings, cells = [], []
            for kind, raw, outcome in actions:
                arguments = json.loads(_unpack(raw))
                if kind == "run_python":
                    result = RunResult.model_validate_json(_unpack(outcome))
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
        )

    # -- retention ---------------------------------------------------------------------------------

    def prune(self, older_than_days: float) -> int:
        """Delete episodes (finished or abandoned) with no activity for `older_than_days`; returns how many."""
        cutoff = self._clock() - older_than_days * 86400.0
        with self._write() as db:
            deleted = db.execute("DELETE FROM episodes WHERE updated_at < ?", (cutoff,)).rowcount
        return deleted

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
                action=json.loads(_unpack(row[4])),
                outcome=json.loads(_unpack(row[5])),
            )
            for row in rows
        ]

    def count(self) -> int:
        return self._read("SELECT count(*) FROM episodes")[0][0]
