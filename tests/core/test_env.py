"""The env core without any transport: episodes, steps, grades, bounds and thread-safety."""

from __future__ import annotations

import threading
import time

import pytest

from coding_env_mcp.core.env import (
    CapacityError,
    EnvConfig,
    EnvError,
    EpisodeDoneError,
    ReviewEnv,
    UnknownEpisodeError,
    UnknownTaskError,
)
from coding_env_mcp.core.live_episodes import StoreLimits
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.models import ReviewAction
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_env(registry: TaskRegistry, clock=None, **store) -> ReviewEnv:
    config = EnvConfig(max_steps=3, store=StoreLimits(**store)) if store else EnvConfig(max_steps=3)
    return ReviewEnv(registry, default_sandbox(), config, **({"clock": clock} if clock else {}))


def wrong_finding(line: int = 1) -> ReviewAction:
    """A finding on task_easy_1 that matches nothing (its defect is at app/pagination.py:44)."""
    return ReviewAction(bug_type="logic", file_path="app/pagination.py", line_number=line)


def test_reset_by_task_id_shows_the_pr(env: ReviewEnv):
    obs = env.reset(task_id="task_medium_1")
    assert obs.task_id == "task_medium_1" and obs.difficulty == "easy"
    assert obs.changed_files == ["app/db/users.py", "app/handlers/users.py"]
    assert obs.pr_title in obs.code_snippet and "+++ b/app/db/users.py" in obs.code_snippet
    assert obs.reward is None and not obs.done and obs.step_count == 0
    assert len(obs.episode_id) >= 20  # unguessable: it is a capability


def test_reset_by_difficulty_and_by_seed_is_reproducible(env: ReviewEnv):
    assert env.reset(difficulty="hard").difficulty == "hard"
    picks = {env.reset(seed=7).task_id for _ in range(5)}
    assert len(picks) == 1
    assert env.reset(seed=7, difficulty="easy").difficulty == "easy"


def test_reset_errors_name_what_is_accepted(env: ReviewEnv):
    with pytest.raises(UnknownTaskError, match=r"unknown task 'nope'; known tasks: task_\d+, .*more; see list_tasks"):
        env.reset(task_id="nope")
    with pytest.raises(UnknownTaskError, match=r"no task matches tag='no-such-tag'"):
        env.reset(tag="no-such-tag")
    with pytest.raises(EnvError, match=r"task 'task_easy_1' has difficulty 'easy', not 'hard'"):
        env.reset(task_id="task_easy_1", difficulty="hard")


def test_submit_returns_reward_feedback_and_the_next_observation_carries_it(env: ReviewEnv, registry):
    obs = env.reset(task_id="task_easy_1")
    [perfect] = perfect_findings(registry.get("task_easy_1"))
    step = env.submit(obs.episode_id, ReviewAction(**perfect))
    assert step.reward == 0.99 and step.episode_score == 0.99 and not step.done
    after = env.observe(obs.episode_id)
    assert after.previous_feedback == step.feedback and after.reward == 0.99 and after.step_count == 1
    state = env.state(obs.episode_id)
    assert state.step_count == 1 and state.last_score == 0.99 and state.task_id == "task_easy_1"


def test_episode_ends_on_final_or_max_steps(registry):
    with make_env(registry) as env:
        eid = env.reset(task_id="task_easy_1").episode_id
        assert env.submit(eid, wrong_finding(), final=True).done
        with pytest.raises(EpisodeDoneError, match=r"is finished .* get_grade"):
            env.submit(eid, wrong_finding())
        eid = env.reset(task_id="task_easy_1").episode_id
        results = [env.submit(eid, wrong_finding(line=i + 1)) for i in range(3)]
        assert [r.done for r in results] == [False, False, True]  # max_steps=3
        assert env.observe(eid).done


def test_grade_reveals_per_issue_results_only_when_done(env: ReviewEnv, registry):
    eid = env.reset(task_id="task_hard_1").episode_id
    env.submit(eid, ReviewAction(**perfect_findings(registry.get("task_hard_1"))[0]))
    running = env.grade(eid)
    assert running.score >= 0.9 and running.issues is None and running.issues_total is None
    env.submit(eid, ReviewAction(bug_type="logic", file_path="app/auth/service_tokens.py", line_number=1), final=True)
    final = env.grade(eid)
    assert final.done and final.issues_total == 1 and final.issues[0].found_by_step == 1
    assert final.false_positives == 1 and final.score == pytest.approx(0.99 / 1.5, abs=1e-4)


def test_unknown_episode(env: ReviewEnv):
    for call in (env.observe, env.grade, env.state):
        with pytest.raises(UnknownEpisodeError, match=r"unknown or expired episode 'missing'; start one with"):
            call("missing")


