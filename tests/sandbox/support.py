"""Helpers for the sandbox tests: finding processes a sandbox left behind."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from coding_env_mcp.sandbox import WorkerSandbox


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    uid: int
    state: str
    nspid: tuple[int, ...]
    cmdline: str


def processes() -> dict[int, Proc]:
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace")[:120]
        except OSError:
            continue
        found[int(name)] = Proc(
            pid=int(name),
            ppid=int(fields["PPid"]),
            uid=int(fields["Uid"].split()[0]),
            state=fields["State"].split()[0],
            nspid=tuple(int(n) for n in fields.get("NSpid", name).split()),
            cmdline=cmdline,
        )
    return found


def _stray_now(sandbox: WorkerSandbox) -> list[Proc]:
    uids = sandbox.pool.factory.issued_uids
    live = {worker.process.pid for worker in sandbox.pool.workers()}
    table = processes()
    strays = []
    for proc in table.values():
        if proc.uid not in uids or proc.state == "Z" or proc.pid in live:
            continue
        if sandbox.isolation == "bwrap" and proc.nspid[-1] in (1, 2):
            # bubblewrap's init (pid 1 inside) and the kernel (pid 2 inside) of a live worker are expected.
            ancestor, hops = proc.ppid, 0
            while ancestor not in live and ancestor in table and hops < 3:
                ancestor, hops = table[ancestor].ppid, hops + 1
            if ancestor in live:
                continue
        strays.append(proc)
    return strays


def stray_processes(sandbox: WorkerSandbox, within_s: float = 5.0) -> list[Proc]:
    """Processes running as one of the sandbox's uids that belong to no live worker (after a grace for
    SIGKILLed processes to finish exiting and for spares being started to join the pool)."""
    deadline = time.monotonic() + within_s
    while True:
        strays = _stray_now(sandbox)
        if not strays or time.monotonic() > deadline:
            return strays
        time.sleep(0.05)
