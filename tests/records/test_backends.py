"""Both episode-record backends against one contract, and the PostgreSQL record shared by replicas.

Each test that takes `open_record` runs on SQLite and on a real PostgreSQL server (a scratch cluster, see
tests/postgres_server.py). "Replicas" are several `ReviewEnv`s on one database, each with its own memory and
sandbox, as separate server processes are; the HTTP test through a real load balancer is in tests/deploy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from coding_env_mcp.core.env import (
    RELOADED_SANDBOX_NOTICE,
    CapacityError,
    EnvConfig,
    EpisodeDoneError,
    ReviewEnv,
    UnknownEpisodeError,
)
from coding_env_mcp.core.live_episodes import StoreLimits
from coding_env_mcp.core.recorder import StaleEpisodeError
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.models import ReviewAction, StepResult
from coding_env_mcp.records.postgres import SCHEMA_VERSION, PostgresRecords
from coding_env_mcp.records.sql import EpisodeRecords, RecordsError
from coding_env_mcp.records.sqlite import SqliteRecords
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings

OpenRecord = Callable[..., EpisodeRecords]
EnvFactory = Callable[..., ReviewEnv]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_record(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenRecord]:
    """Opens the test's one record (a new connection each call, as another process would)."""
    if request.param == "sqlite":
        target: str = str(tmp_path / "episodes.db")
    else:
        target = request.getfixturevalue("postgres_url")
    opened: list[EpisodeRecords] = []

    def open_(**options) -> EpisodeRecords:
        records = SqliteRecords(target, **options) if request.param == "sqlite" else PostgresRecords(target, **options)
        opened.append(records)
        return records

    yield open_
    for records in opened:
        records.close()


@pytest.fixture
def make_env(registry: TaskRegistry, open_record: OpenRecord) -> Iterator[EnvFactory]:
    """Envs over one record, as successive server processes would open it."""
    made: list[ReviewEnv] = []

    def make(config: EnvConfig | None = None, clock: Callable[[], float] | None = None) -> ReviewEnv:
        """An env whose record (and, with `clock`, idle store) use `clock` instead of real time."""
        records = open_record(clock=clock or time.time)
        env = ReviewEnv(registry, default_sandbox(), config, clock=clock or time.monotonic, recorder=records)
        made.append(env)
        return env

    yield make
    for env in made:
        env.close()


@pytest.fixture
def replicas(registry: TaskRegistry, postgres_url: str) -> Iterator[Callable[..., ReviewEnv]]:
    """Envs on one PostgreSQL record, as server replicas behind a load balancer are."""
    made: list[ReviewEnv] = []

    def replica(config: EnvConfig | None = None) -> ReviewEnv:
        env = ReviewEnv(registry, default_sandbox(), config, recorder=PostgresRecords(postgres_url))
        made.append(env)
        return env

    yield replica
    for env in made:
        env.close()


def finding(task, number: int = 0, **changes) -> ReviewAction:
    return ReviewAction(**{**perfect_findings(task)[number], **changes})


def step_result(step: int) -> StepResult:
    return StepResult(
        episode_id="e",
        reward=0.0,
        feedback="",
        done=False,
        step_count=step,
        max_steps=5,
        episode_score=0.0,
        finding=None,
    )


# -- the recorder contract, on both backends -------------------------------------------------------------


def test_every_event_is_recorded_and_an_env_on_a_new_connection_continues(open_record: OpenRecord, registry):
    task = registry.get("task_easy_1")
    with ReviewEnv(registry, default_sandbox(), recorder=open_record()) as env:
        obs = env.reset(task_id=task.task_id)
        env.run_python(obs.episode_id, "kept = 41")
        first = env.submit(obs.episode_id, finding(task, line_number=1))
        records: EpisodeRecords = env.recorder  # type: ignore[assignment]
        assert records.version(obs.episode_id) == 2
        assert [a.kind for a in records.actions(obs.episode_id)] == ["run_python", "submit_review"]
        assert records.actions(obs.episode_id)[1].outcome == first.model_dump(mode="json")

    with ReviewEnv(registry, default_sandbox(), recorder=open_record()) as env:
        assert env.run_python(obs.episode_id, "print(kept + 1)").stdout == "42\n"
        last = env.submit(obs.episode_id, finding(task), final=True)
        assert last.done and last.step_count == 2
        detail = env.recorder.detail(obs.episode_id)  # type: ignore[attr-defined]
        assert detail.summary.status == "finished" and detail.final_grade == env.grade(obs.episode_id)
        assert detail.summary.run_count == 2 and env.recorder.version(obs.episode_id) == 4  # type: ignore[attr-defined]


