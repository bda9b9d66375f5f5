import threading

import pytest

from notify import config
from notify.models import Notification
from notify.notifier import Notifier
from notify.throttle import SlidingWindowThrottle
from notify.transport import RecordingTransport, TransportError


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def comment(user_id=1, n=0):
    return Notification(user_id, "comment", f"New comment {n}", "...")


def test_limit_within_the_window():
    clock = FakeClock()
    throttle = SlidingWindowThrottle(60, lambda user: 3, clock=clock)
    assert [throttle.acquire("u").allowed for _ in range(3)] == [True, True, True]
    refused = throttle.acquire("u")
    assert not refused.allowed and refused.retry_after == 60
    clock.now += 59
    assert not throttle.acquire("u").allowed
    clock.now += 1  # the first three sends leave the window together
    assert throttle.acquire("u").allowed


def test_window_slides():
    clock = FakeClock()
    throttle = SlidingWindowThrottle(60, lambda user: 2, clock=clock)
    assert throttle.acquire("u").allowed
    clock.now += 30
    assert throttle.acquire("u").allowed
    clock.now += 10
    assert throttle.acquire("u").retry_after == 20
    clock.now += 20
    assert throttle.acquire("u").allowed
    assert throttle.acquire("u").retry_after == 30


def test_users_are_throttled_separately():
    throttle = SlidingWindowThrottle(60, lambda user: 1, clock=FakeClock())
    assert throttle.acquire("a").allowed and throttle.acquire("b").allowed
    assert not throttle.acquire("a").allowed


def test_release_gives_the_slot_back():
    clock = FakeClock()
    throttle = SlidingWindowThrottle(60, lambda user: 1, clock=clock)
    decision = throttle.acquire("u")
    throttle.release("u", decision.token)
    assert throttle.acquire("u").allowed


def test_sweep_forgets_idle_users():
    clock = FakeClock()
    throttle = SlidingWindowThrottle(60, lambda user: 5, clock=clock)
    throttle.acquire("a")
    clock.now += 30
    throttle.acquire("b")
    clock.now += 30
    assert throttle.sweep() == 1
    assert throttle.sweep() == 0


def test_concurrent_sends_respect_the_limit():
    throttle = SlidingWindowThrottle(60, lambda user: 25)
    results = []
    start = threading.Barrier(8)

    def worker():
        start.wait()
        for _ in range(10):
            results.append(throttle.acquire("u").allowed)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 25


def test_notifier_defers_and_flushes():
    clock = FakeClock()
    transport = RecordingTransport()
    notifier = Notifier(transport, plan_of=lambda user_id: "free", clock=clock)
    outcomes = [notifier.notify(comment(n=n)) for n in range(12)]
    assert outcomes == ["sent"] * 10 + ["deferred"] * 2
    assert notifier.notify(Notification(1, "security", "New sign-in", "...")) == "sent"
    clock.now += config.THROTTLE_WINDOW_SECONDS
    assert notifier.flush_due() == 2
    assert [n.subject for n in transport.sent[-2:]] == ["New comment 10", "New comment 11"]


def test_failed_send_does_not_use_up_a_slot():
    clock = FakeClock()
    transport = RecordingTransport()
    notifier = Notifier(transport, plan_of=lambda user_id: "free", clock=clock)
    transport.fail_next = 1
    with pytest.raises(TransportError):
        notifier.notify(comment())
    assert [notifier.notify(comment(n=n)) for n in range(10)] == ["sent"] * 10
