"""Isolation levels, weakest to strongest, and the errors that name them.

- `process`: resource limits, scrubbed environment, closed stdin, own session; runs as the server's user.
- `uid`:     the same under a dedicated unprivileged uid per worker, plus a seccomp filter (no sockets, no
             namespaces); what the sandbox can read is what file permissions let other users read.
- `bwrap`:   the same inside bubblewrap: new user, PID, network, IPC, UTS, cgroup and mount namespaces;
             the runtime and /dev read-only, the workspace, /tmp and /dev/shm private size-capped tmpfs, nothing else of
             the host visible.
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("process", "uid", "bwrap")
AUTO = "auto"


class IsolationError(RuntimeError):
    """The sandbox cannot run at the isolation the operator asked for; the message says why."""


def rank(level: str) -> int:
    """Position of `level` in `LEVELS` (higher is stronger)."""
    return LEVELS.index(check_level(level))


def check_level(level: str, allow_auto: bool = False) -> str:
    """`level` itself if it names a level; otherwise a `ValueError` listing the accepted names."""
    accepted = (AUTO, *LEVELS) if allow_auto else LEVELS
    if level not in accepted:
        raise ValueError(f"unknown isolation level {level!r}; accepted: {', '.join(accepted)}")
    return level
