# Clean PR: cancellation for the in-process worker pool. This forces the interleavings a reviewer would
# worry about with events and an instrumented JobTable (a cancel landing between a worker's queue.get()
# and table.start(); a cancelled job's record pruned before a worker reaches it; shutdown(cancel=True)
# racing with submits; the max_pending check racing with other submitters), stress-tests cancels from
# several threads, checks the export's temporary-file handling, and runs the PR's own tests.
import importlib.util
import logging
import random
import tempfile
import threading
import unittest
from pathlib import Path

from app.exports import orders
from app.exports.orders import start_export
from app.jobs.cancel import CancelToken, JobCancelled
from app.jobs.pool import PoolClosed, PoolFull, WorkerPool
from app.jobs.table import TERMINAL, JobState, JobTable

logging.disable(logging.CRITICAL)  # the pool logs failed jobs' tracebacks; the states are checked instead
T = 10  # generous timeout for every wait; nothing here relies on timing
thread_errors = []
threading.excepthook = lambda args: thread_errors.append(repr(args.exc_value))


def stopped(pool):
    pool.shutdown(wait=False, cancel=True)
    for thread in pool._threads:
        thread.join(T)
    return not any(thread.is_alive() for thread in pool._threads)


def blocker(pool):
    """Occupy one worker until the returned event is set."""
    started, release = threading.Event(), threading.Event()
    job = pool.submit("blocker", lambda token: started.set() or release.wait(T))
    assert started.wait(T)
    return job, release


# --- the token ---------------------------------------------------------------------------------------------
token = CancelToken()
token.check()
assert not token.cancelled
token.cancel()
assert token.cancelled
for call in (token.check, lambda: token.sleep(T)):
    try:
        call()
    except JobCancelled:
        pass
    else:
        raise AssertionError("a cancelled token did not raise")

