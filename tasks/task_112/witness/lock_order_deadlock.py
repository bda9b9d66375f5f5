# ResultStore._record now calls its listeners while it still holds the store's condition lock, and the
# pool's listener (_on_result) takes the pool lock: a worker finishing a job takes store -> pool.
# WorkerPool.stats() (unchanged) holds the pool lock while it calls ResultStore.pending(): pool -> store.
# Two threads taking the two locks in opposite orders deadlock.
#
# The witness replaces both locks with instrumented ones whose acquisitions time out instead of hanging.
# When a thread that holds one of them asks for the other, it announces that edge (e.g. "store->pool")
# and waits briefly for the opposite edge to be announced by another thread: that lines the two threads
# up deterministically (each holds its first lock before asking for the second). A lock that cannot be
# had in ACQUIRE_TIMEOUT seconds while nothing else is slow is a deadlock. With the listeners called after
# the store lock is released, no thread ever holds the store lock while asking for the pool lock, the
# edges never meet, and every acquisition succeeds at once.
import sys
import threading

from jobs.pool import WorkerPool

HANDSHAKE = 0.5
ACQUIRE_TIMEOUT = 1.0

local = threading.local()
announced = {"store->pool": threading.Event(), "pool->store": threading.Event()}
timeouts = []


class LockTimeout(Exception):
    pass


class WatchedLock:
    def __init__(self, name):
        self.name = name
        self._lock = threading.Lock()

    def _held(self):
        if not hasattr(local, "held"):
            local.held = []
        return local.held

    def acquire(self, blocking=True, timeout=-1):
        held = self._held()
        if not blocking:
            got = self._lock.acquire(False)
        else:
            others = [lock for lock in held if lock is not self]
            if others:
                edge, reverse = f"{others[-1].name}->{self.name}", f"{self.name}->{others[-1].name}"
                announced[edge].set()
                announced[reverse].wait(HANDSHAKE)
            got = self._lock.acquire(timeout=ACQUIRE_TIMEOUT)
            if not got:
                held_names = [lock.name for lock in held]
                timeouts.append(f"{threading.current_thread().name} holds {held_names}, waits for {self.name}")
                raise LockTimeout(self.name)
        if got:
            held.append(self)
        return got

    def release(self):
        self._held().remove(self)
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


threading.excepthook = lambda args: None  # a worker stopped by LockTimeout is part of what is shown

pool = WorkerPool(workers=1)
pool._lock = WatchedLock("pool")
pool._results._cond = threading.Condition(WatchedLock("store"))

started, release = threading.Event(), threading.Event()


def job():
    started.set()
    release.wait(5)
    return 42


job_id = pool.submit(job)
assert started.wait(5), "the worker never started the job"
release.set()
# The worker now records the outcome; if it asks for the pool lock while holding the store lock, wait
# until it has announced it, then let the admin page ask for the stats.
announced["store->pool"].wait(1.0)

stats_outcome = []


def admin_page():
    try:
        stats_outcome.append(pool.stats())
    except LockTimeout as exc:
        stats_outcome.append(exc)


admin = threading.Thread(target=admin_page, name="admin-stats")
admin.start()
admin.join(10)
assert not admin.is_alive(), "stats() hung"

assert not timeouts, (
    "deadlock: the worker records the outcome under the store lock and then takes the pool lock "
    "(listener), while stats() holds the pool lock and takes the store lock: " + "; ".join(timeouts)
)
assert isinstance(stats_outcome[0], dict), stats_outcome
assert pool.result(job_id, timeout=5) == 42
pool.shutdown()
print("no lock-order inversion", file=sys.stderr)
