"""Limits on what one call and one worker may use, and how many workers the pool keeps.

Defaults suit review work: import a module of the PR, call it, print what happens. Every value is
checked when built, so a bad operator setting fails at start-up naming the field, not mid-episode.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..settings import DEFAULT_MAX_WORKERS, DEFAULT_RUN_CONCURRENCY, DEFAULT_RUN_TIMEOUT_S, DEFAULT_SANDBOX_MEMORY_MB

MB = 1024 * 1024
MIN_SANDBOX_MEMORY_MB = 64


def _check_positive(instance: object) -> None:
    for spec in fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, spec.name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
            raise ValueError(f"{type(instance).__name__}.{spec.name} must be greater than 0, got {value!r}")


@dataclass(frozen=True)
class SandboxLimits:
    """Per-call and per-worker limits.

    `memory_bytes` and `max_file_bytes` bind each process (address space, largest file);
    `max_processes` bounds processes and threads per worker; `workspace_bytes` bounds the workspace
    (a tmpfs size under bwrap, checked during and after each call otherwise); `worker_cpu_s` is the
    CPU a worker may use over its whole life (each call may also use `timeout + 1` CPU seconds).
    """

    default_timeout_s: float = DEFAULT_RUN_TIMEOUT_S
    max_timeout_s: float = 60.0
    memory_bytes: int = 1024 * MB
    max_output_bytes: int = 64 * 1024
    max_file_bytes: int = 16 * MB
    max_open_files: int = 256
    max_processes: int = 64
    workspace_bytes: int = 64 * MB
    worker_cpu_s: int = 1800

    def __post_init__(self) -> None:
        _check_positive(self)
        if self.default_timeout_s > self.max_timeout_s:
            raise ValueError(
                f"default_timeout_s ({self.default_timeout_s:g}) must not exceed max_timeout_s ({self.max_timeout_s:g})"
            )
        if self.memory_bytes < 64 * MB:
            raise ValueError(f"memory_bytes must be at least 64 MB (an interpreter needs it), got {self.memory_bytes}")
        if self.max_processes < 4:
            raise ValueError(f"max_processes must be at least 4, got {self.max_processes}")

    def as_kernel_limits(self) -> dict[str, int]:
        """The limits the kernel applies to itself, as it expects them."""
        return {
            "memory_bytes": self.memory_bytes,
            "max_file_bytes": self.max_file_bytes,
            "max_open_files": self.max_open_files,
            "max_processes": self.max_processes,
            "worker_cpu_s": self.worker_cpu_s,
        }


@dataclass(frozen=True)
class PoolSettings:
    """How many interpreters run, how much memory they may use together, and for how long.

    `max_concurrent` calls execute at once (more queue, first come first served); `warm_workers` started
    interpreters wait for a new episode; the interpreters together stay within `memory_budget_bytes`
    (measured PSS: when a new one would not fit, the least recently used idle episode's interpreter is
    stopped; its notebook comes back by replay on that episode's next call); `max_workers` is a ceiling
    on their number (processes and uids), which the budget normally reaches first; an interpreter idle
    `idle_s` seconds is stopped. An interpreter with a call running or waiting is never stopped for room.
    """

    max_concurrent: int = DEFAULT_RUN_CONCURRENCY
    warm_workers: int = 2
    max_workers: int = DEFAULT_MAX_WORKERS
    idle_s: float = 600.0
    memory_budget_bytes: int = DEFAULT_SANDBOX_MEMORY_MB * MB

    def __post_init__(self) -> None:
        if self.warm_workers < 0:
            raise ValueError(f"PoolSettings.warm_workers must be 0 or more, got {self.warm_workers}")
        for name in ("max_concurrent", "max_workers", "idle_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"PoolSettings.{name} must be greater than 0, got {getattr(self, name)!r}")
        if self.max_workers < self.max_concurrent + self.warm_workers:
            raise ValueError(
                f"PoolSettings.max_workers ({self.max_workers}) must be at least max_concurrent + warm_workers "
                f"({self.max_concurrent + self.warm_workers})"
            )
        if self.memory_budget_bytes < MIN_SANDBOX_MEMORY_MB * MB:
            raise ValueError(
                f"PoolSettings.memory_budget_bytes must be at least {MIN_SANDBOX_MEMORY_MB} MB (a few interpreters), "
                f"got {self.memory_budget_bytes // MB} MB"
            )
