"""Where workers leave job outcomes until their submitter collects them."""

import threading
import time


class ResultStore:
    """Outcomes of finished jobs, by job id: each is collected once, by wait() or take()."""

    def __init__(self):
        self._cond = threading.Condition()
        self._done = {}  # job id -> (ok, value or exception)
        self._listeners = []

    def subscribe(self, listener):
        """Call listener(job_id, ok) each time a job's outcome is recorded."""
        with self._cond:
            self._listeners.append(listener)

    def put(self, job_id, value):
        self._record(job_id, True, value)

    def fail(self, job_id, exc):
        self._record(job_id, False, exc)

    def _record(self, job_id, ok, value):
        with self._cond:
            if job_id in self._done:
                raise RuntimeError(f"job {job_id} already has an outcome")
            self._done[job_id] = (ok, value)
            self._cond.notify_all()
            for listener in self._listeners:
                listener(job_id, ok)

    def wait(self, job_id, timeout=None):
        """The job's value, or its exception raised; TimeoutError if it has not finished in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while job_id not in self._done:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"job {job_id} has not finished")
                self._cond.wait(remaining)
            ok, value = self._done.pop(job_id)
        if ok:
            return value
        raise value

    def take(self, job_id):
        """The finished job's outcome as (ok, value or exception), without raising it."""
        with self._cond:
            try:
                return self._done.pop(job_id)
            except KeyError:
                raise KeyError(f"job {job_id} has no outcome to collect") from None

    def pending(self):
        """How many outcomes are waiting to be collected."""
        with self._cond:
            return len(self._done)
