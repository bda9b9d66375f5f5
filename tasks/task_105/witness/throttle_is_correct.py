"""The throttle's window math, release, cleanup and locking are correct (clean PR)."""
import threading

from notify import config
from notify.models import Notification
from notify.notifier import Notifier
from notify.throttle import SlidingWindowThrottle
from notify.transport import RecordingTransport, TransportError


class FakeClock:
    def __init__(self, now=5000.0):
        self.now = now

    def __call__(self):
        return self.now


# 1. `sent[0] <= horizon`: a slot is free again exactly `window` later, and retry_after is exact.
clock = FakeClock()
t = SlidingWindowThrottle(100, lambda u: 2, clock=clock)
assert t.acquire("u").allowed
clock.now += 40
assert t.acquire("u").allowed
d = t.acquire("u")
assert not d.allowed and d.retry_after == 60, d
clock.now += d.retry_after - 1
assert not t.acquire("u").allowed, "a slot opened before retry_after"
clock.now += 1
assert t.acquire("u").allowed, "retrying exactly after retry_after was refused"
assert not t.acquire("u").allowed, "the window let through more than the limit"

# 2. `sent[-limit]`: after the limit is lowered, retry_after waits for enough sends to leave.
clock = FakeClock(0.0)
limits = {"u": 5}
t = SlidingWindowThrottle(60, lambda u: limits[u], clock=clock)
for when in (0, 10, 20, 30, 40):
    clock.now = when
    assert t.acquire("u").allowed
clock.now = 45
limits["u"] = 2
d = t.acquire("u")
assert not d.allowed and d.retry_after == 45, d  # when the send at 30 leaves, only 40 remains
clock.now = 89
assert not t.acquire("u").allowed
clock.now = 90
assert t.acquire("u").allowed
assert not t.acquire("u").allowed
limits["u"] = 3  # in the window now: 40 and 90 (30 left it at exactly 90)
clock.now = 95
assert t.acquire("u").allowed
d = t.acquire("u")  # three in the window, limit 3: sent[-limit] is the oldest, 40
assert not d.allowed and d.retry_after == 5, d

# 3. release() of a slot that already left the window gives nothing back and raises nothing.
clock = FakeClock(0.0)
t = SlidingWindowThrottle(10, lambda u: 1, clock=clock)
old = t.acquire("u")
clock.now = 10
new = t.acquire("u")
assert new.allowed
t.release("u", old.token)  # expired: must not free `new`'s slot
assert not t.acquire("u").allowed, "releasing an expired slot freed a live one"
t.release("nobody", 1.0)

# 4. Notifier: deferred notifications with equal due times (Notification has no ordering), the
# per-user cap, and `self._waiting += Counter()` dropping users with nothing left waiting.
clock = FakeClock()
transport = RecordingTransport()
n = Notifier(transport, plan_of=lambda uid: "free", clock=clock)
limit = config.hourly_limit("free")
outcomes = [n.notify(Notification(7, "comment", f"c{i}", "")) for i in range(limit + config.MAX_DEFERRED_PER_USER + 3)]
assert outcomes.count("sent") == limit
assert outcomes.count("deferred") == config.MAX_DEFERRED_PER_USER
assert outcomes.count("dropped") == 3
assert n.notify(Notification(7, "password_reset", "reset", "")) == "sent"
clock.now += config.THROTTLE_WINDOW_SECONDS
assert n.flush_due() == limit
assert n._waiting[7] == config.MAX_DEFERRED_PER_USER - limit
for _ in range(10):
    clock.now += config.THROTTLE_WINDOW_SECONDS
    n.flush_due()
assert 7 not in n._waiting, "users with nothing waiting should be dropped from the counter"
assert [x.subject for x in transport.sent if x.kind == "comment"] == [f"c{i}" for i in range(limit + config.MAX_DEFERRED_PER_USER)]

# A failed send gives its slot back; a failed retry is deferred again, not lost.
clock = FakeClock()
transport = RecordingTransport()
n = Notifier(transport, plan_of=lambda uid: "free", clock=clock)
for i in range(limit + 1):
    n.notify(Notification(8, "comment", f"d{i}", ""))
clock.now += config.THROTTLE_WINDOW_SECONDS
transport.fail_next = 1
assert n.flush_due() == 0
clock.now += config.TRANSPORT_RETRY_SECONDS
assert n.flush_due() == 1 and transport.sent[-1].subject == f"d{limit}"
transport.fail_next = 1
try:
    n.notify(Notification(9, "comment", "x", ""))
except TransportError:
    pass
assert [n.notify(Notification(9, "comment", "y", "")) for _ in range(limit)] == ["sent"] * limit

# 5. Locking: concurrent acquire/release/sweep never exceed the limit and never deadlock.
t = SlidingWindowThrottle(3600, lambda u: 40)
allowed = []
barrier = threading.Barrier(12)


def worker(k):
    barrier.wait()
    for i in range(30):
        d = t.acquire("shared")
        allowed.append(d.allowed)
        if d.allowed and i % 7 == 0:
            t.release("shared", d.token)
            allowed.append("released")
        if i % 5 == 0:
            t.sweep()


threads = [threading.Thread(target=worker, args=(k,)) for k in range(12)]
for th in threads:
    th.start()
for th in threads:
    th.join(10)
assert not any(th.is_alive() for th in threads), "deadlock"
assert allowed.count(True) - allowed.count("released") == 40, (allowed.count(True), allowed.count("released"))
print("ok")
