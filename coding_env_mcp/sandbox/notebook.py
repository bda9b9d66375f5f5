"""One episode's notebook: names persist from call to call in one interpreter, and come back when it is lost.

The session takes a warm worker on its first call and hands it the PR's files. When the interpreter is
lost — killed at a timeout, crashed, stopped while idle or to make room, or the server restarted — the next
call starts a fresh one from the PR's files and *replays* the episode's earlier cells in it, output
suppressed, before running the new code: names, imports and files written come back. The result says so
(`restored`, `notice`); a cell whose replay fails or ends differently is named in `restore_failures`.
Replay cannot bring back what was not produced by the cells themselves: non-deterministic values (random
numbers, clocks) are recomputed, and a cell's effects outside the workspace do not exist to begin with.
The cell that killed its own interpreter (a crash, a timeout) is not replayed.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..models import RunResult
from .hostdirs import owned_entries
from .limits import SandboxLimits
from .pool import WorkerPool
from .worker import Execution, Guard, Progress, Worker, WorkerDied

_MAX_WORKSPACE_ENTRIES = 100_000
PROCESS_LEVEL_WARNING = (
    "Isolation is 'process': this code ran as the server's own user, not in a sandbox. It can read what the "
    "server reads (its environment and secrets, the episode record of every episode, the answer keys), signal "
    "or stop the server, and write wherever the server can. Use this level only with code you trust."
)
_REPLAY_OUTPUT_BYTES = 1024  # replayed output is discarded; the stream caps keep it cheap


@dataclass(frozen=True)
class Cell:
    """One earlier call of an episode, as replay needs it: the code, its time limit and how it ended."""

    code: str
    timeout_s: float
    exit_code: int | None


@dataclass(frozen=True)
class Replay:
    """What restoring a notebook did: cells replayed, and the ones that failed or ended differently."""

    replayed: int
    problems: tuple[str, ...]
    lost: str | None  # the replay itself lost the fresh interpreter
    restarted: bool = True  # False: the live interpreter caught up with cells run on another replica


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


def shared_overflow(uid: int, limit_bytes: int) -> str | None:
    """Why what `uid` keeps in the host's shared writable directories is over `limit_bytes`, or None.

    At the uid level a worker writes its /tmp and /dev/shm files into the host's (bubblewrap gives it private,
    capped ones): they count against the same budget as its workspace, and go with the worker.
    """
    used = 0
    for directory, entry in owned_entries(uid):
        try:
            used += entry.stat(follow_symlinks=False).st_blocks * 512
        except OSError:
            continue
        inner = workspace_overflow(Path(entry.path), limit_bytes - used) if entry.is_dir() else None
        if inner is not None or used > limit_bytes:
            return f"files it left in {directory} grew past its {limit_bytes // (1024 * 1024)} MB limit"
    return None


class WorkerSession:
    """A `SandboxSession`: the episode's files and (while it lives) its interpreter."""

    def __init__(
        self,
        pool: WorkerPool,
        files: Mapping[str, str],
        limits: SandboxLimits,
        isolation: str,
        history: Sequence[Cell] = (),
    ):
        self._pool = pool
        self._files = dict(files)
        self._limits = limits
        self._isolation = isolation
        self._worker: Worker | None = None
        self._lock = threading.Lock()
        self._cells: list[Cell] = list(history)
        self._behind = 0  # the last cells, run elsewhere, that the live interpreter has not run yet
        self._closed = False

    @property
    def history(self) -> tuple[Cell, ...]:
        """The cells a fresh interpreter replays to restore this notebook."""
        return tuple(self._cells)

    def catch_up(self, cells: Sequence[Cell]) -> None:
        with self._lock:
            self._cells.extend(cells)
            self._behind += len(cells)

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
        uid = worker.lease.uid if worker.lease is not None and root is not None else None

        def on_host() -> str | None:
            assert root is not None
            return workspace_overflow(root, limit) or (None if uid is None else shared_overflow(uid, limit))

        if progress is None:
            return None if root is None else on_host
        started, reported = time.monotonic(), 0

        def guard() -> str | None:
            nonlocal reported
            elapsed = int(time.monotonic() - started)
            if elapsed > reported:
                reported = elapsed
                progress(elapsed)
            return None if root is None else on_host()

        return guard

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Keep the interpreter while a call waits to start (for a thread to run on), as a running call keeps it.

        Read without the session's lock, which a running call holds: at worst this keeps a worker that call is
        replacing, which the pool then refuses or releases."""
        worker = self._worker
        held = worker is not None and self._pool.hold(worker)
        try:
            yield
        finally:
            if held:
                self._pool.unhold(worker)  # type: ignore[arg-type]

    def run(self, code: str, timeout_s: float, progress: Progress | None = None) -> RunResult:
        """Run one cell. The episode's interpreter is claimed *before* the call queues for an execution
        slot, so it cannot be stopped for room while the call waits; a lost one is replaced (and the
        notebook replayed into the new one) the same way, waiting for room without holding a slot."""
        with self._lock:
            if self._closed:
                raise SandboxError("this sandbox session is closed")
            lost_before, replay = None, None
            worker = self._worker
            if worker is not None and not self._pool.begin_use(worker):
                lost_before = worker.lost_reason
                worker = self._worker = None
            fresh = worker is None
            if worker is None:
                worker = self._fresh_worker()
            try:
                with self._pool.slots:
                    if fresh and self._cells:
                        worker, replay = self._restored(worker)
                    elif self._behind:
                        worker, replay = self._caught_up(worker)
                    self._behind = 0
                    self._worker = worker
                    execution = worker.execute(
                        code, timeout_s, self._limits.max_output_bytes, self._guard(worker, progress)
                    )
            finally:
                self._pool.end_use(worker)
            if execution.lost is not None:
                self._worker = None
            else:
                self._cells.append(Cell(code, timeout_s, execution.exit_code))
            return self._result(execution, timeout_s, lost_before, replay)

    def _restored(self, worker: Worker) -> tuple[Worker, Replay]:
        """`worker` with the episode's earlier cells replayed into it; if the replay kills it, a fresh worker
        with the PR's files alone (the caller ends the use of whichever worker is returned)."""
        replay = self._replay(worker)
        if replay.lost is None:
            return worker, replay
        self._pool.end_use(worker)
        return self._fresh_worker(), replay

    def _caught_up(self, worker: Worker) -> tuple[Worker, Replay]:
        """The live worker after running the cells it is behind; a fresh one with every cell replayed if that
        lost it (the caller ends the use of whichever worker is returned)."""
        replay = self._replay(worker, first=len(self._cells) - self._behind)
        if replay.lost is None:
            return worker, Replay(replay.replayed, replay.problems, None, restarted=False)
        self._pool.end_use(worker)
        return self._restored(self._fresh_worker())

    def _replay(self, worker: Worker, first: int = 0) -> Replay:
        """Run the earlier cells (from index `first`) again in `worker`, output discarded, and say which ended
        differently."""
        problems: list[str] = []
        for number, cell in enumerate(self._cells[first:], start=first + 1):
            again = worker.execute(cell.code, cell.timeout_s, _REPLAY_OUTPUT_BYTES, self._guard(worker, None))
            if again.lost is not None:
                problems.append(f"cell {number} lost the interpreter on replay ({again.lost})")
                return Replay(number - 1 - first, tuple(problems), again.lost)
            if again.exit_code != cell.exit_code:
                problems.append(f"cell {number} exited {again.exit_code} on replay, {cell.exit_code} originally")
        return Replay(len(self._cells) - first, tuple(problems), None)

    def _result(
        self, execution: Execution, timeout_s: float, lost_before: str | None, replay: Replay | None
    ) -> RunResult:
        notices = []
        if replay is not None and not replay.restarted:
            notices.append(
                f"{replay.replayed} cell(s) this episode ran on another server replica were replayed first, "
                "output suppressed, to bring this notebook up to date."
            )
        elif replay is not None:
            why = f" ({lost_before})" if lost_before else ""
            notices.append(
                f"The interpreter was restarted{why}; {replay.replayed} earlier cell(s) were replayed, output "
                "suppressed, to restore names and files before this call."
            )
        if replay is not None and replay.problems:
            notices.append(
                "The restore is incomplete: " + "; ".join(replay.problems) + ". Names those cells defined may "
                "be missing or differ."
            )
        if replay is None and lost_before is not None and execution.lost is None:
            notices.append(f"The interpreter was restarted before this call ({lost_before}).")
        if self._isolation == "process":
            notices.append(PROCESS_LEVEL_WARNING)
        if execution.lost is not None:
            notices.append(
                f"State lost: {execution.lost}. This call is not kept; the next call starts a fresh interpreter "
                "and replays the earlier cells to restore the rest."
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
            state_lost=execution.lost is not None,
            restored=replay is not None and replay.restarted,
            restore_failures=list(replay.problems) if replay else [],
            notice=" ".join(notices) or None,
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            self._pool.release(worker)
