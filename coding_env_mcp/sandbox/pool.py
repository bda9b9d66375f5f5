"""The worker pool: warm interpreters ready for new episodes, a bound on how many live and run, idle ones reaped.

Every worker is started from one long-lived keeper thread. That matters: bubblewrap's --die-with-parent
and the kernel's parent-death signal fire when the *thread* that started the process exits, and the
threads that serve tool calls come and go. The keeper also keeps `warm_workers` spares ready, stops
interpreters idle longer than `idle_s`, and makes room under `max_workers` by stopping the least recently
used idle episode's interpreter. Tearing a worker down (kill, delete files, free its uid) happens on a
janitor thread, off every caller's path, except for kills that a caller must be able to rely on.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from .factory import WorkerFactory
from .levels import IsolationError
from .limits import PoolSettings
from .worker import START_TIMEOUT_S, Worker, describe_status

log = logging.getLogger(__name__)

_SPAWN_BACKOFF_S = 0.5
# A spare taken for a new episode is replaced a moment later, so starting its replacement (tens of
# milliseconds of CPU) does not compete with that episode's first call. Waiting callers never wait for it.
_REFILL_DELAY_S = 0.1
_FAILURES_BEFORE_GIVING_UP = 2


class WorkerPool:
    """Hands out warm workers, bounds how many live and how many calls run, and tears down the rest."""

    def __init__(
        self, factory: WorkerFactory, settings: PoolSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.slots = threading.BoundedSemaphore(settings.max_concurrent)
        self._clock = clock
        self._cond = threading.Condition()
        self._spares: list[Worker] = []
        self._assigned: set[Worker] = set()
        self._spawning = 0
        self._waiting = 0
        self._failures = 0
        self._last_error = ""
        self._last_demand = clock()
        self._closed = False
        self._retiring: queue.SimpleQueue[Worker | None] = queue.SimpleQueue()
        self._keeper = threading.Thread(target=self._keep, name="sandbox-pool-keeper", daemon=True)
        self._janitor = threading.Thread(target=self._clean, name="sandbox-pool-janitor", daemon=True)
        self._keeper.start()
        self._janitor.start()

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
                            f"({self._live()} of {self.settings.max_workers} alive, all in use)"
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

    def end_use(self, worker: Worker) -> None:
        """The call is over; a worker that died or was killed during it is torn down."""
        with self._cond:
            worker.busy = False
            worker.last_used = self._clock()
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

    def close(self) -> None:
        """Stop every worker and both threads; waits for the teardown to finish."""
        with self._cond:
            self._closed = True
            doomed = [*self._spares, *self._assigned]
            self._spares.clear()
            self._assigned.clear()
            self._cond.notify_all()
        self._keeper.join(timeout=2 * START_TIMEOUT_S)
        for worker in doomed:
            self._retiring.put(worker)
        self._retiring.put(None)
        self._janitor.join(timeout=60)

    # -- the keeper ----------------------------------------------------------------------------------

    def _tick(self) -> float:
        return max(0.05, min(5.0, self.settings.idle_s / 4))

    def _collect_idle(self, now: float) -> list[Worker]:
        doomed = []
        for worker in list(self._assigned):
            if not worker.busy and now - worker.last_used > self.settings.idle_s:
                worker.lost_reason = f"the interpreter was stopped after {self.settings.idle_s:g}s without a call"
                self._assigned.discard(worker)
                doomed.append(worker)
        if self._spares and now - self._last_demand > self.settings.idle_s:
            doomed += self._spares
            self._spares.clear()
        return doomed

    def _evict_least_recently_used(self) -> Worker | None:
        idle = [worker for worker in self._assigned if not worker.busy]
        if not idle:
            return None
        victim = min(idle, key=lambda worker: worker.last_used)
        victim.lost_reason = (
            "the interpreter was stopped to make room for another episode "
            f"(at most {self.settings.max_workers} run at once)"
        )
        self._assigned.discard(victim)
        return victim

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
                if target > len(self._spares) + self._spawning:
                    if self._live() >= self.settings.max_workers:
                        victim = self._evict_least_recently_used()
                        if victim is not None:
                            doomed.append(victim)
                    if self._live() < self.settings.max_workers:
                        self._spawning += 1
                        spawn = True
                if not spawn and not doomed:
                    self._cond.wait(self._tick())
                    continue
            for worker in doomed:
                self._retiring.put(worker)
            if spawn:
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
        with self._cond:
            self._spawning -= 1
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