# --- a cancel that lands between queue.get() and table.start() -------------------------------------------
class GatedTable(JobTable):
    """Lets the test act after a worker has dequeued a job and before it calls start()."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dequeued, self.proceed = threading.Event(), threading.Event()

    def start(self, job_id):
        self.dequeued.set()
        assert self.proceed.wait(T)
        return super().start(job_id)


table = GatedTable()
pool = WorkerPool(workers=1, table=table)
ran = []
job = pool.submit("x", lambda token: ran.append("x"))
assert table.dequeued.wait(T)
assert pool.info(job).state is JobState.QUEUED
assert pool.cancel(job) is True
assert pool.wait(job, 0).state is JobState.CANCELLED, "a queued cancel finishes the job at once"
table.proceed.set()
follow = pool.submit("y", lambda token: "y")
assert pool.wait(follow, T).result == "y" and ran == [], "the cancelled job ran anyway"
assert pool.info(job).started_at is None and stopped(pool)

# the other order: start() wins, so the cancel reaches the running job through its token
table = GatedTable()
pool = WorkerPool(workers=1, table=table)
inside = threading.Event()


def cooperative(token):
    inside.set()
    token.sleep(T)


job = pool.submit("x", cooperative)
assert table.dequeued.wait(T)
table.proceed.set()
assert inside.wait(T)
assert pool.info(job).state is JobState.RUNNING and pool.cancel(job)
assert pool.wait(job, T).state is JobState.CANCELLED and pool.cancel(job) is False
# a running job that finishes without checking its token again still ends as done, as documented
entered, finish_anyway, seen = threading.Event(), threading.Event(), []


def stubborn(token):
    entered.set()
    finish_anyway.wait(T)
    seen.append(token.cancelled)
    return "done"


job = pool.submit("stubborn", stubborn)
assert entered.wait(T) and pool.cancel(job) is True
finish_anyway.set()
info = pool.wait(job, T)
assert info.state is JobState.DONE and info.result == "done" and seen == [True], info
assert stopped(pool)

# --- a cancelled job's record pruned before any worker reaches it ------------------------------------------
pool = WorkerPool(workers=1, table=JobTable(retain_finished=1))
busy, release = blocker(pool)
early = [pool.submit(f"c{n}", lambda token: ran.append("pruned job ran")) for n in range(3)]
assert all(pool.cancel(j) for j in early)
assert pool.info(early[0]) is None and pool.info(early[1]) is None, "retain_finished=1 pruned the older records"
release.set()
assert pool.wait(busy, T).state is JobState.DONE
later = pool.submit("later", lambda token: "still working")
assert pool.wait(later, T).result == "still working", "a worker died on a pruned record"
assert all(t.is_alive() for t in pool._threads) and "pruned job ran" not in ran and stopped(pool)

# --- many cancels from several threads while jobs start and finish ------------------------------------------
rng = random.Random(41)
pool = WorkerPool(workers=4, table=JobTable(retain_finished=5000), max_pending=5000)
runs, runs_lock = {}, threading.Lock()


def work(token, n, spins):
    with runs_lock:
        runs[n] = runs.get(n, 0) + 1
    for _ in range(spins):
        token.check()
    return n


held = [blocker(pool) for _ in range(4)]  # all four workers busy until the cancellers start
ids = [pool.submit(f"j{n}", work, n, rng.randint(0, 3000)) for n in range(1500)]
claimed = [[] for _ in range(5)]
assert pool.cancel(ids[-1]) and pool.info(ids[-1]).state is JobState.CANCELLED
claimed[4].append(ids[-1])
barrier = threading.Barrier(5)


def canceller(k):
    local = random.Random(k)
    barrier.wait(T)
    for job_id in local.sample(ids, 600):
        if pool.cancel(job_id):
            claimed[k].append(job_id)


cancellers = [threading.Thread(target=canceller, args=(k,)) for k in range(4)]
for thread in cancellers:
    thread.start()
barrier.wait(T)
for _, release in held:
    release.set()
for thread in cancellers:
    thread.join(T)
infos = {job_id: pool.wait(job_id, T) for job_id in ids}
assert all(info.state in TERMINAL for info in infos.values()), "a job never finished"
assert all(count == 1 for count in runs.values()), "a job ran twice"
for n, job_id in enumerate(ids):
    info = infos[job_id]
    if info.started_at is None:
        assert info.state is JobState.CANCELLED and n not in runs, info
    else:
        assert n in runs and info.state in (JobState.DONE, JobState.CANCELLED), info
    if info.state is JobState.DONE:
        assert info.result == n
    if info.state is JobState.CANCELLED:
        assert any(job_id in c for c in claimed), "cancelled without anyone asking"
assert stopped(pool)

# --- max_pending: concurrent submitters never push the queue past the limit -------------------------------
pool = WorkerPool(workers=1, max_pending=5)
busy, release = blocker(pool)
accepted, refused, gate = [], [], threading.Barrier(8)


def submitter():
    gate.wait(T)
    for _ in range(20):
        try:
            accepted.append(pool.submit("s", lambda token: None))
        except PoolFull:
            refused.append(1)


threads = [threading.Thread(target=submitter) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(T)
assert len(accepted) == 5 and len(refused) == 155 and pool._queue.qsize() == 5, (len(accepted), pool._queue.qsize())
assert all(pool.cancel(j) for j in accepted)
try:
    pool.submit("s", lambda token: None)
except PoolFull:
    pass  # cancelled jobs count until a worker takes them off the queue
else:
    raise AssertionError("the queue grew past max_pending")
release.set()
assert pool.wait(busy, T).state is JobState.DONE
drained = pool.submit("after", lambda token: "ok")  # FIFO: queued behind the five cancelled items
assert pool.wait(drained, T).result == "ok" and stopped(pool)

# --- shutdown ----------------------------------------------------------------------------------------------------
pool = WorkerPool(workers=2)
release = threading.Event()
jobs = [pool.submit(f"q{n}", lambda token: release.wait(T)) for n in range(6)]
release.set()
pool.shutdown()
assert [pool.info(j).state for j in jobs] == [JobState.DONE] * 6, "plain shutdown still runs queued jobs"

# shutdown(cancel=True) racing with submitters: every accepted job ends, none is left queued, workers exit
pool = WorkerPool(workers=2, table=JobTable(retain_finished=1_000_000), max_pending=1_000_000)
accepted, closed, go, enough = [], [], threading.Event(), threading.Event()
ran_after_cancel = []


def job(token, n):
    ran_after_cancel.append(n)
    token.sleep(T)


def keep_submitting():
    go.wait(T)
    n = 0
    while True:
        try:
            accepted.append(pool.submit("r", job, n))
            if len(accepted) >= 200:
                enough.set()
        except PoolClosed:
            closed.append(1)
            return
        n += 1


threads = [threading.Thread(target=keep_submitting) for _ in range(4)]
for thread in threads:
    thread.start()
go.set()
assert enough.wait(T)
pool.shutdown(wait=False, cancel=True)
for thread in threads + pool._threads:
    thread.join(T)
assert not any(t.is_alive() for t in threads + pool._threads), "shutdown(cancel=True) left a thread running"
assert len(closed) == 4
states = [pool.info(j).state for j in accepted]
assert all(s is JobState.CANCELLED for s in states), {s for s in states}
assert len(ran_after_cancel) <= 2, "cancelled queued jobs were started"

# nothing can be submitted once cancel_all() has run: the pool was closed first
class ProbingTable(JobTable):
    late = []

    def cancel_all(self):
        cancelled = super().cancel_all()
        try:
            self.late.append(pool.submit("late", lambda token: None))
        except PoolClosed:
            pass
        return cancelled


pool = WorkerPool(workers=1, table=ProbingTable())
busy, release = blocker(pool)
queued = pool.submit("queued", lambda token: None)
pool.shutdown(wait=False, cancel=True)
assert ProbingTable.late == [], "a job submitted after cancel_all() escaped the cancellation"
release.set()
assert pool.info(queued).state is JobState.CANCELLED and pool.wait(busy, T).state is JobState.DONE
assert stopped(pool)

# a job may shut its own pool down without waiting, but not wait for itself
pool = WorkerPool(workers=1)
outcome = []


def shut_myself(token):
    try:
        pool.shutdown(wait=True)
    except RuntimeError:
        outcome.append("refused")
    pool.shutdown(wait=False)
    return "ok"


assert pool.wait(pool.submit("self", shut_myself), T).result == "ok" and outcome == ["refused"]
assert stopped(pool)

# --- the export: cancelled or failed runs leave the previous file alone and no temporary files ------------------
with tempfile.TemporaryDirectory() as tmp:
    export_dir = Path(tmp)
    target = export_dir / "orders-7.csv"
    target.write_text("previous export\n")
    pool = WorkerPool(workers=1)
    row = {"order_id": 1, "placed_at": "2024-05-01T10:00:00Z", "status": "paid", "currency": "EUR", "total": "9.90"}
    for cancel_at in (0, 1, orders.CHECK_EVERY - 1, orders.CHECK_EVERY, 3 * orders.CHECK_EVERY + 7):
        box, go = {}, threading.Event()

        def rows(customer_id, cancel_at=cancel_at, box=box, go=go):
            go.wait(T)
            for n in range(cancel_at):
                yield row
            pool.cancel(box["job"])
            yield row  # the last row is written, then the final check stops the export before the replace

        box["job"] = start_export(pool, 7, rows, export_dir)
        go.set()
        assert pool.wait(box["job"], T).state is JobState.CANCELLED, cancel_at
        assert sorted(p.name for p in export_dir.iterdir()) == ["orders-7.csv"], list(export_dir.iterdir())
        assert target.read_text() == "previous export\n"

    def broken(customer_id):
        yield row
        raise ConnectionError("database went away")

    info = pool.wait(start_export(pool, 7, broken, export_dir), T)
    assert info.state is JobState.FAILED and "ConnectionError" in info.error
    assert sorted(p.name for p in export_dir.iterdir()) == ["orders-7.csv"] and target.read_text() == "previous export\n"

    busy, release = blocker(pool)
    loaded = []
    queued = start_export(pool, 7, lambda customer_id: loaded.append(customer_id) or [row], export_dir)
    assert pool.cancel(queued)
    release.set()
    assert pool.wait(busy, T).state is JobState.DONE and loaded == [], "a cancelled queued export loaded its rows"

    count = 2 * orders.CHECK_EVERY + 3
    done = pool.wait(start_export(pool, 7, lambda customer_id: [row] * count, export_dir), T)
    assert done.state is JobState.DONE and done.result == count
    lines = target.read_text().splitlines()
    assert len(lines) == count + 1 and lines[0] == ",".join(orders.COLUMNS) and lines[1] == "1,2024-05-01T10:00:00Z,paid,EUR,9.90"
    assert sorted(p.name for p in export_dir.iterdir()) == ["orders-7.csv"]
    assert stopped(pool)

assert not thread_errors, thread_errors

# --- the PR's own tests pass ---------------------------------------------------------------------------------------
spec = importlib.util.spec_from_file_location("test_jobs", "tests/test_jobs.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromModule(module))
assert result.wasSuccessful() and result.testsRun == 8, result
assert not thread_errors, thread_errors
print("ok")