def test_idle_episodes_expire(registry):
    clock = FakeClock()
    with make_env(registry, clock, idle_ttl_s=60) as env:
        eid = env.reset(task_id="task_easy_1").episode_id
        clock.now += 59
        env.observe(eid)  # touching it keeps it alive
        clock.now += 59
        assert env.observe(eid).episode_id == eid
        clock.now += 61
        with pytest.raises(UnknownEpisodeError, match=r"expire after 60s idle"):
            env.observe(eid)
        assert env.open_episodes == 0


def test_store_is_bounded_and_evicts_finished_episodes_first(registry):
    clock = FakeClock()
    with make_env(registry, clock, max_episodes=2, idle_ttl_s=600) as env:
        finished = env.reset(task_id="task_easy_1").episode_id
        env.submit(finished, wrong_finding(), final=True)
        clock.now += 1
        open_one = env.reset(task_id="task_easy_1").episode_id
        clock.now += 1
        newest = env.reset(task_id="task_easy_1").episode_id  # evicts the finished one
        assert env.open_episodes == 2
        with pytest.raises(UnknownEpisodeError):
            env.observe(finished)
        with pytest.raises(CapacityError, match=r"too many open episodes \(the limit is 2\)"):
            env.reset(task_id="task_easy_1")
        assert env.observe(open_one) and env.observe(newest)  # nothing open was lost


