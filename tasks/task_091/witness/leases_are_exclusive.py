# Clean PR: the leases and fencing are correct. This exercises the spots that look racy:
# - try_acquire reads the row, then writes it: both run inside db.immediate (BEGIN IMMEDIATE), so
#   a second acquirer waits for the first to commit and then sees its owner; exactly one wins;
# - renew() and check_fence() do not look at expires_at: an expired lease nobody took over is still
#   the newest one, and any takeover bumps the token, after which renew/fence/release refuse it;
# - check_fence reads the token and the rollup is written in the same IMMEDIATE transaction, so a
#   takeover cannot land between the check and the write;
# - release() keeps the token (tokens only grow), so an old lease never matches again;
# - the keeper thread survives a locked database, and run_exclusive never releases a successor's lease.
import os
import sqlite3
import tempfile
import threading
import time
from unittest import mock

from rollupd import db, leases, rollup
from rollupd.leases import LeaseKeeper, LeaseLost, LeaseStore

tmp = tempfile.mkdtemp()
PATH = os.path.join(tmp, "usage.db")
main = db.connect(PATH)
db.init_schema(main)
main.execute("INSERT INTO usage_events (account_id, day, units) VALUES ('a', '2024-05-01', 5)")


class Clock:
    def __init__(self, now=1_000.0):
        self.now = now

    def __call__(self):
        return self.now


def row(name):
    r = main.execute("SELECT owner, token, expires_at FROM leases WHERE name = ?", (name,)).fetchone()
    return None if r is None else tuple(r)


