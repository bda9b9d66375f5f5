"""The worker pool: warm interpreters ready for new episodes, kept within a memory budget, idle ones reaped.

Every worker is started from one of a few long-lived spawner threads, as many as execution slots (so
episodes coming back after an eviction do not wait on one start at a time). That matters: bubblewrap's
--die-with-parent and the kernel's parent-death signal fire when the *thread* that started the process
exits, and the threads that serve tool calls come and go. A keeper thread decides what to start: it keeps `warm_workers` spares ready, stops
interpreters idle longer than `idle_s`, measures what each worker uses (PSS read from /proc when it
starts, and again after it ran calls, at most once a second each), and keeps the sum within
`memory_budget_bytes`: when a new interpreter would not fit, or calls made the live ones grow past it,
the least recently used idle episode's interpreter is stopped (its notebook comes back by replay on
that episode's next call). A worker with a call running or *waiting for an execution slot* is busy and
never stopped for room, so episodes cannot evict each other in turn; one whose call waits for a thread to
start on (`hold`) goes only when no other idle worker can (never, if threads are all taken by calls waiting
for room that only it can give). Execution slots are handed out first come, first served. Tearing a worker down (kill, delete files,
free its uid) happens on a janitor thread, off every caller's path, except for kills that a caller must be
able to rely on.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from .factory import WorkerFactory
from .levels import IsolationError
from .limits import MB, PoolSettings
from .worker import START_TIMEOUT_S, Worker, describe_status

log = logging.getLogger(__name__)

_SPAWN_BACKOFF_S = 0.5
# A spare taken for a new episode is replaced a moment later, so starting its replacement (tens of
# milliseconds of CPU) does not compete with that episode's first call. Waiting callers never wait for it.
_REFILL_DELAY_S = 0.1
_FAILURES_BEFORE_GIVING_UP = 2
# A worker that ran calls is measured again at most this often (a reading costs ~50 µs).
_MEASURE_EVERY_S = 1.0
# What an interpreter is assumed to cost before the first one was measured (bubblewrap's measure ~7 MB).
_FIRST_GUESS_BYTES = 16 * MB


class FairSlots:
    """Execution slots handed out strictly in arrival order: a freed slot goes to the longest waiter.

    `threading.Semaphore` lets a newcomer take a slot freed while others wait; under load that starves
    some callers (their p99 grows without bound). Here a release hands the slot to the head of the queue.
    """

    def __init__(self, count: int) -> None:
        self._free = count
        self._lock = threading.Lock()
        self._queue: deque[threading.Lock] = deque()

    @property
    def waiting(self) -> int:
        """Callers queued for a slot now."""
        with self._lock:
            return len(self._queue)

    def acquire(self) -> None:
        with self._lock:
            if self._free > 0:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        turn.acquire()  # released by the `release` that hands this caller its slot

    def release(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().release()
            else:
                self._free += 1

    def __enter__(self) -> FairSlots:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class WorkerPool:
    """Hands out warm workers, bounds their memory and how many calls run, and tears down the rest."""

    def __init__(
        self, factory: WorkerFactory, settings: PoolSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.slots = FairSlots(settings.max_concurrent)
        self._clock = clock
        self._cond = threading.Condition()
        self._spares: list[Worker] = []
        self._assigned: set[Worker] = set()
        self._spawning = 0
        self._waiting = 0
        self._failures = 0
        self._last_error = ""
        self._last_demand = clock()
        self._fresh_memory = _FIRST_GUESS_BYTES  # what the latest interpreter measured when it started
        self._closed = False
        self._retiring: queue.SimpleQueue[Worker | None] = queue.SimpleQueue()
        self._to_start: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._keeper = threading.Thread(target=self._keep, name="sandbox-pool-keeper", daemon=True)
        self._janitor = threading.Thread(target=self._clean, name="sandbox-pool-janitor", daemon=True)
        self._spawners = [
            threading.Thread(target=self._start_when_asked, name=f"sandbox-pool-spawner-{number}", daemon=True)
            for number in range(settings.max_concurrent)
        ]
        for thread in (self._keeper, self._janitor, *self._spawners):
            thread.start()

    # -- what callers use ----------------------------------------------------------------------------

    @property
    def live(self) -> int:
        """Interpreters alive or being started (spares, bound to episodes, starting)."""
        with self._cond:
            return self._live()

    def _live(self) -> int:
        return len(self._spares) + len(self._assigned) + self._spawning

    def workers(self) -> list[Worker]:
        """Every live worker (for diagnostics and tests)."""
        with self._cond:
            return [*self._spares, *self._assigned]

    def acquire(self, timeout_s: float = 2 * START_TIMEOUT_S) -> Worker:
        """A fresh worker, marked busy and bound to the caller until `release`."""
        deadline = self._clock() + timeout_s
        with self._cond:
            self._last_demand = self._clock()
            failures_at_start = self._failures
            self._waiting += 1
            self._cond.notify_all()
            try:
                while True:
                    if self._closed:
                        raise IsolationError("the sandbox is closed")
                    while self._spares:
                        worker = self._spares.pop()
                        if worker.process.poll() is None:
                            worker.busy = True
                            worker.last_used = self._clock()
                            self._assigned.add(worker)
                            self._cond.notify_all()  # the keeper tops the spares up again
                            return worker
                        self._retiring.put(worker)
                    if self._failures - failures_at_start >= _FAILURES_BEFORE_GIVING_UP:
                        raise IsolationError(f"cannot start a sandboxed interpreter: {self._last_error}")
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise IsolationError(
                            f"no sandboxed interpreter became available within {timeout_s:g}s "
                            f"({self._live()} alive using {self._used() // MB} MB of the "
                            f"{self.settings.memory_budget_bytes // MB} MB budget, all with calls running or queued)"
                        )
                    self._cond.wait(remaining)
            finally:
                self._waiting -= 1

    def begin_use(self, worker: Worker) -> bool:
        """Mark an episode's worker busy for a call; False if it was stopped (its `lost_reason` says why)."""
        with self._cond:
            if worker in self._assigned and worker.alive:
                status = worker.process.poll()
                if status is None:
                    worker.busy = True
                    worker.last_used = self._clock()
                    return True
                worker.lost_reason = f"the interpreter exited between calls ({describe_status(worker.exit_status())})"
                self._assigned.discard(worker)
                self._retiring.put(worker)
            worker.lost_reason = worker.lost_reason or "the interpreter was stopped"
            return False

    def hold(self, worker: Worker) -> bool:
        """A call on the worker's episode waits to start (for a thread to run on): while it waits, the worker
        is not reaped for idling and is the last choice when room is needed. Not a guarantee: the threads it
        waits for may be held by calls waiting for that very room. False if the worker is already stopped;
        each True is matched by one `unhold`."""
        with self._cond:
            if worker in self._assigned and worker.alive:
                worker.calls_waiting += 1
                return True
            return False

    def unhold(self, worker: Worker) -> None:
        with self._cond:
            worker.calls_waiting -= 1
            if self._waiting:  # someone may be waiting for an idle worker to evict
                self._cond.notify_all()

    def end_use(self, worker: Worker) -> None:
        """The call is over; a worker that died or was killed during it is torn down."""
        with self._cond:
            worker.busy = False
            worker.last_used = self._clock()
            worker.used_since_measured = True
            if not worker.alive and worker in self._assigned:
                self._assigned.discard(worker)
                self._retiring.put(worker)
                self._cond.notify_all()
            elif self._waiting:  # someone may be waiting for an idle worker to evict
                self._cond.notify_all()

    def release(self, worker: Worker) -> None:
        """The episode is over: stop its worker."""
        with self._cond:
            if worker in self._assigned:
                self._assigned.discard(worker)
                self._retiring.put(worker)
                self._cond.notify_all()

    def usage(self) -> dict[str, Any]:
        """Interpreters alive, with a call running or queued, and the memory they use (bytes, measured PSS)."""
        with self._cond:
            return {
                "workers": self._live(),
                "busy": sum(1 for worker in self._assigned if worker.busy),
                "memory_bytes": self._used(),
                "memory_budget_bytes": self.settings.memory_budget_bytes,
            }

    def close(self) -> None:
        """Stop every worker and both threads; waits for the teardown to finish."""
        with self._cond:
            self._closed = True
            doomed = [*self._spares, *self._assigned]
            self._spares.clear()
            self._assigned.clear()
            self._cond.notify_all()
        self._keeper.join(timeout=2 * START_TIMEOUT_S)
        for _ in self._spawners:
            self._to_start.put(False)
        for spawner in self._spawners:
            spawner.join(timeout=2 * START_TIMEOUT_S)
        for worker in doomed:
            self._retiring.put(worker)
        self._retiring.put(None)
        self._janitor.join(timeout=60)

    # -- the keeper ----------------------------------------------------------------------------------

    def _tick(self) -> float:
        return max(0.05, min(_MEASURE_EVERY_S, self.settings.idle_s / 4))

    def _used(self) -> int:
        """Memory the live workers use by their latest readings, and what the starting ones will."""
        measured = sum(worker.memory for worker in self._spares) + sum(worker.memory for worker in self._assigned)
        return measured + self._spawning * self._fresh_memory

    def _collect_idle(self, now: float) -> list[Worker]:
        doomed = []
        for worker in list(self._assigned):
            if not worker.in_use and now - worker.last_used > self.settings.idle_s:
                worker.lost_reason = f"the interpreter was stopped after {self.settings.idle_s:g}s without a call"
                self._assigned.discard(worker)
                doomed.append(worker)
        if self._spares and now - self._last_demand > self.settings.idle_s:
            doomed += self._spares
            self._spares.clear()
        return doomed

    def _evict_while(self, needed: Callable[[], bool]) -> list[Worker]:
        """Stop idle episodes' interpreters, least recently used first, while `needed()` says room is short."""
        if not needed():
            return []
        doomed: list[Worker] = []
        budget_mb = self.settings.memory_budget_bytes // MB
        why = (
            "the interpreter was stopped to make room for another episode (it was the least recently used idle "
            f"one; together they may use {budget_mb} MB, at most {self.settings.max_workers} at once)"
        )
        idle = (worker for worker in self._assigned if not worker.busy)
        for victim in sorted(idle, key=lambda worker: (worker.calls_waiting > 0, worker.last_used)):
            victim.lost_reason = why
            self._assigned.discard(victim)
            doomed.append(victim)
            if not needed():
                break
        return doomed

    def _fits_one_more(self) -> bool:
        return self._used() + self._fresh_memory <= self.settings.memory_budget_bytes

    def _short_for_one_more(self) -> bool:
        return self._live() >= self.settings.max_workers or not self._fits_one_more()

    def _room_for_one_more(self) -> bool:
        """Whether a new interpreter may start: it fits, or (nothing left to stop) fewer are alive than
        execution slots, so a budget set too low slows the sandbox down instead of stopping it."""
        if self._live() >= self.settings.max_workers:
            return False
        return self._fits_one_more() or self._live() < self.settings.max_concurrent

    def _over_budget(self) -> bool:
        return self._used() > self.settings.memory_budget_bytes

    def _due_for_measuring(self, now: float) -> list[Worker]:
        return [
            worker
            for worker in self._assigned
            if worker.used_since_measured and not worker.busy and now - worker.measured_at >= _MEASURE_EVERY_S
        ]

    def _keep(self) -> None:
        while True:
            spawn = False
            with self._cond:
                if self._closed:
                    return
                now = self._clock()
                doomed = self._collect_idle(now)
                since_demand = now - self._last_demand
                target = (self.settings.warm_workers if since_demand <= self.settings.idle_s else 0) + self._waiting
                deferred = not self._waiting and since_demand < _REFILL_DELAY_S
                if target > len(self._spares) + self._spawning and deferred:
                    self._cond.wait(_REFILL_DELAY_S - since_demand)
                    continue
                if target > len(self._spares) + self._spawning and self._spawning < len(self._spawners):
                    doomed += self._evict_while(self._short_for_one_more)
                    if self._room_for_one_more():
                        self._spawning += 1
                        spawn = True
                doomed += self._evict_while(self._over_budget)  # calls made the live ones grow past it
                stale = self._due_for_measuring(now)
                if not spawn and not doomed and not stale:
                    self._cond.wait(self._tick())
                    continue
            for worker in doomed:
                self._retiring.put(worker)
            for worker in stale:
                self._measure(worker, now)
            if spawn:
                self._to_start.put(True)

    def _measure(self, worker: Worker, now: float) -> int:
        try:
            return worker.measure(now)
        except OSError as exc:  # /proc unreadable: keep the last reading, try again later
            log.debug("could not measure a worker's memory: %s", exc)
            return worker.memory

    def _start_when_asked(self) -> None:
        while self._to_start.get():
            self._spawn_one()

    def _spawn_one(self) -> None:
        try:
            worker = self.factory.start()
        except Exception as exc:  # reported to waiting callers, who raise it
            log.warning("could not start a %s worker: %s", self.factory.plan.level, exc)
            with self._cond:
                self._spawning -= 1
                self._failures += 1
                self._last_error = str(exc)
                self._cond.notify_all()
            time.sleep(_SPAWN_BACKOFF_S)
            return
        memory = self._measure(worker, self._clock())
        with self._cond:
            self._spawning -= 1
            if memory > 0:
                self._fresh_memory = memory
            if self._closed:
                self._retiring.put(worker)
            else:
                self._spares.append(worker)
            self._cond.notify_all()

    # -- the janitor ---------------------------------------------------------------------------------

    def _clean(self) -> None:
        while True:
            worker = self._retiring.get()
            if worker is None:
                return
            try:
                self.factory.retire(worker)
            except Exception:
                log.exception("could not fully tear down a %s worker", self.factory.plan.level)
