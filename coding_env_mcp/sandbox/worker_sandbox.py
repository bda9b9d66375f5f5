"""`WorkerSandbox`: the `Sandbox` the env core uses — probe the levels, pick one, keep a pool at it."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .factory import WorkerFactory
from .hostdirs import HostDirs
from .levels import AUTO, LEVELS, IsolationError, check_level, rank
from .limits import PoolSettings, SandboxLimits
from .notebook import Cell, WorkerSession
from .pool import WorkerPool
from .probe import LevelCheck, ProbeContext, plan_for, probe
from .uids import DEFAULT_UID_BASE, UidAllocator

log = logging.getLogger(__name__)

ROOT_PROCESS_REFUSAL = (
    "not chosen automatically for a server running as root: sandboxed code would run as root, with no "
    "process limit (a fork bomb takes the machine down) and write access to everything; pass "
    "--isolation process to accept that"
)


@dataclass(frozen=True)
class SandboxConfig:
    """Everything an operator can choose about `run_python`'s sandbox.

    `isolation` is the level to use (`auto`: the strongest that works here); `require` refuses to start
    below a level; `protect` lists paths sandboxed code must never read (the caller passes the task suite: the sandbox
    knows nothing of tasks);
    `python` picks the interpreter (default: the server's base interpreter); `state_dir` holds the
    runtime copy, uid locks and host workspaces when the server runs as root.
    """

    limits: SandboxLimits = field(default_factory=SandboxLimits)
    pool: PoolSettings = field(default_factory=PoolSettings)
    isolation: str = AUTO
    require: str | None = None
    protect: tuple[Path, ...] = ()
    python: str | None = None
    bwrap: str | None = None
    state_dir: Path | None = None
    uid_base: int = DEFAULT_UID_BASE

    def __post_init__(self) -> None:
        check_level(self.isolation, allow_auto=True)
        if self.require is not None:
            check_level(self.require)
            if self.isolation != AUTO and rank(self.isolation) < rank(self.require):
                raise ValueError(f"isolation {self.isolation!r} is below the required {self.require!r}")


def _context(config: SandboxConfig, dirs: HostDirs) -> ProbeContext:
    protect = tuple(sorted({path.resolve() for path in config.protect}))
    uids = UidAllocator(dirs.locks, config.uid_base) if not dirs.private else None
    return ProbeContext(config.limits, dirs, uids, protect, config.python, config.bwrap)


def probe_all(config: SandboxConfig) -> list[LevelCheck]:
    """Probe every level afresh, strongest first (for `doctor`)."""
    dirs = HostDirs.prepare(config.state_dir)
    try:
        context = _context(config, dirs)
        checks = [probe(level, context, fresh=True) for level in reversed(LEVELS)]
    finally:
        dirs.close()
    if os.geteuid() == 0:  # say so where it shows: the process level is never picked by itself for root
        checks = [
            replace(check, notes=(*check.notes, ROOT_PROCESS_REFUSAL)) if check.level == "process" else check
            for check in checks
        ]
    return checks


class WorkerSandbox:
    """Per-episode notebook sessions in warm, isolated worker processes, at the strongest level that works.

    `isolation` is the level in force; `checks` holds the evidence for every level tried.
    """

    def __init__(self, config: SandboxConfig | None = None, *, fresh_probe: bool = False) -> None:
        config = config or SandboxConfig()
        self.config = config
        self.limits = config.limits
        self._dirs = HostDirs.prepare(config.state_dir)
        try:
            context = _context(config, self._dirs)
            wanted = reversed(LEVELS) if config.isolation == AUTO else [config.isolation]
            self.checks: list[LevelCheck] = []
            for level in wanted:
                if level == "process" and config.isolation == AUTO and os.geteuid() == 0:
                    self.checks.append(LevelCheck("process", False, ROOT_PROCESS_REFUSAL))
                    break
                check = probe(level, context, fresh=fresh_probe)
                self.checks.append(check)
                if check.available:
                    break
            chosen = next((check for check in self.checks if check.available), None)
            if chosen is None:
                reasons = "; ".join(f"{check.level}: {check.detail}" for check in self.checks)
                raise IsolationError(f"no usable isolation level ({reasons})")
            if config.require is not None and rank(chosen.level) < rank(config.require):
                why = "; ".join(f"{check.level}: {check.detail}" for check in self.checks if not check.available)
                raise IsolationError(f"isolation {chosen.level!r} is below the required {config.require!r} ({why})")
            self.isolation: str = chosen.level
            self.plan = plan_for(chosen.level, context)
            self._pool = WorkerPool(WorkerFactory(self.plan, context.uids), config.pool)
        except BaseException:
            self._dirs.close()
            raise
        for note in chosen.notes:
            log.info("sandbox: %s", note)
        if self.isolation != LEVELS[-1]:
            log.warning("sandbox isolation is %r, not %r: %s", self.isolation, LEVELS[-1], self.checks[0].detail)

    @property
    def pool(self) -> WorkerPool:
        return self._pool

    def open_session(self, files: Mapping[str, str], history: Sequence[Cell] = ()) -> WorkerSession:
        return WorkerSession(self._pool, files, self.limits, self.isolation, history)

    def report(self) -> dict[str, Any]:
        """The isolation in force and the evidence, for `doctor` and health checks."""
        return {
            "isolation": self.isolation,
            "levels": [
                {"level": check.level, "available": check.available, "detail": check.detail} for check in self.checks
            ],
            "runtime": {"python": self.plan.runtime.executable, "origin": self.plan.runtime.origin},
            "limits": vars(self.limits) | {},
            "pool": vars(self.config.pool) | {},
        }

    def close(self) -> None:
        self._pool.close()
        self._dirs.close()

    def __enter__(self) -> WorkerSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
