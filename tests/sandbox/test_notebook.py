"""Notebook semantics, the warm pool, limits on concurrency, and what a lost interpreter tells the agent.

These run at the strongest level available (bubblewrap where installed); the attack suite covers both levels.
"""

from __future__ import annotations

import itertools
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from mcp import Client

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.sandbox import Cell, PoolSettings, SandboxConfig, WorkerSandbox
from coding_env_mcp.server import build_server

from .support import stray_processes

FILES = {"app/__init__.py": "", "app/calc.py": "def double(x):\n    return 2 * x\n"}


def wait_for(condition, within_s: float = 15.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[WorkerSandbox]:
    with WorkerSandbox(SandboxConfig(pool=PoolSettings(max_concurrent=2, warm_workers=1, max_workers=8))) as box:
        yield box


def test_names_files_and_imports_persist_between_calls(sandbox: WorkerSandbox):
    session = sandbox.open_session(FILES)
    try:
        first = session.run(
            "from app.calc import double\nanswer = double(21)\nopen('notes.txt', 'w').write('kept')", 10
        )
        assert first.exit_code == 0 and not first.state_lost and first.isolation == sandbox.isolation
        second = session.run("print(answer, open('notes.txt').read(), double(5))", 10)
        assert second.stdout == "42 kept 10\n" and not second.state_lost and second.notice is None
        failed = session.run("raise ValueError('bad input')", 10)
        assert failed.exit_code == 1 and "ValueError: bad input" in failed.stderr and '#3>", line 1' in failed.stderr
        assert session.run("print(answer)", 10).stdout == "42\n"  # an exception loses nothing
        exited = session.run("import sys\nsys.exit(7)", 10)
        assert exited.exit_code == 7 and not exited.state_lost
        assert session.run("print(answer)", 10).stdout == "42\n"  # nor does SystemExit
    finally:
        session.close()


def test_sessions_do_not_share_anything(sandbox: WorkerSandbox):
    first, second = sandbox.open_session(FILES), sandbox.open_session(FILES)
    try:
        first.run("shared = 1\nopen('mine.txt', 'w').write('x')", 10)
        other = second.run(
            "import os\nprint('shared' in globals(), os.path.exists('mine.txt'), sorted(os.listdir('app')))", 10
        )
        assert other.stdout == "False False ['__init__.py', 'calc.py']\n"
    finally:
        first.close()
        second.close()


def test_a_crash_restarts_the_interpreter_and_the_next_call_restores_the_earlier_cells(sandbox: WorkerSandbox):
    session = sandbox.open_session(FILES)
    try:
        session.run("value = 1\nopen('scratch.txt', 'w').write('x')", 10)
        crashed = session.run("import os\nprint('bye', flush=True)\nos._exit(3)", 10)
        assert crashed.exit_code == 3 and crashed.stdout == "bye\n" and crashed.state_lost
        assert "the interpreter died (exit status 3)" in crashed.notice
        fresh = session.run(
            "import os\nprint('value' in globals(), os.path.exists('scratch.txt'), os.path.exists('app'))", 10
        )
        assert fresh.stdout == "True True True\n"  # a fresh interpreter, the earlier cell replayed into it
        assert fresh.restored and not fresh.state_lost and "1 earlier cell(s) were replayed" in fresh.notice
        killed = session.run("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", 10)
        assert killed.exit_code == -9 and killed.state_lost and "killed by SIGKILL" in killed.notice
    finally:
        session.close()


def test_a_fresh_episode_starts_on_a_worker_that_was_already_warm(sandbox: WorkerSandbox):
    wait_for(lambda: any(not worker.busy for worker in sandbox.pool.workers()) and sandbox.pool.live >= 1)
    spares = {id(worker) for worker in sandbox.pool.workers() if worker not in _assigned(sandbox)}
    session = sandbox.open_session(FILES)
    try:
        assert session.run("print(1)", 10).stdout == "1\n"
        assert id(session.worker) in spares  # no interpreter was started for this call
    finally:
        session.close()


def _assigned(sandbox: WorkerSandbox) -> set:
    return sandbox.pool._assigned


def test_background_processes_die_with_the_call_but_threads_live_on(sandbox: WorkerSandbox):
    session = sandbox.open_session(FILES)
    try:
        started = session.run(
            "import subprocess, sys, threading, time\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
            "ticks = []\n"
            "threading.Thread(target=lambda: [ticks.append(1) or time.sleep(0.01) for _ in range(30)], daemon=True).start()\n",
            10,
        )
        assert started.exit_code == 0
        assert stray_processes(sandbox) == []
        later = session.run("import time\ntime.sleep(0.5)\nprint(child.poll() is not None, len(ticks) > 1)", 10)
        assert later.stdout == "True True\n"
    finally:
        session.close()


def test_idle_interpreters_are_reaped_and_the_next_call_says_so():
    with WorkerSandbox(
        SandboxConfig(pool=PoolSettings(max_concurrent=1, warm_workers=0, max_workers=4, idle_s=0.3))
    ) as box:
        session = box.open_session(FILES)
        assert session.run("kept = 1", 10).exit_code == 0
        worker = session.worker
        wait_for(lambda: not worker.alive or worker.process.poll() is not None)
        after = session.run("print('kept' in globals())", 10)
        assert after.stdout == "True\n" and after.restored and not after.state_lost
        assert "restarted (the interpreter was stopped after 0.3s without a call)" in after.notice
        session.close()


def test_the_least_recently_used_idle_interpreter_makes_room():
    with WorkerSandbox(SandboxConfig(pool=PoolSettings(max_concurrent=1, warm_workers=0, max_workers=2))) as box:
        sessions = [box.open_session(FILES) for _ in range(3)]
        for number, session in enumerate(sessions):
            assert session.run(f"mine = {number}", 10).exit_code == 0
        oldest = sessions[0].run("print(globals().get('mine'))", 10)
        assert oldest.stdout == "0\n" and oldest.restored and "make room for another episode" in oldest.notice
        assert box.pool.live <= 2
        for session in sessions:
            session.close()


def _interval(result) -> tuple[float, float]:
    start, end = map(float, result.stdout.split())
    return start, end


def test_calls_beyond_the_limit_queue_and_one_episode_runs_one_call_at_a_time():
    timed = "import time\nstart = time.monotonic()\ntime.sleep(0.3)\nprint(start, time.monotonic())"
    with WorkerSandbox(SandboxConfig(pool=PoolSettings(max_concurrent=1, warm_workers=2, max_workers=4))) as box:
        episodes = [box.open_session(FILES) for _ in range(2)]
        results: list = []
        calls = [episodes[0], episodes[1], episodes[1]]  # two episodes, and two calls to the second at once
        threads = [threading.Thread(target=lambda s=s: results.append(s.run(timed, 10))) for s in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(results) == 3 and all(result.exit_code == 0 for result in results)
        intervals = sorted(_interval(result) for result in results)
        for (_, end), (next_start, _) in itertools.pairwise(intervals):
            assert end <= next_start  # never two at once: one execution slot, one call per episode
        for session in episodes:
            session.close()


def test_the_hosts_tmp_is_left_clean(sandbox: WorkerSandbox):
    name = f"/tmp/coding-env-mcp-test-{secrets.token_hex(6)}"
    session = sandbox.open_session(FILES)
    wrote = session.run(f"open({name!r}, 'w').write('x')\nprint('ok')", 10)
    assert wrote.stdout == "ok\n"
    if sandbox.isolation == "bwrap":
        assert not os.path.exists(name)  # a private tmpfs
    session.close()
    wait_for(lambda: not os.path.exists(name))  # without one, the uid's files go when its worker does


@pytest.mark.anyio
async def test_the_event_loop_keeps_serving_while_code_runs(registry):
    config = SandboxConfig(pool=PoolSettings(max_concurrent=1, warm_workers=1, max_workers=4))
    with ReviewEnv(registry, WorkerSandbox(config)) as env:
        async with Client(build_server(env), mode="auto") as client:
            eids = [
                (await client.call_tool("reset_episode", {"task_id": "task_easy_1"})).structured_content["episode_id"]
                for _ in range(3)
            ]
            finished: list[str] = []

            async def slow(eid: str) -> None:
                await client.call_tool("run_python", {"episode_id": eid, "code": "import time\ntime.sleep(1)"})
                finished.append(eid)

            async with anyio.create_task_group() as group:
                for eid in eids:
                    group.start_soon(slow, eid)
                await anyio.sleep(0.2)
                listed = await client.call_tool("list_tasks", {})
                state = await client.call_tool("get_state", {"episode_id": eids[0]})
                assert not listed.is_error and not state.is_error
                assert finished == []  # answered while every run_python call was still running or queued
            assert sorted(finished) == sorted(eids)


def test_the_workspace_root_is_where_the_code_runs(sandbox: WorkerSandbox):
    session = sandbox.open_session(FILES)
    try:
        result = session.run("import os\nprint(os.getcwd())", 10)
        assert Path(result.stdout.strip()) == session.workspace
    finally:
        session.close()


def test_code_and_files_larger_than_a_pipe_buffer_get_through(sandbox: WorkerSandbox):
    files = {**FILES, "app/big.py": "DATA = " + repr("y" * 300_000) + "\n"}
    session = sandbox.open_session(files)
    try:
        code = "x = 1\n" + "# padding\n" * 9_000 + "from app.big import DATA\nprint(x, len(DATA))"
        assert session.run(code, 10).stdout == "1 300000\n"
    finally:
        session.close()


def test_a_thread_left_spinning_between_calls_is_stopped_by_the_cpu_limit(sandbox: WorkerSandbox):
    session = sandbox.open_session(FILES)
    try:
        spin = "import threading\nthreading.Thread(target=lambda: [None for _ in iter(int, 1)], daemon=True).start()"
        assert session.run(spin, 1).exit_code == 0  # this call's CPU limit: what it used + 2 s
        worker = session.worker
        wait_for(lambda: worker.process.poll() is not None, within_s=30)
        after = session.run("print('fresh')", 10)
        assert after.stdout == "fresh\n" and after.restored and "SIGXCPU" in after.notice
    finally:
        session.close()


def test_a_restore_names_the_cells_whose_replay_failed_or_lost_the_interpreter(sandbox: WorkerSandbox):
    """History as a record may hold it: one cell that ended differently on replay, one that kills its interpreter."""
    history = [
        Cell("kept = 1", 10, 0),
        Cell("raise SystemExit(3)", 10, 0),  # exited 0 when it first ran
        Cell("also = 2", 10, 0),
    ]
    session = sandbox.open_session(FILES, history)
    try:
        result = session.run("print(kept, also)", 10)
        assert result.stdout == "1 2\n" and result.restored and not result.state_lost
        assert result.restore_failures == ["cell 2 exited 3 on replay, 0 originally"]
        assert "cell 2 exited 3 on replay, 0 originally" in result.notice
    finally:
        session.close()
    session = sandbox.open_session(FILES, [Cell("kept = 1", 10, 0), Cell("import os\nos._exit(1)", 10, 0)])
    try:
        result = session.run("print('kept' in globals())", 10)
        assert result.stdout == "False\n" and result.restored and not result.state_lost
        assert "cell 2 lost the interpreter on replay" in result.restore_failures[0]
    finally:
        session.close()
