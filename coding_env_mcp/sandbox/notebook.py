"""One episode's notebook: names persist from call to call in one interpreter, until it is lost.

The session takes a warm worker on its first call and hands it the PR's files. When the interpreter is
lost — killed at a timeout, crashed, stopped while idle or to make room — the next call starts a fresh
one from the PR's files, and the result that first learns of the loss says so (`state_lost`, `notice`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from ..models import RunResult
from .limits import SandboxLimits
from .pool import WorkerPool
from .worker import Execution, Guard, Progress, Worker, WorkerDied

_MAX_WORKSPACE_ENTRIES = 100_000


class SandboxError(RuntimeError):
    """The sandbox could not run the call at all (no interpreter could be started); the message says why."""


def workspace_overflow(root: Path, limit_bytes: int) -> str | None:
    """Why the workspace at `root` is over its limit, or None (disk blocks are counted, so sparse files are fair)."""
    used, entries, stack = 0, 0, [str(root)]
    while stack:
        try:
            scan = os.scandir(stack.pop())
        except OSError:
            continue
        with scan:
            for entry in scan:
                entries += 1
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    used += entry.stat(follow_symlinks=False).st_blocks * 512
                except OSError:
                    continue
        if used > limit_bytes:
            return f"the workspace grew past its {limit_bytes // (1024 * 1024)} MB limit"
        if entries > _MAX_WORKSPACE_ENTRIES:
            return f"the workspace holds more than {_MAX_WORKSPACE_ENTRIES} files"
    return None


class WorkerSession:
    """A `SandboxSession`: the episode's files and (while it lives) its interpreter."""

    def __init__(self, pool: WorkerPool, files: Mapping[str, str], limits: SandboxLimits, isolation: str):
        self._pool = pool
        self._files = dict(files)
        self._limits = limits
        self._isolation = isolation
        self._worker: Worker | None = None
        self._lock = threading.Lock()
        self._calls = 0
        self._closed = False

    @property
    def workspace(self) -> Path | None:
        """The workspace as the code sees it (None before the first call)."""
        worker = self._worker
        return Path(worker.workspace) if worker is not None else None

    @property
    def worker(self) -> Worker | None:
        return self._worker

    def _fresh_worker(self) -> Worker:
        """A warm worker holding the PR's files (one retry: a spare may have died waiting)."""
        for attempt in range(2):
            try:
                worker = self._pool.acquire()
            except Exception as exc:
                raise SandboxError(str(exc)) from None
            try:
                worker.request({"op": "init", "files": self._files})
                return worker
            except WorkerDied as exc:
                self._pool.end_use(worker)
                if attempt:
                    raise SandboxError(
                        f"a sandboxed interpreter failed while receiving the PR's files: {exc}"
                    ) from None
        raise AssertionError("unreachable")

    def _guard(self, worker: Worker, progress: Progress | None) -> Guard | None:
        """What the wait loop asks every quarter second: under bubblewrap the workspace is a size-capped
        tmpfs, on the host it is measured; and each whole second that passes is told to `progress`, so a
        call that asked for none pays nothing for it."""
        root, limit = worker.host_workspace, self._limits.workspace_bytes
        if progress is None:
            return None if root is None else lambda: workspace_overflow(root, limit)
        started, reported = time.monotonic(), 0

        def guard() -> str | None:
            nonlocal reported
            elapsed = int(time.monotonic() - started)
            if elapsed > reported:
                reported = elapsed
                progress(elapsed)
            return None if root is None else workspace_overflow(root, limit)

        return guard

    def run(self, code: str, timeout_s: float, progress: Progress | None = None) -> RunResult:
        with self._lock:
            if self._closed:
                raise SandboxError("this sandbox session is closed")
            with self._pool.slots:
                lost_before = None
                worker = self._worker
                if worker is not None and not self._pool.begin_use(worker):
                    lost_before = worker.lost_reason
                    worker = self._worker = None
                if worker is None:
                    worker = self._worker = self._fresh_worker()
                try:
                    execution = worker.execute(
                        code, timeout_s, self._limits.max_output_bytes, self._guard(worker, progress)
                    )
                finally:
                    self._pool.end_use(worker)
                if execution.lost is not None:
                    self._worker = None
                had_state = self._calls > 0
                self._calls += 1
            return self._result(execution, timeout_s, lost_before if had_state else None)

    def _result(self, execution: Execution, timeout_s: float, lost_before: str | None) -> RunResult:
        notices = []
        if lost_before is not None:
            notices.append(
                f"State lost before this call: {lost_before}. This call ran in a fresh interpreter on a fresh copy "
                "of the PR's files; names defined and files written by earlier calls are gone."
            )
        if execution.lost is not None:
            notices.append(
                f"State lost: {execution.lost}. The next call starts a fresh interpreter on a fresh copy of the "
                "PR's files; names defined and files written so far are gone."
            )
        stderr = execution.stderr
        if execution.timed_out:
            stderr += f"\n[killed: wall-clock timeout of {timeout_s:g}s exceeded]\n"
        return RunResult(
            stdout=execution.stdout,
            stderr=stderr,
            exit_code=execution.exit_code,
            duration_s=round(execution.duration_s, 4),
            timed_out=execution.timed_out,
            stdout_truncated=execution.stdout_truncated,
            stderr_truncated=execution.stderr_truncated,
            isolation=self._isolation,
            state_lost=bool(notices),
            notice=" ".join(notices) or None,
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            self._pool.release(worker)