def test_a_write_from_a_stale_version_is_refused_and_records_nothing(open_record: OpenRecord, registry):
    task = registry.get("task_easy_1")
    records = open_record()
    with ReviewEnv(registry, default_sandbox(), recorder=records) as env:
        eid = env.reset(task_id=task.task_id).episode_id
        records.finding_submitted(eid, finding(task), False, step_result(1), None, version=1)
        with pytest.raises(StaleEpisodeError):
            records.finding_submitted(eid, finding(task), False, step_result(1), None, version=1)
        with pytest.raises(StaleEpisodeError):
            records.episode_finished(eid, env.grade(eid), version=1)
        assert [a.kind for a in records.actions(eid)] == ["submit_review"] and records.version(eid) == 1
        assert records.load(eid).findings == (finding(task),)


def test_a_run_is_recorded_even_when_another_writer_moved_the_episode(open_record: OpenRecord, registry):
    records = open_record()
    with ReviewEnv(registry, default_sandbox(), recorder=records) as env:
        eid = env.reset(task_id="task_easy_1").episode_id
        run = env.run_python(eid, "print(1)")
        assert records.code_ran(eid, "print(1)", 4.0, run, version=2)
        assert not records.code_ran(eid, "print(1)", 4.0, run, version=2)  # the record was at 2, not 1
        assert records.version(eid) == 3 and len(records.load(eid).cells) == 3


def test_retention_prunes_inactive_episodes_on_both_backends(open_record: OpenRecord, registry):
    now = [1_000_000.0]
    with ReviewEnv(registry, default_sandbox(), recorder=open_record(clock=lambda: now[0])) as env:
        old = env.reset(task_id="task_easy_1").episode_id
        now[0] += 10 * 86400
        recent = env.reset(task_id="task_easy_1").episode_id
    records = open_record(retention_days=5, clock=lambda: now[0])
    assert [s.episode_id for s in records.summaries()] == [recent]
    assert records.load(old) is None and records.version(old) is None and records.actions(old) == []


# -- the env on a record: restart, reload, eviction, concurrency (both backends) --------------------------


def test_every_reset_run_submission_and_final_grade_is_recorded(make_env: EnvFactory, registry: TaskRegistry):
    env = make_env()
    task = registry.get("task_easy_1")
    obs = env.reset(task_id=task.task_id)
    run = env.run_python(obs.episode_id, "print(6 * 7)")
    first = env.submit(obs.episode_id, finding(task, line_number=1))
    second = env.submit(obs.episode_id, finding(task), final=True)
    records: EpisodeRecords = env.recorder  # type: ignore[assignment]

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
    records: EpisodeRecords = env.recorder  # type: ignore[assignment]
    summaries = records.summaries()
    assert len(summaries) == 8 and all(s.step_count == 4 and s.status == "finished" for s in summaries)
    for summary in summaries:
        steps = [a.outcome["step_count"] for a in records.actions(summary.episode_id)]
        assert steps == [1, 2, 3, 4]


def test_a_reloaded_episode_whose_cells_cannot_be_replayed_says_its_sandbox_started_fresh(make_env: EnvFactory):
    before = make_env()
    eid = before.reset(task_id="task_easy_1").episode_id
    timed_out = before.run_python(eid, "kept = 1\nimport time\ntime.sleep(30)", timeout_s=0.5)
    assert timed_out.timed_out and timed_out.state_lost  # this call ended its interpreter: nothing to replay

    after = make_env()
    fresh = after.run_python(eid, "print('kept' in globals())")
    assert fresh.stdout == "False\n" and not fresh.restored and fresh.notice == RELOADED_SANDBOX_NOTICE


# -- the PostgreSQL record itself ------------------------------------------------------------------------


def test_a_database_is_given_the_schema_once_even_by_replicas_starting_together(postgres_url: str):
    errors: list[BaseException] = []

    def start() -> None:
        try:
            PostgresRecords(postgres_url).close()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM coding_env_mcp_schema").fetchall() == [(SCHEMA_VERSION,)]


