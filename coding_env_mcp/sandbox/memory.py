"""What a worker costs in memory, read from /proc rather than assumed.

The pool keeps the sandbox under a memory budget, so it needs each worker's real cost. A worker is a
small tree of processes (under bubblewrap: two bwrap processes and the interpreter) that share most of
their pages — the interpreter binary, the standard library, libc — with every other worker. The fair
measure of what one worker adds is its PSS (proportional set size: each shared page divided among the
processes sharing it), so the PSS of all workers sums to what they use together. Reading PSS costs
~50 µs a process (`smaps_rollup`); where it cannot be read, RSS (`statm`, an over-estimate) stands in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

_PAGE = os.sysconf("SC_PAGE_SIZE")


def parent_of(pid: int) -> int | None:
    """The parent of `pid`, read from /proc; None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            raw = stat.read()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields after it follow the last ')'.
    return int(raw[raw.rindex(b")") + 2 :].split()[1])


def process_tree(root: int) -> tuple[int, ...]:
    """`root` and its descendants alive now, parents first.

    Descendants are created after their ancestor, so only pids above `root` are read (a pid counter that
    wrapped around between them hides a descendant; the measure is then low, never wrong about others).
    """
    candidates = sorted(int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) > root)
    tree = [root]
    members = {root}
    for pid in candidates:
        if parent_of(pid) in members:
            members.add(pid)
            tree.append(pid)
    return tuple(tree)


def descendants_everywhere(root: int) -> tuple[int, ...]:
    """`root` and every descendant, whatever their pids (a full scan of /proc; for reports, not hot paths)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_of(int(name))
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tuple(tree)


def process_memory(pid: int) -> int:
    """The PSS of `pid` in bytes (its RSS if PSS is unreadable; 0 if the process is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def total_memory(pids: Iterable[int]) -> int:
    """The summed PSS of `pids`, in bytes."""
    return sum(process_memory(pid) for pid in pids)
