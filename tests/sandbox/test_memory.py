"""The memory budget and the queue: interpreters measured, the least recently used idle one stopped for room,
its notebook restored on its next call; a call queued or running keeps its interpreter; slots in arrival order.

These run at the strongest level available (bubblewrap where installed).
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.sandbox import PoolSettings, SandboxConfig, WorkerSandbox
from coding_env_mcp.sandbox.limits import MB
from coding_env_mcp.sandbox.memory import process_memory, process_tree
from coding_env_mcp.sandbox.pool import FairSlots

FILES = {"app/__init__.py": "", "app/calc.py": "def double(x):\n    return 2 * x\n"}
BUDGET = 64 * MB  # the smallest accepted: a handful of interpreters (~7 MB each under bubblewrap)


def wait_for(condition, within_s: float = 20.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def small_budget(**pool) -> WorkerSandbox:
    settings = {"max_concurrent": 1, "warm_workers": 0, "memory_budget_bytes": BUDGET, **pool}
    return WorkerSandbox(SandboxConfig(pool=PoolSettings(**settings)))


def measured_now(box: WorkerSandbox) -> int:
    """What the live workers use, read from /proc afresh (not the pool's own bookkeeping)."""
    return sum(process_memory(pid) for worker in box.pool.workers() for pid in process_tree(worker.process.pid))


def test_a_worker_is_measured_from_proc():
    with small_budget() as box:
        session = box.open_session(FILES)
        session.run("kept = 1", 10)
        worker = session.worker
        assert len(worker.pids) == (3 if box.isolation == "bwrap" else 1)  # bwrap, its child, the interpreter
        assert 1 * MB < worker.memory < 40 * MB
        assert worker.memory == pytest.approx(sum(process_memory(pid) for pid in worker.pids), rel=0.3)
        session.close()


def test_past_the_budget_idle_notebooks_are_stopped_and_come_back_restored_with_their_values():
    with small_budget() as box:
        sessions = [box.open_session(FILES) for _ in range(20)]  # ~140 MB of interpreters if all lived
        for number, session in enumerate(sessions):
            assert session.run(f"mine = {number} * 1000\nopen('mine.txt', 'w').write('{number}')", 10).exit_code == 0
        wait_for(lambda: box.pool.usage()["memory_bytes"] <= BUDGET)
        assert measured_now(box) <= BUDGET * 1.1  # the pool's readings hold against /proc
        assert box.pool.live < len(sessions)
        restored = 0
        for number, session in enumerate(sessions):
            result = session.run("print(mine, open('mine.txt').read())", 10)
            assert result.stdout == f"{number * 1000} {number}\n" and not result.state_lost
            if result.restored:
                restored += 1
                assert "make room for another episode" in result.notice
                assert f"together they may use {BUDGET // MB} MB" in result.notice
        assert restored >= 5
        for session in sessions:
            session.close()


def test_a_notebook_that_grows_past_the_budget_pushes_out_the_least_recently_used_idle_one():
    with small_budget() as box:
        sessions = [box.open_session(FILES) for _ in range(4)]
        for number, session in enumerate(sessions):
            session.run(f"mine = {number}", 10)
        oldest = sessions[0].worker
        grow = sessions[-1].run("hoard = bytearray(40 * 1024 * 1024)\nhoard[::4096] = b'x' * len(hoard[::4096])", 10)
        assert grow.exit_code == 0, grow.stderr
        wait_for(lambda: not oldest.alive)  # measured after the call, then the oldest idle one had to go
        assert box.pool.usage()["memory_bytes"] <= BUDGET
        back = sessions[0].run("print(mine)", 10)
        assert back.stdout == "0\n" and back.restored
        assert sessions[-1].run("print(len(hoard))", 10).restored is False  # the one that grew was in use last
        for session in sessions:
            session.close()


def test_a_call_waiting_for_a_slot_keeps_its_interpreter_however_many_episodes_want_room():
    with small_budget() as box:
        waiting = box.open_session(FILES)
        waiting.run("mine = 'kept'", 10)
        holder = box.open_session(FILES)
        holder.run("pass", 10)
        results: dict[str, object] = {}
        threads = [threading.Thread(target=lambda: results.update(holder=holder.run("import time; time.sleep(1)", 10)))]
        threads[0].start()
        wait_for(lambda: box.pool.slots.waiting == 0 and holder.worker.busy)
        threads.append(threading.Thread(target=lambda: results.update(waiting=waiting.run("print(mine)", 10))))
        threads[1].start()
        wait_for(lambda: box.pool.slots.waiting == 1)  # queued behind the sleeping call
        newcomers = [box.open_session(FILES) for _ in range(15)]  # they need room the budget does not have
        threads += [threading.Thread(target=lambda s=s: s.run("pass", 10)) for s in newcomers]
        for thread in threads[2:]:
            thread.start()
        for thread in threads:
            thread.join(60)
        result = results["waiting"]
        assert result.stdout == "kept\n" and not result.restored and result.notice is None  # type: ignore[attr-defined]
        for session in [waiting, holder, *newcomers]:
            session.close()


def test_a_call_waiting_to_start_keeps_its_interpreter_while_other_episodes_need_room():
    with small_budget() as box:
        waiting, idle = box.open_session(FILES), box.open_session(FILES)
        waiting.run("mine = 'kept'", 10)
        idle.run("mine = 'idle'", 10)
        with waiting.kept():  # as while its call waits for a thread to run on
            assert waiting.worker.in_use and not idle.worker.in_use
            newcomers = [box.open_session(FILES) for _ in range(15)]  # they need room the budget does not have
            for newcomer in newcomers:
                newcomer.run("pass", 10)
            assert waiting.worker.alive
        assert not waiting.worker.in_use
        result = waiting.run("print(mine)", 10)
        assert result.stdout == "kept\n" and not result.restored and result.notice is None
        assert idle.run("print(mine)", 10).restored  # the room was short: the idle one, unkept, had to go
        for session in [waiting, idle, *newcomers]:
            session.close()


def test_when_every_idle_interpreter_is_kept_one_still_gives_way_to_a_call_that_needs_room():
    """Calls waiting for a thread keep their interpreters only as a preference: the threads they wait for may
    be held by calls that need room, and room must come from somewhere, or both sides would wait a minute."""
    with small_budget() as box, contextlib.ExitStack() as holds:
        sessions = [box.open_session(FILES) for _ in range(12)]
        for number, session in enumerate(sessions):
            session.run(f"mine = {number}", 10)
        wait_for(lambda: box.pool.usage()["memory_bytes"] <= BUDGET)
        live = [session for session in sessions if session.worker is not None and session.worker.alive]
        for session in live:
            holds.enter_context(session.kept())
        newcomer = box.open_session(FILES)
        # Without room it would wait a minute for an interpreter, then fail with "no sandboxed interpreter".
        assert newcomer.run("print('in')", 10).stdout == "in\n"
        holds.close()
        for number, session in enumerate(sessions):
            assert session.run("print(mine)", 10).stdout == f"{number}\n"
        for session in [*sessions, newcomer]:
            session.close()


def test_execution_slots_go_to_callers_in_the_order_they_asked():
    slots = FairSlots(1)
    slots.acquire()
    order: list[int] = []

    def call(number: int) -> None:
        with slots:
            order.append(number)

    threads = []
    for number in range(6):
        threads.append(threading.Thread(target=call, args=(number,)))
        threads[-1].start()
        wait_for(lambda n=number: slots.waiting == n + 1)
    slots.release()
    for thread in threads:
        thread.join(10)
    assert order == list(range(6))


def test_a_finished_episode_gives_its_memory_back_at_once(registry):
    with ReviewEnv(registry, small_budget(max_concurrent=2)) as env:
        pool = env.sandbox.pool
        eid = env.reset(task_id="task_easy_1").episode_id
        env.run_python(eid, "kept = 41")
        worker = env._episode(eid).session.worker
        assert worker in pool.workers() and worker.memory > 0
        env.finish(eid, "approve")
        assert worker not in pool.workers()  # no longer counted against the budget: no idle timeout, no eviction
        wait_for(lambda: worker.process.poll() is not None, within_s=10)
        assert worker.pids and all(process_memory(pid) == 0 for pid in worker.pids)
        later = env.run_python(eid, "print(kept + 1)")
        assert later.stdout == "42\n" and later.restored
