"""The embedded episode record: every episode's reset, findings, runs and final grade in one SQLite file.

This is the system of record; the env's in-memory store is a bounded cache of live episodes in front of
it. Design choices, and why:
- stdlib `sqlite3` in WAL mode: one file, no server, readers (`coding-env-mcp episodes ...`) never block
  the writer. `synchronous=NORMAL` makes every committed call survive a killed process (SIGKILL); only an
  OS crash or power loss may drop the last few commits.
- One connection behind one lock. Tools call in from many worker threads; SQLite serialises writers
  anyway, each write is one short transaction (tens of microseconds), and `:memory:` only works with a
  single connection. A connection per thread would buy concurrent reads the server does not need.
- Each action row keeps its arguments and its result as JSON, next to a few columns worth querying
  (the SQL both backends share is in `records.sql`). Grades are snapshots for the record and for export;
  restoring an episode replays its findings through the pure grader instead (`core.recorder.RecordedEpisode`).
- Not `shared`: one server process owns the file (other processes may read it). Replicas share a PostgreSQL
  record instead (`records.postgres`).
- Retention: with `retention_days`, episodes whose last activity is older are deleted (with their
  actions) when the database opens and then at most hourly; without it, records are kept forever.

The schema version lives in `PRAGMA user_version`; a database from a newer version is refused.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.recorder import RecordingError
from ..settings import DB_ENV
from .sql import EpisodeRecords, RecordsError, Transaction, pack, statements

# 2: an action's JSON (its code, its outcome) may be stored zlib-compressed, as a BLOB; version 1 records open
# unchanged (they hold none), and a version 1 reader refuses a version 2 record instead of misreading it.
# 3: episodes.version counts each episode's events (optimistic concurrency, see records.sql).
SCHEMA_VERSION = 3
log = logging.getLogger(__name__)

MEMORY = ":memory:"

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
    final_grade    TEXT,
    version        INTEGER NOT NULL DEFAULT 0
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


def default_db_path(environ: dict[str, str] | None = None) -> Path:
    """The per-user default: `$XDG_DATA_HOME/coding-env-mcp/episodes.db`, else `~/.local/share/...`."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_DATA_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "coding-env-mcp" / "episodes.db"


class SqliteRecords(EpisodeRecords):
    """The SQLite episode record."""

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
        super().__init__(retention_days=retention_days, clock=clock)
        self.path = str(path)
        self._lock = threading.Lock()
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
                for statement in statements(_SCHEMA):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:  # 1 -> 2 changes no table: it only allows compressed actions
                if version < 3:
                    conn.execute("ALTER TABLE episodes ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[Transaction]:
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

    def _pack(self, text: str) -> str | bytes:
        return pack(text)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
