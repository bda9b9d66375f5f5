"""The SQLite episode record, and the env core using it as its system of record (restart, reload, eviction)."""

from __future__ import annotations

import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coding_env_mcp.core.env import (
    EnvConfig,
    RecordError,
    ReviewEnv,
)
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.models import ReviewAction
from coding_env_mcp.records.sql import RecordsError
from coding_env_mcp.records.sqlite import _SCHEMA, SCHEMA_VERSION, SqliteRecords
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings

EnvFactory = Callable[..., ReviewEnv]


@pytest.fixture
def make_env(registry: TaskRegistry, tmp_path: Path) -> Iterator[EnvFactory]:
    """Envs over one database file, as successive server processes would open it."""
    made: list[ReviewEnv] = []

    def make(config: EnvConfig | None = None, clock: Callable[[], float] | None = None) -> ReviewEnv:
        """An env whose record (and, with `clock`, idle store) use `clock` instead of real time."""
        records = SqliteRecords(tmp_path / "episodes.db", clock=clock or time.time)
        env = ReviewEnv(registry, default_sandbox(), config, clock=clock or time.monotonic, recorder=records)
        made.append(env)
        return env

    yield make
    for env in made:
        env.close()


def finding(task, number: int = 0, **changes) -> ReviewAction:
    return ReviewAction(**{**perfect_findings(task)[number], **changes})


# -- the database itself --------------------------------------------------------------------------------


def test_a_new_file_gets_the_schema_in_wal_mode(tmp_path: Path):
    path = tmp_path / "episodes.db"
    with SqliteRecords(path) as records:
        assert records.count() == 0
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"episodes", "actions"} <= {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_text("not a database, just text" * 100), "not a usable SQLite database"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE users (id)").connection.commit(),
            "not an episode database",
        ),
        (lambda p: sqlite3.connect(p).execute("PRAGMA user_version = 99").connection.commit(), "newer than"),
    ],
)
def test_unusable_paths_are_refused_with_the_reason(tmp_path: Path, setup, message: str):
    path = tmp_path / "episodes.db"
    setup(path)
    with pytest.raises(RecordsError, match=message):
        SqliteRecords(path)


def test_missing_folder_and_missing_file_without_create(tmp_path: Path):
    with pytest.raises(RecordsError, match="does not exist"):
        SqliteRecords(tmp_path / "nope" / "episodes.db")
    with pytest.raises(RecordsError, match="no episode database there"):
        SqliteRecords(tmp_path / "episodes.db", create=False)
    assert not (tmp_path / "episodes.db").exists()


# -- what only an SQLite file does (the record contract on both backends: test_backends.py) ---------------


def test_a_failed_write_refuses_the_call_and_leaves_the_episode_unchanged(make_env: EnvFactory, registry):
    env = make_env()
    task = registry.get("task_easy_1")
    eid = env.reset(task_id=task.task_id).episode_id
    records: SqliteRecords = env.recorder  # type: ignore[assignment]
    records._conn.execute("PRAGMA query_only = ON")  # the database now refuses writes, like a full disk
    with pytest.raises(RecordError, match="not accepted"):
        env.submit(eid, finding(task), final=True)
    with pytest.raises(RecordError, match="no episode was started"):
        env.reset(task_id=task.task_id)
    assert env.state(eid).step_count == 0 and not env.state(eid).done
    assert env.open_episodes == 1
    records._conn.execute("PRAGMA query_only = OFF")
    assert env.submit(eid, finding(task), final=True).done


