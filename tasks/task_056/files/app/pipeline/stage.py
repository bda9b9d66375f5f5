"""One stage of a pipeline: a bounded inbox and the worker threads that drain it."""

import logging
import queue
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

STOP = object()  # put once per worker by stop(), after the last item


@dataclass(frozen=True)
class StageStats:
    name: str
    processed: int
    failed: int
    busy: int
    queued: int


class Stage:
    """Runs `handler` on each item on `workers` threads. What the handler returns goes to the next stage; an
    item whose handler raises is logged and leaves the pipeline as failed.

    The inbox holds at most `capacity` items: put() blocks while it is full, so a slow stage holds back the
    stages before it and, in the end, the submitter."""

    def __init__(self, name, handler, *, workers=1, capacity=100):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.name = name
        self._handler = handler
        self._inbox = queue.Queue(maxsize=capacity)
        self._lock = threading.Lock()
        self._processed = self._failed = self._busy = 0
        self._next = None
        self._done = None
        self._threads = [
            threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True) for n in range(workers)
        ]

    def connect(self, next_stage, done):
        """`next_stage` receives this stage's results (None for the last stage); `done(ok)` is called for
        every item that leaves the pipeline here."""
        self._next, self._done = next_stage, done

    def start(self):
        for thread in self._threads:
            thread.start()

    def is_worker(self, thread):
        return thread in self._threads

    def put(self, item):
        """Queue an item; blocks while the inbox is full."""
        self._inbox.put(item)

    def stop(self):
        """Let the workers finish everything queued, then end them. Nothing may be put() after this."""
        for _ in self._threads:
            self._inbox.put(STOP)
        for thread in self._threads:
            thread.join()

    def stats(self):
        with self._lock:
            return StageStats(self.name, self._processed, self._failed, self._busy, self._inbox.qsize())

    def _run(self):
        while True:
            item = self._inbox.get()
            if item is STOP:
                return
            with self._lock:
                self._busy += 1
            try:
                result = self._handler(item)
                ok = True
            except Exception:
                log.exception("stage %s failed on an item", self.name)
                ok = False
            with self._lock:
                self._busy -= 1
                if ok:
                    self._processed += 1
                else:
                    self._failed += 1
            if ok and self._next is not None:
                self._next.put(result)
            else:
                self._done(ok)
