"""A small in-process worker pool for the app's background jobs (today: the order exports).

Jobs run on a fixed set of threads in submission order. Their records live in a JobTable, so the
API can report progress and results after the fact. Every job is called with its CancelToken as
the first argument; see app.jobs.cancel for how cancellation works.
"""

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from app.jobs.cancel import JobCancelled
from app.jobs.table import JobInfo, JobState, JobTable

log = logging.getLogger(__name__)

_STOP = object()


class PoolClosed(RuntimeError):
    """The pool is shutting down and takes no new jobs."""


class PoolFull(RuntimeError):
    """Too many jobs are waiting for a worker; the caller should try again later."""


class WorkerPool:
    def __init__(self, workers: int = 4, table: JobTable | None = None, max_pending: int = 1000) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self._table = table or JobTable()
        self._queue: queue.Queue = queue.Queue()
        self._max_pending = max_pending
        self._lock = threading.Lock()  # guards _closed and every put on _queue
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"jobs-{n}", daemon=True) for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
        """Queue `fn(token, *args, **kwargs)` and return the job's id.

        Raises PoolFull when `max_pending` jobs are waiting for a worker. Cancelled jobs count until
        a worker has taken them off the queue, which keeps the queue's memory bounded.
        """
        with self._lock:
            if self._closed:
                raise PoolClosed("the worker pool is shutting down")
            if self._queue.qsize() >= self._max_pending:
                raise PoolFull(f"{self._max_pending} jobs are already waiting")
            job_id = self._table.add(name)
            self._queue.put((job_id, fn, args, kwargs))
        return job_id

    def cancel(self, job_id: int) -> bool:
        """Cancel a job; see JobTable.cancel. Returns False if it is unknown or has already finished."""
        return self._table.cancel(job_id)

    def info(self, job_id: int) -> JobInfo | None:
        return self._table.info(job_id)

    def wait(self, job_id: int, timeout: float | None = None) -> JobInfo | None:
        return self._table.wait(job_id, timeout)

    def shutdown(self, wait: bool = True, cancel: bool = False) -> None:
        """Take no new jobs; the workers finish what is queued, then stop.

        With `cancel`, queued jobs are cancelled instead and running ones are asked to stop.
        """
        if wait and threading.current_thread() in self._threads:
            raise RuntimeError("a job cannot wait for its own pool to shut down")
        with self._lock:
            if not self._closed:
                self._closed = True
                for _ in self._threads:
                    self._queue.put(_STOP)
        if cancel:
            self._table.cancel_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            job_id, fn, args, kwargs = item
            token = self._table.start(job_id)
            if token is None:
                continue  # cancelled while it was queued
            try:
                result = fn(token, *args, **kwargs)
            except JobCancelled:
                log.info("job %d stopped after being cancelled", job_id)
                self._table.finish(job_id, JobState.CANCELLED)
            except Exception as exc:
                log.exception("job %d failed", job_id)
                self._table.finish(job_id, JobState.FAILED, error=f"{type(exc).__name__}: {exc}")
            else:
                self._table.finish(job_id, JobState.DONE, result=result)