def test_concurrent_episodes_do_not_interfere(env: ReviewEnv, registry):
    """Many threads, each playing its own episode at once, each get exactly their own grade."""
    tasks = ["task_easy_1", "task_medium_1", "task_hard_1"] * 8
    scores: dict[int, float] = {}
    errors: list[BaseException] = []

    def play(index: int, task_id: str) -> None:
        try:
            eid = env.reset(task_id=task_id).episode_id
            good = perfect_findings(registry.get(task_id))[0]
            env.submit(eid, ReviewAction(**good))
            if index % 2:
                env.submit(eid, ReviewAction(bug_type="logic", file_path=good["file_path"], line_number=1))
            scores[index] = env.grade(eid).score
        except BaseException as exc:  # collected and re-raised on the main thread
            errors.append(exc)

    threads = [threading.Thread(target=play, args=pair) for pair in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for index in range(len(tasks)):
        assert scores[index] == (pytest.approx(0.66, abs=1e-2) if index % 2 else 0.99)


def test_concurrent_submits_on_one_episode_are_serialised(registry):
    with make_env(registry) as env:
        eid = env.reset(task_id="task_easy_1").episode_id
        barrier = threading.Barrier(8)
        outcomes: list[str] = []

        def submit() -> None:
            barrier.wait()
            try:
                env.submit(eid, wrong_finding())
                outcomes.append("ok")
            except EpisodeDoneError:
                outcomes.append("done")

        threads = [threading.Thread(target=submit) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count("ok") == 3 and outcomes.count("done") == 5  # max_steps=3, never more
        assert env.state(eid).step_count == 3


def test_run_python_runs_against_the_pr_files_and_records_exit_code(env: ReviewEnv):
    eid = env.reset(task_id="task_easy_1").episode_id
    result = env.run_python(
        eid, "from app.pagination import paginate\nprint(paginate(list(range(45)), 2, 20).has_next)"
    )
    assert result.stdout.strip() == "False" and result.exit_code == 0
    failing = env.run_python(eid, "raise SystemExit(3)")
    assert failing.exit_code == 3
    state = env.state(eid)
    assert state.last_exit_code == 3 and state.run_count == 2


def test_run_python_rejects_bad_limits(env: ReviewEnv):
    eid = env.reset(task_id="task_easy_1").episode_id
    with pytest.raises(EnvError, match=r"timeout_s must be > 0 and <= 60 seconds"):
        env.run_python(eid, "pass", timeout_s=600)
    with pytest.raises(EnvError, match=r"code is 100001 characters; the limit is 100000"):
        env.run_python(eid, "#" * 100_001)


def test_closing_releases_every_workspace(registry):
    env = make_env(registry)
    eid = env.reset(task_id="task_easy_1").episode_id
    env.run_python(eid, "print(1)")
    worker = env._episode(eid).session.worker
    assert worker.alive and worker.process.poll() is None
    env.close()
    assert not worker.alive and worker.process.poll() is not None
    assert worker.host_workspace is None or not worker.host_workspace.exists()


def test_a_finding_must_say_where_and_the_clean_verdict_is_a_verdict(env: ReviewEnv):
    eid = env.reset(task_id="task_easy_1").episode_id
    with pytest.raises(EnvError, match=r"file_path and line_number .* are both required.*verdict='approve'"):
        env.submit(eid, ReviewAction(bug_type="none", review="looks clean"))
    with pytest.raises(EnvError, match=r"file_path 'nope.py' is not a file of this PR; its files: app/pagination.py"):
        env.submit(eid, ReviewAction(bug_type="logic", file_path="nope.py", line_number=3))
    with pytest.raises(EnvError, match=r"a verdict ends the review: give it with final=true"):
        env.submit(eid, wrong_finding(), verdict="request_changes")
    with pytest.raises(EnvError, match=r"verdict 'lgtm' is not a verdict; accepted: approve, request_changes"):
        env.finish(eid, "lgtm")  # type: ignore[arg-type]
    assert env.state(eid).step_count == 0  # nothing refused was counted
    final = env.finish(eid, "approve")
    assert final.done and final.verdict == "approve" and final.clean is False and final.score == 0.01
    assert "approve, on a PR with planted defects" in final.verdict_feedback
    assert env.finish(eid) == final  # finishing again returns the same grade
    with pytest.raises(EpisodeDoneError, match=r"already ended with verdict 'approve'"):
        env.finish(eid, "request_changes")


def test_a_clean_pr_is_approved_with_the_verdict(env: ReviewEnv, registry):
    clean = next(task for task in registry.select() if task.is_clean)
    eid = env.reset(task_id=clean.task_id).episode_id
    final = env.finish(eid, "approve")
    assert final.score == 0.99 and final.clean is True and final.issues_total == 0


def test_blind_feedback_hides_every_grade_until_the_episode_ends(registry):
    with make_env(registry) as env:
        eid = env.reset(task_id="task_easy_1", feedback="blind").episode_id
        assert env.observe(eid).feedback_mode == "blind"
        [perfect] = perfect_findings(registry.get("task_easy_1"))
        step = env.submit(eid, ReviewAction(**perfect))
        assert step.reward is None and step.episode_score is None and step.finding is None
        assert "recorded" in step.feedback and "0.99" not in step.feedback
        observation, state = env.observe(eid), env.state(eid)
        assert observation.reward is None and state.last_score is None
        assert "0.99" not in observation.previous_feedback
        with pytest.raises(EnvError, match=r"blind feedback: its grade is shown once it ends"):
            env.grade(eid)
        last = env.submit(eid, wrong_finding(), final=True, verdict="request_changes")
        assert last.done and last.episode_score is not None and last.finding is not None
        final = env.grade(eid)
        assert final.done and final.findings[0].score == 0.99 and final.verdict == "request_changes"
    with pytest.raises(EnvError, match=r"feedback 'loud' is not a feedback mode; accepted: full, blind"):
        env.reset(task_id="task_easy_1", feedback="loud")  # type: ignore[arg-type]


def test_finishing_frees_the_interpreter_at_once_and_a_later_run_restores_the_notebook(registry):
    with make_env(registry) as env:
        eid = env.reset(task_id="task_easy_1").episode_id
        env.run_python(eid, "kept = 41\nopen('notes.txt', 'w').write('x')")
        worker = env._episode(eid).session.worker
        env.finish(eid, "request_changes")
        assert env._episode(eid).session is None
        deadline = time.monotonic() + 10  # torn down by the pool's janitor thread, not at the idle timeout
        while worker.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert worker.process.poll() is not None
        later = env.run_python(eid, "import os\nprint(kept + 1, os.path.exists('notes.txt'))")
        assert later.stdout == "42 True\n" and later.restored and later.exit_code == 0


def test_a_run_python_call_waiting_to_start_keeps_its_episodes_interpreter(env: ReviewEnv):
    episode_id = env.reset(task_id="task_easy_1").episode_id
    with env.interpreter_kept(episode_id):  # no interpreter yet: nothing to keep, nothing fails
        pass
    env.run_python(episode_id, "kept = 41")
    worker = env._episode(episode_id).session.worker  # type: ignore[union-attr]
    assert not worker.in_use
    with env.interpreter_kept(episode_id):
        assert worker.in_use
    assert not worker.in_use
    with env.interpreter_kept("no-such-episode"):  # the call itself reports an unknown episode
        pass
    assert env.run_python(episode_id, "print(kept + 1)").stdout == "42\n"


def test_keeping_an_interpreter_neither_touches_nor_evicts_its_episode(registry):
    """Asked from the event loop: an expired episode is left for the call itself to evict (its release may wait
    for a running call), and a kept one is not marked as used."""
    clock = FakeClock()
    with make_env(registry, clock, idle_ttl_s=60) as env:
        episode_id = env.reset(task_id="task_easy_1").episode_id
        clock.now += 61
        with env.interpreter_kept(episode_id):
            assert env.open_episodes == 1
        with pytest.raises(UnknownEpisodeError):
            env.observe(episode_id)
