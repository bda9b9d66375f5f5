"""Cooperative cancellation for pool jobs.

The pool never interrupts a thread. A cancelled job that is still queued never starts; a running
job is asked to stop through its CancelToken, which the job checks at points where stopping is
safe (between batches, before a commit) and where it sleeps.
"""

import threading


class JobCancelled(Exception):
    """Raised inside a job by its CancelToken once the job has been cancelled."""


class CancelToken:
    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise JobCancelled if the job has been cancelled."""
        if self._event.is_set():
            raise JobCancelled

    def sleep(self, seconds: float) -> None:
        """Sleep like time.sleep, but wake up and raise JobCancelled as soon as the job is cancelled."""
        if self._event.wait(seconds):
            raise JobCancelled
