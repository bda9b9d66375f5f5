"""Running an agent's Python against the PR's code, in a per-episode workspace, under hard limits.

Each call runs in a fresh `python -I` subprocess whose working directory is the episode's workspace (a
copy of the PR's post-change files, importable by name). The child is its own process group with a
scrubbed environment and closed stdin; it lowers its own resource limits (CPU, memory, file size, open
files, no core dumps) before it reads the code; a wall-clock timeout kills the whole group; stdout and
stderr are capped with a truncation marker while the pipes keep draining so the child never blocks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .models import RunResult


@dataclass(frozen=True)
class SandboxLimits:
    """Per-call limits. Defaults suit review work: import a module, call it, print what happens."""

    default_timeout_s: float = 10.0
    max_timeout_s: float = 60.0
    memory_bytes: int = 1024 * 1024 * 1024
    max_output_bytes: int = 64 * 1024
    max_file_bytes: int = 16 * 1024 * 1024
    max_open_files: int = 256


class SandboxSession(Protocol):
    """One episode's execution context."""

    workspace: Path

    def run(self, code: str, timeout_s: float) -> RunResult: ...

    def close(self) -> None: ...


class Sandbox(Protocol):
    """Creates per-episode sessions at a fixed isolation level."""

    isolation: str
    limits: SandboxLimits

    def open_session(self, files: Mapping[str, str]) -> SandboxSession: ...

    def close(self) -> None: ...


# Runs in the child before any user code: lower limits, read the code, drop stdin, run it as __main__.
_BOOTSTRAP = r"""
import os, resource, sys, traceback
cpu, mem, fsize, nofile = (int(v) for v in sys.argv[1:5])
for limit, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, mem), (resource.RLIMIT_FSIZE, fsize),
                     (resource.RLIMIT_NOFILE, nofile), (resource.RLIMIT_CORE, 0)):
    resource.setrlimit(limit, (value, value))
source = sys.stdin.buffer.read().decode("utf-8")
devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(devnull, 0)
os.close(devnull)
sys.stdin = open(0, closefd=False)
sys.path.insert(0, os.getcwd())
sys.argv = ["<run_python>"]
del cpu, mem, fsize, nofile, limit, value, devnull
try:
    code = compile(source, "<run_python>", "exec")
    exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
except SystemExit:
    raise
except BaseException as exc:
    traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
    sys.exit(1)
"""


def _scrubbed_env(workspace: Path) -> dict[str, str]:
    """The child's whole environment: nothing of the server's (no secrets, no tokens, no paths)."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(workspace),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": str(workspace),
    }


class _CappedReader(threading.Thread):
    """Drains a pipe to EOF, keeping the first `cap` bytes and counting the rest."""

    def __init__(self, stream, cap: int):
        super().__init__(daemon=True)
        self._stream = stream
        self._cap = cap
        self.kept = bytearray()
        self.dropped = 0

    def run(self) -> None:
        try:
            while chunk := self._stream.read1(65536):
                room = self._cap - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
                self.dropped += max(0, len(chunk) - max(room, 0))
        except (OSError, ValueError):
            pass

    def text(self) -> tuple[str, bool]:
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[... output truncated: {self.dropped} more bytes not shown ...]\n"
        return text, bool(self.dropped)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


class ProcessSession:
    """A workspace directory; every run is a fresh child process in it."""

    def __init__(self, workspace: Path, limits: SandboxLimits, isolation: str):
        self.workspace = workspace
        self._limits = limits
        self._isolation = isolation

    def run(self, code: str, timeout_s: float) -> RunResult:
        limits = self._limits
        cpu_seconds = max(1, int(timeout_s) + 1)
        command = [
            sys.executable,
            "-I",
            "-c",
            _BOOTSTRAP,
            str(cpu_seconds),
            str(limits.memory_bytes),
            str(limits.max_file_bytes),
            str(limits.max_open_files),
        ]
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=self.workspace,
            env=_scrubbed_env(self.workspace),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        readers = [
            _CappedReader(process.stdout, limits.max_output_bytes),
            _CappedReader(process.stderr, limits.max_output_bytes),
        ]
        for reader in readers:
            reader.start()
        try:
            process.stdin.write(code.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass
        timed_out = False
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        # Kill the whole group either way: background children must not outlive the call.
        _kill_group(process)
        process.wait()
        for reader in readers:
            reader.join(timeout=2.0)
        duration = time.monotonic() - started
        stdout, stdout_truncated = readers[0].text()
        stderr, stderr_truncated = readers[1].text()
        if timed_out:
            stderr += f"\n[killed: wall-clock timeout of {timeout_s:g}s exceeded]\n"
        return RunResult(
            stdout=stdout,
            stderr=stderr,
            exit_code=process.returncode,
            duration_s=round(duration, 4),
            timed_out=timed_out,
            stdout_truncated=stdout_truncated,
            stderr_truncated=stderr_truncated,
            isolation=self._isolation,
        )

    def close(self) -> None:
        shutil.rmtree(self.workspace, ignore_errors=True)


def write_workspace(workspace: Path, files: Mapping[str, str]) -> None:
    """Materialise the PR's files under `workspace`, refusing any path that would land outside it."""
    root = workspace.resolve()
    for relative, text in files.items():
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"refusing to write {relative!r} outside the workspace")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


class ProcessSandbox:
    """Process-level isolation: limits, scrubbed environment, process-group kill, per-episode workspace."""

    isolation = "process"

    def __init__(self, limits: SandboxLimits | None = None, root: Path | None = None):
        self.limits = limits or SandboxLimits()
        self._root = Path(tempfile.mkdtemp(prefix="coding-env-mcp-", dir=root))

    def open_session(self, files: Mapping[str, str]) -> ProcessSession:
        workspace = Path(tempfile.mkdtemp(prefix="ws-", dir=self._root))
        write_workspace(workspace, files)
        return ProcessSession(workspace, self.limits, self.isolation)

    def close(self) -> None:
        shutil.rmtree(self._root, ignore_errors=True)
