"""The worker pool's record of every job: where it is and how it ended."""

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.jobs.cancel import CancelToken


class JobState(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


@dataclass
class JobRecord:
    id: int
    name: str
    submitted_at: float
    state: JobState = JobState.QUEUED
    started_at: float | None = None
    finished_at: float | None = None
    result: Any = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)
    token: CancelToken = field(default_factory=CancelToken)


@dataclass(frozen=True)
class JobInfo:
    """A consistent copy of a job's record, safe to hand to other threads."""

    id: int
    name: str
    state: JobState
    submitted_at: float
    started_at: float | None
    finished_at: float | None
    result: Any
    error: str | None


class JobTable:
    """Every queued and running job, plus the last `retain_finished` finished ones.

    All reads and writes of records happen under one lock; callers only ever get JobInfo copies.
    """

    def __init__(self, retain_finished: int = 1000, clock: Callable[[], float] = time.time) -> None:
        if retain_finished < 1:
            raise ValueError("retain_finished must be at least 1")
        self._lock = threading.Lock()
        self._records: dict[int, JobRecord] = {}
        self._finished: OrderedDict[int, None] = OrderedDict()  # oldest first
        self._ids = itertools.count(1)
        self._retain = retain_finished
        self._clock = clock

    def add(self, name: str) -> int:
        with self._lock:
            record = JobRecord(next(self._ids), name, self._clock())
            self._records[record.id] = record
            return record.id

    def start(self, job_id: int) -> CancelToken | None:
        """Mark a queued job as running and return its token; None if it was cancelled meanwhile."""
        with self._lock:
            record = self._records.get(job_id)
            if record is None or record.state is not JobState.QUEUED:
                return None
            record.state = JobState.RUNNING
            record.started_at = self._clock()
            return record.token

    def finish(self, job_id: int, state: JobState, result: Any = None, error: str | None = None) -> None:
        """Record how a running job ended."""
        if state not in TERMINAL:
            raise ValueError(f"{state} is not a final state")
        with self._lock:
            self._finish(self._records[job_id], state, result, error)

    def cancel(self, job_id: int) -> bool:
        """Cancel a queued job, or ask a running one to stop. False if it is unknown or has finished.

        A running job that finishes before it next checks its token still ends as done or failed.
        """
        with self._lock:
            record = self._records.get(job_id)
            if record is None or record.state in TERMINAL:
                return False
            self._cancel(record)
            return True

    def cancel_all(self) -> int:
        """Cancel every queued job and ask every running one to stop; returns how many there were."""
        with self._lock:
            active = [record for record in self._records.values() if record.state not in TERMINAL]
            for record in active:
                self._cancel(record)
            return len(active)

    def _cancel(self, record: JobRecord) -> None:
        record.token.cancel()
        if record.state is JobState.QUEUED:
            self._finish(record, JobState.CANCELLED)

    def _finish(self, record: JobRecord, state: JobState, result: Any = None, error: str | None = None) -> None:
        # callers hold self._lock
        record.state = state
        record.result = result
        record.error = error
        record.finished_at = self._clock()
        record.done.set()
        self._finished[record.id] = None
        while len(self._finished) > self._retain:
            old_id, _ = self._finished.popitem(last=False)
            del self._records[old_id]

    def info(self, job_id: int) -> JobInfo | None:
        with self._lock:
            record = self._records.get(job_id)
            return None if record is None else self._snapshot(record)

    def wait(self, job_id: int, timeout: float | None = None) -> JobInfo | None:
        """The job's info once it has finished, or as it stands when `timeout` runs out."""
        with self._lock:
            record = self._records.get(job_id)
        if record is None:
            return None
        record.done.wait(timeout)
        with self._lock:
            return self._snapshot(record)

    @staticmethod
    def _snapshot(record: JobRecord) -> JobInfo:
        return JobInfo(
            record.id,
            record.name,
            record.state,
            record.submitted_at,
            record.started_at,
            record.finished_at,
            record.result,
            record.error,
        )
