"""Background jobs: handlers run by the worker process, outside the request that enqueued them."""

import queue
from collections.abc import Callable
from typing import Any


class JobQueue:
    def __init__(self) -> None:
        self._handlers: dict[str, Callable[..., None]] = {}
        self._pending: queue.SimpleQueue[tuple[str, dict[str, Any]]] = queue.SimpleQueue()

    def register(self, name: str, handler: Callable[..., None]) -> None:
        self._handlers[name] = handler

    def enqueue(self, name: str, **kwargs: Any) -> None:
        if name not in self._handlers:
            raise LookupError(f"no job named {name!r}")
        self._pending.put((name, kwargs))

    def run_pending(self) -> int:
        """Run every job queued so far; the worker loop calls this. Returns how many ran."""
        count = 0
        while True:
            try:
                name, kwargs = self._pending.get_nowait()
            except queue.Empty:
                return count
            self._handlers[name](**kwargs)
            count += 1
