"""The server's handle on one sandboxed interpreter: start it, talk to it, stop it — trusting nothing it says.

Each call is one pass of a `select` loop in the calling thread over the request pipe, the reply pipe
and the two output pipes: no helper threads, so a trivial call costs a few system calls. The worker's
replies are parsed defensively (size-capped frames, checked fields); anything unexpected, a missed
deadline or a dead process ends the worker, and the caller learns its state is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .capture import CappedCapture
from .kernel import FRAME, MAX_REPLY_BYTES, encode_frame
from .launch import Plan, kernel_config, launch_spec
from .levels import IsolationError
from .memory import process_memory, process_tree, total_memory
from .uids import UidLease, kill_everything_of

START_TIMEOUT_S = 30.0  # generous: two busy cores and a cold page cache can make bubblewrap + Python slow
_DRAIN_GRACE_S = 0.5
_READ_SIZE = 1 << 20
_GUARD_INTERVAL_S = 0.25
_MAX_CARRIED = 1 << 20  # output that arrived between calls, shown with the next call


class WorkerDied(RuntimeError):
    """The interpreter is gone or broke the protocol; the message says how."""


class GuardTripped(RuntimeError):
    """A limit checked from outside (the workspace size) was exceeded during a call."""


Guard = Callable[[], "str | None"]
Progress = Callable[[int], None]
"""Told the whole seconds a call has been running, from the thread waiting on it (not the event loop)."""


@dataclass
class Execution:
    """What one call produced, before it becomes a `RunResult`."""

    stdout: str
    stderr: str
    stdout_truncated: bool
    stderr_truncated: bool
    exit_code: int | None
    duration_s: float
    timed_out: bool = False
    lost: str | None = None  # why the interpreter (and its state) is gone after this call, if it is


def _bwrap_status(code: int | None) -> int | None:
    """bubblewrap reports a child killed by signal N as exit status 128+N; show it as -N like Popen does."""
    if code is not None and 128 < code <= 128 + 64:
        return -(code - 128)
    return code


@dataclass(eq=False)
class Worker:
    plan: Plan
    process: subprocess.Popen[bytes]
    workspace: str
    host_workspace: Path | None
    lease: UidLease | None
    requests: int
    replies: int
    token: bytes = b""
    alive: bool = True
    busy: bool = False
    calls_waiting: int = 0  # calls on its episode waiting to start (for a thread): see `WorkerPool.hold`
    last_used: float = field(default_factory=time.monotonic)
    lost_reason: str | None = None
    # What it costs (see `measure`): its processes, the launchers' share, the total, and when it was read.
    pids: tuple[int, ...] = ()
    launcher_memory: int = 0
    memory: int = 0
    measured_at: float = 0.0
    used_since_measured: bool = False
    _reply: dict[str, Any] | None = None
    _inbox: bytearray = field(default_factory=bytearray)
    _carried: dict[int, bytes] = field(default_factory=dict)
    _selector: selectors.BaseSelector = field(default_factory=selectors.DefaultSelector)

    @property
    def in_use(self) -> bool:
        """A call runs on it or waits to start: it is not stopped for idling."""
        return self.busy or self.calls_waiting > 0

    # -- start -------------------------------------------------------------------------------------

    @classmethod
    def start(cls, plan: Plan, lease: UidLease | None, host_workspace: Path | None) -> Worker:
        """Start a worker and wait until its kernel has locked itself down and said it is ready."""
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        spec = launch_spec(plan, kernel_config(plan, request_read, reply_write), host_workspace)
        identity: dict[str, Any] = (
            {"user": lease.uid, "group": lease.uid, "extra_groups": []} if lease is not None else {}
        )
        try:
            process = subprocess.Popen(
                spec.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(request_read, reply_write),
                env=spec.env,
                cwd=spec.cwd,
                start_new_session=True,
                **identity,
            )
        except OSError as exc:
            os.close(request_write)
            os.close(reply_read)
            raise IsolationError(f"cannot start a {plan.level} worker: {exc}") from exc
        finally:
            os.close(request_read)
            os.close(reply_write)
        worker = cls(plan, process, spec.workspace, host_workspace, lease, request_write, reply_read)
        for fd in (request_write, reply_read, worker._out, worker._err):
            os.set_blocking(fd, False)
        worker._selector.register(reply_read, selectors.EVENT_READ)
        worker._selector.register(worker._out, selectors.EVENT_READ)
        worker._selector.register(worker._err, selectors.EVENT_READ)
        try:
            ready = worker._exchange(None, time.monotonic() + START_TIMEOUT_S)
            token = ready.get("token")
            if ready.get("op") != "ready" or not isinstance(token, str) or len(token) < 16:
                raise WorkerDied(f"unexpected first message {ready!r}")
        except WorkerDied as exc:
            worker.kill()
            stderr = worker._drain_text()
            worker.close_pipes()
            raise IsolationError(
                f"a {plan.level} worker failed to start: {exc}; its stderr: {stderr or '(empty)'}"
            ) from None
        worker.token = token.encode("ascii")
        return worker

    @property
    def _out(self) -> int:
        assert self.process.stdout is not None
        return self.process.stdout.fileno()

    @property
    def _err(self) -> int:
        assert self.process.stderr is not None
        return self.process.stderr.fileno()

    # -- talking -----------------------------------------------------------------------------------

    def _next_reply(self) -> dict[str, Any] | None:
        if len(self._inbox) < FRAME.size:
            return None
        (size,) = FRAME.unpack_from(self._inbox)
        if size > MAX_REPLY_BYTES:
            raise WorkerDied(f"reply of {size} bytes exceeds {MAX_REPLY_BYTES}")
        if len(self._inbox) < FRAME.size + size:
            return None
        body = bytes(self._inbox[FRAME.size : FRAME.size + size])
        del self._inbox[: FRAME.size + size]
        try:
            message = json.loads(body)
        except ValueError:
            raise WorkerDied("reply is not JSON") from None
        if not isinstance(message, dict):
            raise WorkerDied("reply is not an object")
        return message

    def _pump(
        self,
        outgoing: bytes,
        deadline: float,
        captures: dict[int, CappedCapture] | None,
        guard: Guard | None = None,
    ) -> bool:
        """Send `outgoing`, then read until a reply is in `self._reply` and every capture saw its end marker.

        Returns False if the deadline passes first. Raises `WorkerDied` if the worker closes its reply pipe,
        `GuardTripped` if `guard` (asked every quarter second) names a reason to stop.
        """
        next_check = time.monotonic() + _GUARD_INTERVAL_S
        pending = memoryview(outgoing)
        if pending:
            try:
                pending = pending[os.write(self.requests, pending) :]
            except BlockingIOError:
                pass
            except BrokenPipeError:
                raise WorkerDied("the interpreter stopped reading requests") from None
        if pending:
            self._selector.register(self.requests, selectors.EVENT_WRITE)
        try:
            while True:
                if self._reply is None:
                    self._reply = self._next_reply()
                if self._reply is not None and all(c.ended for c in (captures or {}).values()):
                    return True
                now = time.monotonic()
                remaining = deadline - now
                if remaining <= 0:
                    return False
                if guard is not None:
                    if now >= next_check:
                        reason = guard()
                        if reason is not None:
                            raise GuardTripped(reason)
                        next_check = now + _GUARD_INTERVAL_S
                    remaining = min(remaining, next_check - now)
                for key, _ in self._selector.select(remaining):
                    fd = key.fd
                    if fd == self.requests:
                        try:
                            pending = pending[os.write(fd, pending) :]
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            raise WorkerDied("the interpreter stopped reading requests") from None
                        if not pending:
                            self._selector.unregister(fd)
                        continue
                    try:
                        data = os.read(fd, _READ_SIZE)
                    except BlockingIOError:
                        continue
                    if fd == self.replies:
                        if not data:
                            raise WorkerDied("the interpreter exited")
                        self._inbox += data
                    elif not data:
                        self._selector.unregister(fd)
                    elif captures is not None and fd in captures:
                        captures[fd].feed(data)
                    else:
                        self._carried[fd] = (self._carried.get(fd, b"") + data)[-_MAX_CARRIED:]
        finally:
            if pending:
                with contextlib.suppress(KeyError, ValueError):
                    self._selector.unregister(self.requests)

    def _exchange(self, message: dict[str, Any] | None, deadline: float) -> dict[str, Any]:
        """Send a control request (not code) and return its reply."""
        self._reply = None
        if not self._pump(encode_frame(message) if message else b"", deadline, None):
            raise WorkerDied("no reply in time")
        reply, self._reply = self._reply, None
        assert reply is not None
        return reply

    def request(self, message: dict[str, Any], timeout_s: float = 10.0) -> dict[str, Any]:
        """A control request (init, probe); the worker is killed and `WorkerDied` raised if it misbehaves."""
        try:
            reply = self._exchange(message, time.monotonic() + timeout_s)
            if reply.get("op") == "error":
                raise WorkerDied(str(reply.get("error")))
            return reply
        except WorkerDied:
            self.kill()
            raise

    def execute(self, code: str, timeout_s: float, max_output_bytes: int, guard: Guard | None = None) -> Execution:
        """Run one cell; on timeout, crash, protocol breach or a tripped `guard` (checked during and after
        the cell) the worker is killed and `lost` says why."""
        captures = {
            fd: CappedCapture(self.token, max_output_bytes, self._carried.pop(fd, b"")) for fd in (self._out, self._err)
        }
        message = encode_frame({"op": "run", "code": code, "cpu_s": int(timeout_s) + 1})
        started = time.monotonic()
        timed_out, lost, exit_code = False, None, None
        self._reply = None
        try:
            done = self._pump(message, started + timeout_s, captures, guard)
            if not done and self._reply is not None:
                # The cell finished in time; its end markers are still on their way through the pipes.
                done = self._pump(b"", time.monotonic() + _DRAIN_GRACE_S, captures)
            reply, self._reply = self._reply, None
            reason = guard() if guard is not None and reply is not None else None
            if reason is not None:
                lost = f"{reason}, so the interpreter was stopped"
            elif reply is None:
                timed_out, exit_code = True, -signal.SIGKILL
                lost = f"the call exceeded its {timeout_s:g}s wall-clock limit and the interpreter was killed"
            elif not done or reply.get("op") != "done" or not isinstance(reply.get("exit_code"), int):
                lost = "the interpreter broke the output protocol and was stopped"
            else:
                exit_code = reply["exit_code"]
        except GuardTripped as exc:
            lost = f"{exc}, so the interpreter was stopped"
        except WorkerDied as exc:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=1.0)  # let it finish dying on its own, to report its own status
            exit_code = self.exit_status()
            lost = f"the interpreter died ({describe_status(exit_code) if exit_code is not None else exc})"
        duration = time.monotonic() - started
        if lost is not None:
            self.kill()
            self._drain_into(captures)
            if exit_code is None:
                exit_code = self.exit_status()
        else:
            for fd, capture in captures.items():
                if capture.after:
                    self._carried[fd] = capture.after[-_MAX_CARRIED:]
        self.last_used = time.monotonic()
        for capture in captures.values():
            capture.close()
        stdout, stdout_truncated = captures[self._out].text()
        stderr, stderr_truncated = captures[self._err].text()
        return Execution(
            stdout, stderr, stdout_truncated, stderr_truncated, exit_code, duration, timed_out=timed_out, lost=lost
        )

    # -- cost --------------------------------------------------------------------------------------

    def measure(self, now: float) -> int:
        """Read what this worker uses now (PSS, bytes), store it in `memory` and return it.

        The first reading finds the worker's processes (the interpreter is the last started) and the
        launchers' share, which does not change; later readings read the interpreter alone (~50 µs).
        """
        try:
            if not self.pids:
                self.pids = process_tree(self.process.pid)
                self.launcher_memory = total_memory(self.pids[:-1])
            self.memory = self.launcher_memory + process_memory(self.pids[-1])
        finally:  # a failed reading keeps the last one, and is tried again no sooner than a good one
            self.measured_at = now
            self.used_since_measured = False
        return self.memory

    # -- stopping ----------------------------------------------------------------------------------

    def exit_status(self) -> int | None:
        code = self.process.returncode
        return _bwrap_status(code) if self.plan.level == "bwrap" else code

    def kill(self) -> None:
        """Stop the worker and everything it started. Idempotent."""
        if not self.alive:
            return
        self.alive = False
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.lease is not None:
            kill_everything_of(self.lease.uid)
        self.process.wait()

    def _drain_into(self, captures: dict[int, CappedCapture]) -> None:
        """After a kill: read what the dead worker left in its pipes (bounded: a survivor may hold them open)."""
        deadline = time.monotonic() + _DRAIN_GRACE_S
        open_fds = {self._out, self._err}
        while open_fds and time.monotonic() < deadline:
            for key, _ in self._selector.select(max(0.0, deadline - time.monotonic())):
                if key.fd not in open_fds:
                    continue
                try:
                    data = os.read(key.fd, _READ_SIZE)
                except BlockingIOError:
                    continue
                if data:
                    captures[key.fd].feed(data)
                else:
                    open_fds.discard(key.fd)
                    self._selector.unregister(key.fd)

    def _drain_text(self) -> str:
        capture = CappedCapture(b"\x00" * 8, 4096)
        self._drain_into({self._out: capture, self._err: capture})
        return capture.kept.decode("utf-8", errors="replace").strip()

    def close_pipes(self) -> None:
        with contextlib.suppress(Exception):
            self._selector.close()
        for fd in (self.requests, self.replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def describe_status(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit status {code}"
