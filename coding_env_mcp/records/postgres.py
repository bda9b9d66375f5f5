"""The shared episode record: PostgreSQL, so that any number of server replicas serve any call of any episode.

`--db postgresql://USER:PASSWORD@HOST:5432/DBNAME` (or `CODING_ENV_MCP_DB`) selects it; the SQL it runs is
the one `records.sql` shares with SQLite. Design choices, and why:
- psycopg 3 with its connection pool: tools call in from many worker threads, and a replica keeps a few
  connections open instead of paying a connect (several milliseconds) per call.
- `shared`: other replicas write the same rows, so the env checks an episode's `version` (one indexed read)
  before each call and refreshes its copy when another replica moved it on; findings are written only from
  the version the env expected (see `records.sql`). Two replicas racing on one episode cannot lose or double
  a finding, with no lock held across a call.
- Durability: each call's transaction commits before the call returns (PostgreSQL's default
  `synchronous_commit = on`), so a replica killed with SIGKILL loses no recorded finding or grade.
- Long JSON is stored as text: PostgreSQL compresses large values itself (TOAST).
- The schema version lives in table `coding_env_mcp_schema`; replicas starting together serialise the
  creation/migration on an advisory lock, and a database from a newer version is refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from ..core.recorder import RecordingError
from .sql import EpisodeRecords, RecordsError, Transaction, statements

SCHEMA_VERSION = 1
POOL_MAX_SIZE = 16  # connections per replica; calls beyond it wait (up to POOL_TIMEOUT_S) for one
POOL_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10
_MIGRATION_LOCK = 0x636F64656D6370  # any constant: the advisory lock replicas take to create the schema

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE episodes (
    episode_id     TEXT PRIMARY KEY,
    task_id        TEXT NOT NULL,
    difficulty     TEXT NOT NULL,
    split          TEXT NOT NULL,
    max_steps      INTEGER NOT NULL,
    started_at     DOUBLE PRECISION NOT NULL,
    updated_at     DOUBLE PRECISION NOT NULL,
    finished_at    DOUBLE PRECISION,
    step_count     INTEGER NOT NULL DEFAULT 0,
    run_count      INTEGER NOT NULL DEFAULT 0,
    last_exit_code INTEGER,
    score          DOUBLE PRECISION,
    observation    TEXT NOT NULL,
    final_grade    TEXT,
    version        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX episodes_by_activity ON episodes (updated_at);
CREATE INDEX episodes_by_task ON episodes (task_id, started_at);
CREATE TABLE actions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    episode_id  TEXT NOT NULL REFERENCES episodes (episode_id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('submit_review', 'run_python', 'finish_episode')),
    at          DOUBLE PRECISION NOT NULL,
    reward      DOUBLE PRECISION,
    isolation   TEXT,
    action      TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX actions_by_episode ON actions (episode_id, id);
CREATE TABLE coding_env_mcp_schema (version INTEGER NOT NULL);
"""


def redacted(url: str) -> str:
    """The URL as messages and logs show it: never the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1] if "@" in url else url
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


class _Statements:
    """A transaction's connection, taking the `?` placeholders the shared SQL is written with."""

    def __init__(self, conn: psycopg.Connection):
        self._conn = conn

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> psycopg.Cursor:
        return self._conn.execute(sql.replace("?", "%s"), params)


class PostgresRecords(EpisodeRecords):
    """The PostgreSQL episode record, shared by every replica pointed at the same database."""

    shared = True

    def __init__(
        self,
        url: str,
        *,
        create: bool = True,
        retention_days: float | None = None,
        clock: Callable[[], float] = time.time,
    ):
        """Connect to `url`, create or check the schema, and open the pool.

        Raises `RecordsError` naming the database (without its password) and the problem.
        """
        super().__init__(retention_days=retention_days, clock=clock)
        self.path = redacted(url)
        self._migrate(url, create)
        self._pool = ConnectionPool(
            url,
            min_size=2,
            max_size=POOL_MAX_SIZE,
            timeout=POOL_TIMEOUT_S,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
            name="coding-env-mcp-records",
            open=False,
        )
        self._pool.open()
        self._prune_if_due()

    def _migrate(self, url: str, create: bool) -> None:
        """Create the schema in a database without one; refuse foreign or newer ones (one replica at a time)."""
        try:
            with (
                psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as conn,
                conn.transaction(),
            ):
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                self._create_or_check(conn, create)
        except psycopg.Error as exc:
            raise RecordsError(f"{self.path}: cannot use the PostgreSQL episode database: {_first_line(exc)}") from None

    def _create_or_check(self, conn: psycopg.Connection, create: bool) -> None:
        has_version = conn.execute("SELECT to_regclass('coding_env_mcp_schema') IS NOT NULL").fetchone()[0]
        if has_version:
            version = conn.execute("SELECT max(version) FROM coding_env_mcp_schema").fetchone()[0]
            if version is not None and version > SCHEMA_VERSION:
                raise RecordsError(
                    f"{self.path}: episode database schema {version} is newer than this version understands "
                    f"({SCHEMA_VERSION}); upgrade coding-env-mcp or pick another --db"
                )
            return
        if conn.execute("SELECT to_regclass('episodes') IS NOT NULL").fetchone()[0]:
            raise RecordsError(
                f"{self.path}: this database has an `episodes` table that is not an episode record; pick another --db"
            )
        if not create:
            raise RecordsError(f"{self.path}: no episode record in this database (a server creates it on first start)")
        for statement in statements(_SCHEMA):
            conn.execute(statement)
        conn.execute("INSERT INTO coding_env_mcp_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
        log.info("created the episode record schema (version %d) in %s", SCHEMA_VERSION, self.path)

    @contextmanager
    def _transaction(self) -> Iterator[Transaction]:
        try:
            with self._pool.connection() as conn, conn.transaction():
                yield _Statements(conn)
        except psycopg.Error as exc:
            raise RecordingError(f"the episode record at {self.path} could not be written: {_first_line(exc)}") from exc

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._pool.connection() as conn:
                return _Statements(conn).execute(sql, params).fetchall()
        except psycopg.Error as exc:
            raise RecordingError(f"the episode record at {self.path} could not be read: {_first_line(exc)}") from exc

    def close(self) -> None:
        self._pool.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
