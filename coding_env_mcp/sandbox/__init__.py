"""Running an agent's Python against the PR's code: isolated, stateful, bounded.

The env core sees only the `Sandbox` / `SandboxSession` protocol below. `WorkerSandbox` implements it
with warm, isolated worker processes (one notebook-style interpreter per episode) at the strongest
isolation level that works on this machine; see `levels` for what each level means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from ..models import RunResult
from .levels import AUTO, LEVELS, IsolationError
from .limits import PoolSettings, SandboxLimits
from .notebook import Cell, SandboxError
from .probe import LevelCheck
from .worker import Progress
from .worker_sandbox import SandboxConfig, WorkerSandbox

__all__ = [
    "AUTO",
    "LEVELS",
    "Cell",
    "IsolationError",
    "LevelCheck",
    "PoolSettings",
    "Progress",
    "Sandbox",
    "SandboxConfig",
    "SandboxError",
    "SandboxLimits",
    "SandboxSession",
    "WorkerSandbox",
    "default_sandbox",
]


class SandboxSession(Protocol):
    """One episode's execution context: calls share one interpreter, restored by replay when it is lost."""

    @property
    def history(self) -> tuple[Cell, ...]:
        """The cells that rebuild this session's state in a fresh interpreter."""
        ...

    def run(self, code: str, timeout_s: float, progress: Progress | None = None) -> RunResult:
        """Run one cell; `progress(seconds)` is called from the waiting thread each whole second it runs."""
        ...

    def kept(self) -> AbstractContextManager[None]:
        """While the block runs, the session's interpreter is kept as if a call were running: a call that waits to
        start (for a thread) must not lose its notebook to an eviction meanwhile."""
        ...

    def catch_up(self, cells: Sequence[Cell]) -> None:
        """Cells the episode ran elsewhere (another replica) after this session's own: they run, output
        suppressed, before the next call, so the notebook stays the episode's without a full replay."""
        ...

    def close(self) -> None: ...


class Sandbox(Protocol):
    """Creates per-episode sessions at a fixed isolation level."""

    isolation: str
    limits: SandboxLimits

    def open_session(self, files: Mapping[str, str], history: Sequence[Cell] = ()) -> SandboxSession:
        """A session on `files`; `history` is the episode's earlier cells, replayed to restore its notebook."""
        ...

    def close(self) -> None: ...


def default_sandbox(limits: SandboxLimits | None = None) -> WorkerSandbox:
    """A sandbox at the strongest isolation level that works here, with default pool settings."""
    return WorkerSandbox(SandboxConfig(limits=limits or SandboxLimits()))