def test_retention_prunes_inactive_episodes_and_their_actions(make_env: EnvFactory, tmp_path: Path, registry):
    now = [1_000_000.0]
    env = make_env(clock=lambda: now[0])
    task = registry.get("task_easy_1")
    old = env.reset(task_id=task.task_id).episode_id
    env.submit(old, finding(task), final=True)
    now[0] += 10 * 86400
    recent = env.reset(task_id=task.task_id).episode_id

    with SqliteRecords(tmp_path / "episodes.db", retention_days=5, clock=lambda: now[0]) as records:
        assert [s.episode_id for s in records.summaries()] == [recent]
        assert records.actions(old) == [] and records.load(old) is None
        assert records.prune(older_than_days=1) == 0
        now[0] += 2 * 86400
        assert records.prune(older_than_days=1) == 1 and records.count() == 0


def test_a_new_record_is_private_to_its_owner(tmp_path: Path):
    """An episode id is the capability to its episode: the record holding them all is no one else's to read."""
    db = tmp_path / "episodes.db"
    with SqliteRecords(db) as records:
        assert records.summaries() == []
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_record_other_users_could_read_is_made_private(tmp_path: Path, caplog):
    db = tmp_path / "episodes.db"
    SqliteRecords(db).close()
    db.chmod(0o644)
    with SqliteRecords(db):
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert "was readable by other users (mode 644); made it private" in caplog.text


def test_an_emptied_record_is_refused_not_silently_restarted(tmp_path: Path):
    db = tmp_path / "episodes.db"
    db.write_bytes(b"")
    with pytest.raises(RecordsError, match=r"an empty file, not an episode record \(truncated\?\)"):
        SqliteRecords(db)


def test_a_damaged_record_is_refused_at_start_with_how_to_recover(tmp_path: Path, registry: TaskRegistry):
    db = tmp_path / "episodes.db"
    with SqliteRecords(db) as records:
        task = registry.get("task_easy_1")
        env = ReviewEnv(registry, None, EnvConfig(), recorder=records)  # type: ignore[arg-type]
        for _ in range(200):  # enough rows for several pages
            env.reset(task_id=task.task_id)
        records._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(db.read_bytes())
    page = 4096
    assert len(raw) > 4 * page
    raw[2 * page : len(raw) - page] = b"\xff" * (len(raw) - 3 * page)  # the first page intact, the rest garbage
    db.write_bytes(bytes(raw))
    with pytest.raises(RecordsError, match=r"the episode record is damaged .*restore it from a backup.*\.recover"):
        SqliteRecords(db)


def test_long_outputs_are_stored_compressed_and_read_back_whole(make_env: EnvFactory):
    env = make_env()
    eid = env.reset(task_id="task_easy_1").episode_id
    printed = env.run_python(eid, "print('x' * 60_000)")
    records: SqliteRecords = env.recorder  # type: ignore[assignment]
    (stored,) = records._read("SELECT outcome FROM actions WHERE kind = 'run_python'")
    assert isinstance(stored[0], bytes) and len(stored[0]) < 2_000  # 60 KB of output, a few hundred bytes kept
    (action,) = records.actions(eid)
    assert action.outcome == printed.model_dump(mode="json")
    assert records.load(eid).cells[0].code == "print('x' * 60_000)"


@pytest.mark.parametrize("old_version", [1, 2])
def test_an_older_record_opens_upgraded_and_its_episodes_continue(
    tmp_path: Path, registry: TaskRegistry, old_version: int
):
    db = tmp_path / "episodes.db"
    with sqlite3.connect(db) as raw:  # the schema as versions 1 and 2 wrote it: no version column
        raw.executescript(_SCHEMA.replace(",\n    version        INTEGER NOT NULL DEFAULT 0", ""))
        raw.execute(f"PRAGMA user_version = {old_version}")
    task = registry.get("task_easy_1")
    with ReviewEnv(registry, default_sandbox(), recorder=SqliteRecords(db)) as env:  # closes the record
        eid = env.reset(task_id=task.task_id).episode_id
        env.submit(eid, finding(task, line_number=1))
        assert env.recorder.version(eid) == 1
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    with ReviewEnv(registry, default_sandbox(), recorder=SqliteRecords(db)) as env:
        assert env.submit(eid, finding(task), final=True).step_count == 2