# 1. Many workers race for a fresh lease, then for an expired one: exactly one wins each time.
for round_ in range(5):
    name = f"race{round_}"
    for phase, now in (("fresh", 1_000.0), ("expired", 1_010.0)):
        barrier = threading.Barrier(8)
        won = []

        def contend(i):
            conn = db.connect(PATH)
            try:
                store = LeaseStore(conn, Clock(now))
                barrier.wait()
                lease = store.try_acquire(name, f"w{i}", 10)
                if lease is not None:
                    won.append(lease)
            finally:
                conn.close()

        threads = [threading.Thread(target=contend, args=(i,)) for i in range(8)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len(won) == 1, f"{phase} lease {name}: {len(won)} workers acquired it: {won}"
        assert row(name)[:2] == (won[0].owner, won[0].token), (row(name), won)
    assert row(name)[1] == 2, f"takeover must bump the token: {row(name)}"


class Pausing:
    """A connection whose execute() can stop right after a chosen statement."""

    def __init__(self, after):
        self.inner, self.after = None, after
        self.reached, self.go = threading.Event(), threading.Event()

    def execute(self, sql, *args):
        if self.inner is None:  # connect in the thread that uses it
            self.inner = db.connect(PATH)
        cur = self.inner.execute(sql, *args)
        if sql.startswith(self.after) and not self.reached.is_set():
            self.reached.set()
            assert self.go.wait(5)
        return cur

    def executemany(self, sql, *args):
        return self.inner.executemany(sql, *args)


def in_thread(fn):
    box = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    return t, box


# 2. Force the interleaving: A has read the (expired) row; B tries to acquire meanwhile.
s = LeaseStore(main, Clock(1_000.0))
s.try_acquire("inter", "old", 10)
paused = Pausing("SELECT owner, token, expires_at FROM leases")
ta, a = in_thread(lambda: LeaseStore(paused, Clock(1_020.0)).try_acquire("inter", "A", 10))
assert paused.reached.wait(5)
tb, b = in_thread(lambda: LeaseStore(db.connect(PATH), Clock(1_020.0)).try_acquire("inter", "B", 10))
tb.join(0.5)
assert tb.is_alive(), "B acquired while A was between its read and its write"
paused.go.set()
ta.join(5), tb.join(5)
assert "error" not in a and "error" not in b, (a, b)
assert a["result"] is not None and a["result"].token == 2, a
assert b["result"] is None, f"B also acquired the lease A holds: {b}"

# 3. Renew and fence ignore expiry, safely.
c = Clock(1_000.0)
s = LeaseStore(main, c)
old = s.try_acquire("job", "w1", 10)
c.now = 1_010.0  # exactly at expiry: free for others
assert LeaseStore(main, Clock(1_009.999)).try_acquire("job", "w2", 10) is None
c.now = 1_050.0  # long expired, nobody took it: still the newest lease
old = s.renew(old, 10)
assert old.expires_at == 1_060.0 and row("job") == ("w1", 1, 1_060.0)
rollup.store(main, "2024-05-01", {"a": 1}, lease=old)  # accepted: no newer lease exists
c.now = 1_060.0
new = s.try_acquire("job", "w2", 10)
assert new.token == 2
for attempt in (lambda: s.renew(old, 10), lambda: rollup.store(main, "2024-05-01", {"a": 99}, lease=old)):
    try:
        attempt()
        raise AssertionError("a superseded lease was accepted")
    except LeaseLost:
        pass
assert not s.release(old) and row("job")[:2] == ("w2", 2), "stale release freed the successor's lease"
assert s.release(new)
newer = s.try_acquire("job", "w1", 10)
assert newer.token == 3, f"tokens must keep growing after a release: {newer}"
for stale in (old, new):
    try:
        s.renew(stale, 10)
        raise AssertionError(f"token {stale.token} renewed after release and reacquire")
    except LeaseLost:
        pass
assert main.execute("SELECT units FROM rollups WHERE day = '2024-05-01'").fetchone()[0] == 1

# 4. A takeover cannot land between check_fence and the write: it waits for the write's commit.
c = Clock(2_000.0)
writer_lease = LeaseStore(main, c).try_acquire("fence", "slow", 10)
paused = Pausing("SELECT owner, token FROM leases")
tw, w = in_thread(lambda: rollup.store(paused, "2024-05-02", {"a": 7}, lease=writer_lease))
assert paused.reached.wait(5)
tt, t = in_thread(lambda: LeaseStore(db.connect(PATH), Clock(2_100.0)).try_acquire("fence", "fast", 10))
tt.join(0.5)
assert tt.is_alive(), "a takeover committed between the fence check and the write"
paused.go.set()
tw.join(5), tt.join(5)
assert "error" not in w and t["result"].token == writer_lease.token + 1, (w, t)
try:
    rollup.store(main, "2024-05-02", {"a": 8}, lease=writer_lease)
    raise AssertionError("the stalled writer wrote after the takeover")
except LeaseLost:
    pass
assert main.execute("SELECT units FROM rollups WHERE day = '2024-05-02'").fetchone()[0] == 7

# 5. The keeper keeps renewing through a locked database.
real_connect = db.connect
c = Clock(3_000.0)
lease = LeaseStore(main, c).try_acquire("keep", "w1", 10)
with mock.patch.object(leases.db, "connect", lambda p: real_connect(p, timeout=0.05)):
    blocker = db.connect(PATH)
    blocker.execute("BEGIN IMMEDIATE")
    keeper = LeaseKeeper(PATH, lease, 10, clock=c, interval=0.02).start()
    time.sleep(0.3)
    blocker.execute("ROLLBACK")
    c.now = 3_005.0
    for _ in range(200):
        if keeper.lease.expires_at == 3_015.0:
            break
        time.sleep(0.01)
    keeper.stop()
assert keeper.lease.expires_at == 3_015.0 and not keeper.lost.is_set(), keeper.lease
assert row("keep") == ("w1", 1, 3_015.0)

# 6. run_exclusive: a worker that stalls past expiry and is taken over writes nothing and
#    leaves the successor's lease alone.
c = Clock(4_000.0)
successor = {}
real_compute = rollup.compute


def stalled_compute(conn, day):
    totals = real_compute(conn, day)
    c.now += 100  # stall well past the lease's expiry...
    other = db.connect(PATH)
    successor["lease"] = LeaseStore(other, Clock(c.now)).try_acquire(f"rollup:{day}", "w2", 30)
    other.close()
    return {k: v + 1000 for k, v in totals.items()}


with mock.patch.object(rollup, "compute", stalled_compute), \
        mock.patch.object(rollup, "LeaseKeeper", lambda *a, **k: LeaseKeeper(*a, **k, interval=60)):
    try:
        rollup.run_exclusive(PATH, "2024-05-01", "w1", clock=c)
        raise AssertionError("the stalled worker's rollup was written")
    except LeaseLost:
        pass
assert successor["lease"] is not None and successor["lease"].token == 2
assert row("rollup:2024-05-01")[:2] == ("w2", 2), "the stalled worker released its successor's lease"
assert main.execute("SELECT units FROM rollups WHERE day = '2024-05-01'").fetchone()[0] == 1
assert rollup.run_exclusive(PATH, "2024-05-03", "w3", clock=Clock(5_000.0)) == {}
print("ok")
