"""Which isolation levels work here: each is proven by starting a real worker and asking it what it sees.

A level counts as available only if its worker starts, runs code, and reports what the level promises:
under bubblewrap only a loopback interface and none of the protected paths; under a dropped uid that
uid, no sockets and none of the protected paths. The process level always works, and says what it
leaves open. Results are cached per process (tests build many sandboxes); `doctor` asks afresh.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .factory import WorkerFactory
from .hostdirs import HostDirs, protect_from_others
from .launch import Plan
from .levels import LEVELS, IsolationError
from .limits import SandboxLimits
from .runtime import resolve_runtime
from .uids import UidAllocator
from .worker import WorkerDied

_HOST_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


@dataclass(frozen=True)
class LevelCheck:
    """The outcome of probing one level: available or not, and the evidence either way."""

    level: str
    available: bool
    detail: str
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ProbeContext:
    """What a plan depends on besides the level."""

    limits: SandboxLimits
    dirs: HostDirs
    uids: UidAllocator | None
    protect: tuple[Path, ...]
    python: str | None = None
    bwrap: str | None = None


def _visible_under_bwrap(path: Path, runtime_prefix: str) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in (*_HOST_SYSTEM_DIRS, runtime_prefix))


def plan_for(level: str, context: ProbeContext) -> Plan:
    """The plan for `level`, or `IsolationError` naming the missing prerequisite."""
    root = os.geteuid() == 0
    dirs, limits = context.dirs, context.limits
    if level == "bwrap":
        bwrap = context.bwrap or shutil.which("bwrap")
        if not bwrap:
            raise IsolationError("bubblewrap is not installed (apt-get install -y bubblewrap)")
        runtime = resolve_runtime(context.python, root, dirs.runtime_cache)
        masked = tuple(
            str(path) for path in context.protect if path.exists() and _visible_under_bwrap(path, runtime.prefix)
        )
        return Plan("bwrap", runtime, limits, dirs, root, bwrap, masked, seccomp="best-effort", deny_sockets=False)
    if level == "uid":
        if not root:
            raise IsolationError(
                f"needs root to run each worker under a uid of its own (the server runs as uid {os.geteuid()})"
            )
        runtime = resolve_runtime(context.python, True, dirs.runtime_cache)
        notes = tuple(protect_from_others(list(context.protect)))
        return Plan("uid", runtime, limits, dirs, True, seccomp="required", deny_sockets=True, notes=notes)
    if level == "process":
        runtime = resolve_runtime(context.python, False, dirs.runtime_cache)
        return Plan("process", runtime, limits, dirs, False, seccomp="best-effort", deny_sockets=True)
    raise IsolationError(f"unknown isolation level {level!r}; accepted: {', '.join(LEVELS)}")


def _probe_paths(protect: tuple[Path, ...]) -> list[str]:
    """Each protected path and a file inside it (an answer key if there is one): a folder may be closed to
    listing while a file in it is still readable."""
    paths = []
    for path in protect:
        if not path.exists():
            continue
        paths.append(str(path))
        if path.is_dir():
            inside = next(path.glob("*/answer_key.toml"), None) or next(
                (item for item in path.rglob("*") if item.is_file()), None
            )
            if inside is not None:
                paths.append(str(inside))
    return paths


def _bwrap_version(bwrap: str) -> str:
    try:
        result = subprocess.run([bwrap, "--version"], capture_output=True, text=True, timeout=10, check=False)
        return result.stdout.strip() or "bubblewrap"
    except OSError:
        return "bubblewrap"


def _judge(plan: Plan, facts: dict, uid: int | None, printed: str, exit_code: int | None) -> tuple[list[str], str]:
    """(problems, description) of what a probe worker reported."""
    problems = []
    if printed != "42\n" or exit_code != 0:
        problems.append(f"a test call printed {printed!r} with exit code {exit_code}")
    reachable = facts.get("reachable")
    if plan.level in ("bwrap", "uid") and reachable:
        problems.append(f"sandboxed code can read protected paths: {', '.join(map(str, reachable))}")
    if plan.level == "bwrap":
        if facts.get("interfaces") != ["lo"]:
            problems.append(f"sandboxed code sees network interfaces {facts.get('interfaces')!r}, not only 'lo'")
        assert plan.bwrap is not None
        outside = f"uid {uid}" if uid is not None else f"the server's uid {os.geteuid()}"
        description = (
            f"{_bwrap_version(plan.bwrap)}: new user, PID, network, IPC, UTS and mount namespaces; runs as "
            f"{outside} outside; network: loopback only; workspace and /tmp: private tmpfs"
        )
    elif plan.level == "uid":
        if facts.get("uid") != uid:
            problems.append(f"the worker runs as uid {facts.get('uid')}, not the uid {uid} it was given")
        if not str(facts.get("inet_socket", "")).startswith("refused"):
            problems.append("the seccomp filter does not block sockets")
        description = (
            f"a dedicated unprivileged uid per worker ({uid} for the probe); seccomp: no sockets, no namespaces; "
            "no network namespace: other users' world-readable files stay readable"
        )
    else:
        whom = (
            "root: no process limit, and it can read and write all the server can"
            if os.geteuid() == 0
            else (f"the server's own uid {os.geteuid()}")
        )
        description = f"resource limits only; runs as {whom}"
        if reachable:
            description += f"; sandboxed code CAN read: {', '.join(map(str, reachable))}"
    return problems, description


log = logging.getLogger(__name__)

_cache: dict[tuple, LevelCheck] = {}
_cache_lock = threading.Lock()


PROBE_CALL_S = 10.0
RETRY_PATIENCE = 4.0  # a second attempt waits this many times longer before a level is given up


def probe(level: str, context: ProbeContext, fresh: bool = False) -> LevelCheck:
    """Prove `level` by running a worker at it (cached per process unless `fresh`).

    The level in force must not depend on how busy the machine is: a probe that fails for a reason other than
    the level being unusable here (a slow start, a missed deadline) is tried once more with far longer limits,
    and a level passing only then is logged, so a loaded machine shows in the log instead of in a weaker sandbox.
    """
    key = (level, context.python, context.bwrap, str(context.dirs.root), context.protect, context.limits)
    with _cache_lock:
        if not fresh and key in _cache:
            return _cache[key]
    check, settled = _probe_uncached(level, context, patience=1.0)
    if not check.available and not settled:
        first = check.detail
        check, _ = _probe_uncached(level, context, patience=RETRY_PATIENCE)
        if check.available:
            log.warning("isolation level %r failed its probe once (%s) and passed with longer limits", level, first)
    with _cache_lock:
        _cache[key] = check
    return check


def _probe_uncached(level: str, context: ProbeContext, patience: float) -> tuple[LevelCheck, bool]:
    """The check, and whether its verdict is settled (the level cannot work here, whatever the load)."""
    try:
        plan = plan_for(level, context)
        factory = WorkerFactory(plan, context.uids)
        worker = factory.start()
        uid = worker.lease.uid if worker.lease is not None else None
        try:
            facts = worker.request({"op": "probe", "paths": _probe_paths(context.protect)}, PROBE_CALL_S * patience)
            execution = worker.execute("print(6 * 7)", PROBE_CALL_S * patience, 1024)
        finally:
            factory.retire(worker)
    except IsolationError as exc:  # the level's own refusal: settled
        return LevelCheck(level, False, str(exc)), True
    except (WorkerDied, OSError) as exc:  # a worker that died or missed a deadline: maybe only load
        return LevelCheck(level, False, str(exc)), False
    problems, description = _judge(plan, facts, uid, execution.stdout, execution.exit_code)
    if problems:
        # What the worker reported is settled; a call that missed its deadline is not.
        return LevelCheck(level, False, "; ".join(problems), plan.notes), not execution.timed_out
    return LevelCheck(level, True, description, plan.notes), True
