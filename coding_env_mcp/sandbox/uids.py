"""Unprivileged uids for sandbox workers: one per live worker, never shared, even between servers.

A uid of its own is what makes the worker's limits and clean-up exact: RLIMIT_NPROC counts that uid's
processes only, `kill(-1)` run as that uid reaches every process the worker ever started (daemons that
re-sessioned included) and nothing else, and no worker can read another's workspace. A lock file per
uid, held with flock for the worker's life, keeps two servers on one machine from picking the same uid;
the kernel drops the lock if the server dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import os
import pwd
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..settings import DEFAULT_UID_BASE
from .levels import IsolationError

# Above the ranges distributions and systemd hand out (system, regular, DynamicUser, container
# sub-uids up to 1879048191), below 2**31 so every tool treats it as an ordinary id.
DEFAULT_UID_COUNT = 10_000

# Three passes of kill(-1) as the uid: a process mid-fork during one pass is caught by the next.
_KILL_ALL = "kill -9 -1 2>/dev/null; kill -9 -1 2>/dev/null; kill -9 -1 2>/dev/null; exit 0"


@dataclass(frozen=True)
class UidLease:
    uid: int
    fd: int


def _is_account(uid: int) -> bool:
    for lookup in (pwd.getpwuid, grp.getgrgid):
        try:
            lookup(uid)
            return True
        except KeyError:
            pass
    return False


class UidAllocator:
    """Leases uids from `[base, base + count)`, skipping any that name a real user or group."""

    def __init__(self, lock_dir: Path, base: int = DEFAULT_UID_BASE, count: int = DEFAULT_UID_COUNT):
        if not 1000 <= base < 2**31 - count:
            raise IsolationError(f"sandbox uid base {base} must be at least 1000 and leave room for {count} uids")
        self.lock_dir = lock_dir
        self.base = base
        self.count = count
        self._random = random.SystemRandom()

    def acquire(self) -> UidLease:
        start = self._random.randrange(self.count)
        for offset in range(self.count):
            uid = self.base + (start + offset) % self.count
            if _is_account(uid):
                continue
            fd = os.open(self.lock_dir / str(uid), os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return UidLease(uid, fd)
        raise IsolationError(f"every sandbox uid in [{self.base}, {self.base + self.count}) is in use")

    @staticmethod
    def release(lease: UidLease) -> None:
        with contextlib.suppress(OSError):
            os.close(lease.fd)


def kill_everything_of(uid: int) -> None:
    """SIGKILL every process running as `uid`, from a short-lived shell running as that uid."""
    subprocess.run(
        ["/bin/sh", "-c", _KILL_ALL],
        user=uid,
        group=uid,
        extra_groups=[],
        env={"PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd="/",
        timeout=30,
        check=False,
    )