def test_unusable_databases_are_refused_naming_the_database_without_its_password(postgres_url: str):
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE episodes (id int)")
    with pytest.raises(RecordsError, match="not an episode record"):
        PostgresRecords(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE episodes")
    with pytest.raises(RecordsError, match="no episode record in this database"):
        PostgresRecords(postgres_url, create=False)
    PostgresRecords(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE coding_env_mcp_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(RecordsError, match="newer than this version understands"):
        PostgresRecords(postgres_url)
    host = postgres_url.split("@")[1]
    with pytest.raises(RecordsError, match="cannot use the PostgreSQL episode database") as refused:
        PostgresRecords(f"postgresql://postgres:s3cret-pw@{host.rsplit('/', 1)[0]}/no_such_db")
    assert "s3cret-pw" not in str(refused.value) and "no_such_db" in str(refused.value)


# -- replicas sharing one PostgreSQL record ---------------------------------------------------------------


def test_any_replica_continues_any_episode_with_its_notebook(replicas, registry):
    a, b = replicas(), replicas()
    task = registry.get("task_easy_1")
    eid = a.reset(task_id=task.task_id).episode_id
    assert a.run_python(eid, "kept = 41").exit_code == 0
    restored = b.run_python(eid, "print(kept + 1)")
    assert restored.stdout == "42\n" and restored.restored
    step = b.submit(eid, finding(task, line_number=1))
    assert a.state(eid).step_count == 1 and a.observe(eid).previous_feedback == step.feedback
    caught_up = a.run_python(eid, "kept = 7")  # A's interpreter runs B's cell first, not the whole notebook
    assert caught_up.exit_code == 0 and not caught_up.restored
    assert "1 cell(s) this episode ran on another server replica were replayed first" in caught_up.notice
    assert b.run_python(eid, "print(kept)").stdout == "7\n"
    assert a.run_python(eid, "print(kept)").stdout == "7\n"
    final = a.submit(eid, finding(task), final=True)
    assert b.grade(eid) == a.grade(eid) and b.grade(eid).score == final.episode_score
    assert b.state(eid).done and b.state(eid).run_count == 5


def test_replicas_racing_on_one_episode_neither_lose_nor_double_a_finding(replicas, registry):
    config = EnvConfig(max_steps=60)
    envs = [replicas(config), replicas(config)]
    task = registry.get("task_medium_1")
    eid = envs[0].reset(task_id=task.task_id).episode_id
    accepted: list[int] = []
    errors: list[BaseException] = []

    def submit_many(env: ReviewEnv, worker: int) -> None:
        try:
            for line in range(1, 6):
                result = env.submit(eid, finding(task, line_number=worker * 10 + line))
                accepted.append(result.step_count)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=submit_many, args=(envs[w % 2], w)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(accepted) == list(range(1, 41))  # every step number handed out exactly once
    for env in envs:
        assert env.state(eid).step_count == 40
    recorded = envs[1].recorder.actions(eid)  # type: ignore[attr-defined]
    assert [a.outcome["step_count"] for a in recorded] == list(range(1, 41))
    assert sorted(a.action["line_number"] for a in recorded) == sorted(
        w * 10 + n for w in range(8) for n in range(1, 6)
    )


def test_a_finish_on_one_replica_ends_the_episode_on_every_replica(replicas, registry):
    a, b = replicas(), replicas()
    eid = a.reset(task_id="task_easy_1").episode_id
    a.observe(eid)
    b.observe(eid)
    grade = b.finish(eid, "request_changes")
    assert a.state(eid).done and a.grade(eid) == grade
    with pytest.raises(Exception, match="already ended with verdict"):
        a.finish(eid, "approve")


def test_a_current_copy_costs_one_version_read_per_call_and_no_reload(replicas, monkeypatch):
    a, b = replicas(), replicas()
    eid = a.reset(task_id="task_easy_1").episode_id
    reads = {"version": 0, "load": 0}
    for name in reads:
        original = getattr(a.recorder, name)

        def counted(episode_id: str, _original=original, _name=name):
            reads[_name] += 1
            return _original(episode_id)

        monkeypatch.setattr(a.recorder, name, counted)
    for _ in range(20):
        a.state(eid)
    assert reads == {"version": 20, "load": 0}  # bench/replicas.py measures what the read costs
    b.run_python(eid, "kept = 1")  # moved on elsewhere: the next call reloads it once
    a.state(eid)
    a.state(eid)
    assert reads == {"version": 22, "load": 1}
