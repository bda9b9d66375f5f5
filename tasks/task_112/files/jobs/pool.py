"""A fixed pool of worker threads for background jobs (report rendering, exports)."""

import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass

from jobs.batches import Batch
from jobs.results import ResultStore

log = logging.getLogger(__name__)

MAX_WORKERS = 32
MAX_RETRIES = 5
MAX_BATCH = 1000


class PoolClosed(RuntimeError):
    """Raised by submit() after shutdown()."""


@dataclass
class Job:
    id: int
    fn: object
    args: tuple
    kwargs: dict


class WorkerPool:
    """Runs submitted callables on `workers` threads; their outcomes wait in a ResultStore.

    A job that raises one of `retry_on` (e.g. the renderer's connection errors) is run again, up to
    `retries` more times, `retry_delay` seconds times the attempt number apart.
    """

    def __init__(self, workers=4, retries=0, retry_on=(), retry_delay=0.5):
        if not 1 <= workers <= MAX_WORKERS:
            raise ValueError(f"workers must be between 1 and {MAX_WORKERS}")
        if not 0 <= retries <= MAX_RETRIES:
            raise ValueError(f"retries must be between 0 and {MAX_RETRIES}")
        if retry_delay < 0:
            raise ValueError("retry_delay must not be negative")
        if not all(isinstance(cls, type) and issubclass(cls, Exception) for cls in retry_on):
            raise TypeError("retry_on must hold exception classes")
        self._retries = retries
        self._retry_on = tuple(retry_on)
        self._retry_delay = retry_delay
        self._results = ResultStore()
        self._results.subscribe(self._on_result)
        self._queue = queue.Queue()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._running = {}  # job id -> Job
        self._batches = {}  # job id -> its unfinished Batch
        self._closed = False
        self._threads = [
            threading.Thread(target=self._worker, name=f"pool-worker-{i}", daemon=True) for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn, *args, **kwargs):
        """Queue fn(*args, **kwargs); returns the job id to collect its outcome with result()."""
        with self._lock:
            if self._closed:
                raise PoolClosed("the pool is shut down")
            job = Job(next(self._ids), fn, args, kwargs)
            self._queue.put(job)
        return job.id

    def submit_batch(self, calls, on_done=None):
        """Queue several (fn, args, kwargs) calls as one Batch; collect its outcomes with gather()."""
        calls = list(calls)
        if not 1 <= len(calls) <= MAX_BATCH:
            raise ValueError(f"a batch holds 1 to {MAX_BATCH} jobs")
        with self._lock:
            if self._closed:
                raise PoolClosed("the pool is shut down")
            jobs = [Job(next(self._ids), fn, tuple(args), dict(kwargs)) for fn, args, kwargs in calls]
            batch = Batch(jobs[0].id, [job.id for job in jobs], on_done)
            # Registered before any job is queued, so no outcome can arrive ahead of its batch.
            for job in jobs:
                self._batches[job.id] = batch
            for job in jobs:
                self._queue.put(job)
        return batch

    def gather(self, batch, timeout=None):
        """The batch's outcomes in submission order, as (ok, value or exception) pairs."""
        if not batch.wait(timeout):
            raise TimeoutError(f"batch {batch.id} has not finished")
        return [self._results.take(job_id) for job_id in batch.job_ids]

    def result(self, job_id, timeout=None):
        """The job's return value, or the exception it raised, raised here."""
        return self._results.wait(job_id, timeout)

    def stats(self):
        """Counts for the admin page."""
        with self._lock:
            return {
                "queued": self._queue.qsize(),
                "running": len(self._running),
                "unclaimed": self._results.pending(),
            }

    def shutdown(self, wait=True):
        """Stop taking jobs; the workers finish the queued ones, then exit."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    def _worker(self):
        while True:
            job = self._queue.get()
            if job is None:
                return
            with self._lock:
                self._running[job.id] = job
            try:
                self._execute(job)
            finally:
                with self._lock:
                    del self._running[job.id]

    def _execute(self, job):
        """Run the job, again on the errors in retry_on, and record its outcome."""
        for attempt in range(1, self._retries + 2):
            try:
                value = job.fn(*job.args, **job.kwargs)
            except self._retry_on as exc:
                if attempt > self._retries:
                    self._results.fail(job.id, exc)
                    return
                log.warning("job %s: attempt %d failed (%r), retrying", job.id, attempt, exc)
                time.sleep(self._retry_delay * attempt)
            except Exception:
                log.exception("job %s failed", job.id)
                return
            else:
                self._results.put(job.id, value)
                return

    def _on_result(self, job_id, ok):
        """ResultStore listener: count the outcome towards the job's batch, if it has one."""
        with self._lock:
            batch = self._batches.pop(job_id, None)
            finished = batch is not None and batch._job_finished(job_id, ok)
        if finished:
            batch._finish()
