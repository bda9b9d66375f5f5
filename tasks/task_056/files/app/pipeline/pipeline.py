"""A multi-threaded pipeline of stages; the order import runs on one."""

import threading
from dataclasses import dataclass

from app.metrics import REGISTRY


class PipelineClosed(RuntimeError):
    """submit() after close()."""


@dataclass(frozen=True)
class PipelineStats:
    submitted: int
    completed: int
    failed: int
    in_flight: int
    stages: tuple = ()


class Pipeline:
    def __init__(self, name, stages, *, metrics=REGISTRY):
        if not stages:
            raise ValueError("a pipeline needs at least one stage")
        self.name = name
        self._stages = list(stages)
        self._metrics = metrics
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._closed = False
        self._submitted = self._completed = self._failed = 0
        self._in_flight = 0  # submitted and not yet completed or failed
        self._submitting = 0  # submit() calls past the closed check whose put() has not returned
        for stage, after in zip(self._stages, self._stages[1:] + [None]):
            stage.connect(after, self._finished)
        for stage in self._stages:
            stage.start()
        self._remove_gauge = metrics.add_gauge(f"pipeline.{name}.in_flight", self._read_in_flight)

    def submit(self, item):
        """Hand an item to the first stage. Blocks while that stage's inbox is full."""
        self._refuse_on_worker("submit")
        with self._lock:
            if self._closed:
                raise PipelineClosed(self.name)
            self._submitting += 1
            self._submitted += 1
            self._in_flight += 1
        queued = False
        try:
            self._stages[0].put(item)
            queued = True
        finally:
            with self._lock:
                self._submitting -= 1
                if not queued:
                    self._submitted -= 1
                    self._in_flight -= 1
                self._changed.notify_all()

    def _finished(self, ok):
        with self._lock:
            self._in_flight -= 1
            if ok:
                self._completed += 1
            else:
                self._failed += 1
            self._metrics.counter(f"pipeline.{self.name}.{'completed' if ok else 'failed'}").inc()
            if not self._in_flight:
                self._changed.notify_all()

    def _read_in_flight(self):
        with self._lock:
            return self._in_flight

    def stats(self):
        with self._lock:
            return PipelineStats(
                self._submitted,
                self._completed,
                self._failed,
                self._in_flight,
                tuple(stage.stats() for stage in self._stages),
            )

    def flush(self, timeout=None):
        """Wait until no item is in flight: everything submitted, here or on other threads, has completed or
        failed. Returns False if `timeout` (seconds) ran out first."""
        self._refuse_on_worker("flush")
        with self._lock:
            return self._changed.wait_for(lambda: not self._in_flight, timeout)

    def close(self):
        """Stop accepting items and wait until everything submitted has been through every stage. A second
        call returns at once."""
        self._refuse_on_worker("close")
        with self._lock:
            if self._closed:
                return
            self._closed = True
            # A submit() that got past the check above may still be waiting for room in the first inbox:
            # its item has to be queued before the first stage's STOP markers.
            self._changed.wait_for(lambda: not self._submitting)
        for stage in self._stages:
            stage.stop()
        self._remove_gauge()

    def _refuse_on_worker(self, what):
        current = threading.current_thread()
        if any(stage.is_worker(current) for stage in self._stages):
            raise RuntimeError(f"{what}() called from one of pipeline {self.name}'s own workers")
