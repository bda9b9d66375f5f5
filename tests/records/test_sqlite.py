"""The SQLite episode record, and the env core using it as its system of record (restart, reload, eviction)."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coding_env_mcp.core.env import (
    RELOADED_SANDBOX_NOTICE,
    CapacityError,
    EnvConfig,
    EpisodeDoneError,
    RecordError,
    ReviewEnv,
    UnknownEpisodeError,
)
from coding_env_mcp.core.live_episodes import StoreLimits
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


# -- recording through the env --------------------------------------------------------------------------


def test_every_reset_run_submission_and_final_grade_is_recorded(make_env: EnvFactory, registry: TaskRegistry):
    env = make_env()
    task = registry.get("task_easy_1")
    obs = env.reset(task_id=task.task_id)
    run = env.run_python(obs.episode_id, "print(6 * 7)")
    first = env.submit(obs.episode_id, finding(task, line_number=1))
    second = env.submit(obs.episode_id, finding(task), final=True)
    records: SqliteRecords = env.recorder  # type: ignore[assignment]

    detail = records.detail(obs.episode_id)
    assert detail is not None and detail.summary.status == "finished"
    assert detail.observation == obs
    assert detail.final_grade == env.grade(obs.episode_id)
    assert (detail.summary.step_count, detail.summary.run_count, detail.summary.score) == (2, 1, second.episode_score)
    actions = records.actions(obs.episode_id)
    assert [a.kind for a in actions] == ["run_python", "submit_review", "submit_review"]
    assert actions[0].action == {"code": "print(6 * 7)", "timeout_s": 4.0}
    assert (
        actions[0].outcome == run.model_dump(mode="json") and actions[0].outcome["isolation"] == env.sandbox.isolation
    )
    assert actions[1].outcome == first.model_dump(mode="json") and actions[1].action["final"] is False
    assert actions[2].outcome["finding"]["components"]["line"] == 0.3 and actions[2].action["final"] is True

    loaded = records.load(obs.episode_id)
    assert loaded is not None and loaded.done and loaded.run_count == 1 and loaded.last_exit_code == 0
    assert list(loaded.findings) == [finding(task, line_number=1), finding(task)]


def test_finish_episode_records_a_final_grade_without_a_finding(make_env: EnvFactory):
    env = make_env()
    obs = env.reset(task_id="task_medium_1")
    final = env.finish(obs.episode_id)
    assert final.done and final.issues_total == 1 and final.score == 0.01
    assert env.finish(obs.episode_id) == final  # idempotent
    with pytest.raises(EpisodeDoneError):
        env.submit(obs.episode_id, ReviewAction(bug_type="none"))
    kinds = [a.kind for a in env.recorder.actions(obs.episode_id)]  # type: ignore[attr-defined]
    assert kinds == ["finish_episode"]


# -- restart and reload ---------------------------------------------------------------------------------


def test_a_new_env_on_the_same_file_keeps_grades_and_continues_open_episodes(
    make_env: EnvFactory, registry: TaskRegistry
):
    hard, easy = registry.get("task_hard_1"), registry.get("task_easy_1")
    before = make_env()
    finished = before.reset(task_id=hard.task_id).episode_id
    before.submit(finished, finding(hard), final=True)
    open_id = before.reset(task_id=easy.task_id).episode_id
    before.run_python(open_id, "open('scratch.txt', 'w').write('x')")
    before.submit(open_id, finding(easy, file_path="tests/test_pagination.py"))  # a false positive
    grades = {eid: before.grade(eid) for eid in (finished, open_id)}
    observation, state = before.observe(open_id), before.state(open_id)

    after = make_env()  # as a restarted server would: same file, empty memory
    assert after.open_episodes == 0
    assert {eid: after.grade(eid) for eid in (finished, open_id)} == grades
    assert after.observe(open_id) == observation and after.state(open_id) == state

    rerun = after.run_python(open_id, "import os; print(os.path.exists('scratch.txt'))")
    assert rerun.stdout == "True\n" and rerun.restored and "1 earlier cell(s) were replayed" in rerun.notice
    assert after.run_python(open_id, "print(1)").notice is None  # said once, when the notebook was restored
    step = after.submit(open_id, finding(easy), final=True)
    assert step.done and step.step_count == 2
    assert after.grade(open_id).issues[0].found_by_step == 2
    with pytest.raises(UnknownEpisodeError):
        after.grade("never-existed")


def test_evicted_episodes_reload_from_the_record(make_env: EnvFactory, registry: TaskRegistry):
    now = [0.0]
    env = make_env(EnvConfig(store=StoreLimits(max_episodes=2, idle_ttl_s=60)), clock=lambda: now[0])
    task = registry.get("task_easy_1")
    idle = env.reset(task_id=task.task_id).episode_id
    env.submit(idle, finding(task, line_number=40))
    now[0] = 120.0  # idle longer than the TTL: evicted from memory on next access, reloaded from the record
    assert env.state(idle).step_count == 1
    assert env.submit(idle, finding(task), final=True).done

    done = idle
    a = env.reset(task_id=task.task_id).episode_id  # the store now holds `done` (finished) and `a`
    b = env.reset(task_id=task.task_id).episode_id  # evicts the finished one
    assert env.open_episodes == 2 and env.grade(done).done  # served from its record though both slots are open
    with pytest.raises(CapacityError, match="every slot holds an open episode"):
        env.run_python(done, "print(1)")
    env.finish(a)
    assert env.grade(done).done and env.run_python(done, "print(2)").stdout == "2\n"
    assert env.state(b).step_count == 0


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


def test_concurrent_episodes_record_every_call(make_env: EnvFactory, registry: TaskRegistry):
    env = make_env()
    task = registry.get("task_medium_1")
    errors: list[BaseException] = []

    def play() -> None:
        try:
            eid = env.reset(task_id=task.task_id).episode_id
            for line in (1, 2, 3):
                env.submit(eid, finding(task, line_number=line, file_path="app/handlers/users.py"))
            env.submit(eid, finding(task), final=True)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=play) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    records: SqliteRecords = env.recorder  # type: ignore[assignment]
    summaries = records.summaries()
    assert len(summaries) == 8 and all(s.step_count == 4 and s.status == "finished" for s in summaries)
    for summary in summaries:
        steps = [a.outcome["step_count"] for a in records.actions(summary.episode_id)]
        assert steps == [1, 2, 3, 4]


# -- retention ------------------------------------------------------------------------------------------


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


def test_a_reloaded_episode_whose_cells_cannot_be_replayed_says_its_sandbox_started_fresh(make_env: EnvFactory):
    before = make_env()
    eid = before.reset(task_id="task_easy_1").episode_id
    timed_out = before.run_python(eid, "kept = 1\nimport time\ntime.sleep(30)", timeout_s=0.5)
    assert timed_out.timed_out and timed_out.state_lost  # this call ended its interpreter: nothing to replay

    after = make_env()
    fresh = after.run_python(eid, "print('kept' in globals())")
    assert fresh.stdout == "False\n" and not fresh.restored and fresh.notice == RELOADED_SANDBOX_NOTICE


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
