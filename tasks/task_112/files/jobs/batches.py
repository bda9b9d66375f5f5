"""Batches: jobs submitted together, with one notification when the last of them finishes."""

import logging
import threading

log = logging.getLogger(__name__)


class Batch:
    """A group of jobs of one WorkerPool (see WorkerPool.submit_batch).

    The batch is done when every job has an outcome, failed or not. `on_done(batch)`, if given,
    is called once then, on the worker thread that finished the last job.
    """

    def __init__(self, batch_id, job_ids, on_done=None):
        self.id = batch_id
        self.job_ids = tuple(job_ids)
        self.failed = 0
        self._unfinished = set(self.job_ids)
        self._on_done = on_done
        self._done = threading.Event()

    @property
    def done(self):
        return self._done.is_set()

    def wait(self, timeout=None):
        """Whether the batch finished within `timeout` seconds (None: wait for it)."""
        return self._done.wait(timeout)

    def _job_finished(self, job_id, ok):
        """Count one job's outcome; True when it was the last one. The pool calls it under its lock."""
        self._unfinished.discard(job_id)
        if not ok:
            self.failed += 1
        return not self._unfinished

    def _finish(self):
        """Mark the batch done and notify; the pool calls it once, after releasing its lock."""
        self._done.set()
        if self._on_done is not None:
            try:
                self._on_done(self)
            except Exception:
                log.exception("on_done callback of batch %s failed", self.id)
