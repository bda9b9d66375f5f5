"""The validated task registry, cached on disk so a server does not re-validate an unchanged suite at every start.

Validating the suite (parsing every diff, checking it against the files, applying every fix) takes a few hundred
milliseconds of CPU for 121 tasks and grows with the suite; every stdio server a client spawns would pay it.
The cache holds what validation produced, keyed by every file of the suite (path, size, modification time in
nanoseconds), the folder's real path, and the validator itself (the size and modification time of the modules
that validate: installing another version or editing one replaces them). Any change to any of those makes the
key differ and the suite is validated afresh, so a broken task fails exactly as it does without a cache. Only a suite that validated
completely is ever written, so a cache can never hold a bad task.

The cache carries answer keys: it is written with owner-only permissions (folder 0700, file 0600), and the
sandbox is told to protect its folder like the task suite. A cache file that cannot be read or makes no sense
(truncated, edited, another format) is ignored and rewritten; one that cannot be written only costs the next
start its speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from . import diffs, evidence, patching
from .tasks import AcceptedFinding, PlantedIssue, Task, TaskRegistry, check_tasks_dir

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
CACHE_DIR_NAME = "coding-env-mcp"
# A cache file no start has used for this long (its suite moved, or was a temporary copy) is deleted when
# another one is written, so the folder does not fill with the caches of suites that are gone.
UNUSED_CACHE_DAYS = 30

# The modules whose rules decide whether a task is valid and what it loads as: editing one invalidates the cache.
_VALIDATORS = (
    "coding_env_mcp.core.tasks",
    diffs.__name__,
    evidence.__name__,
    patching.__name__,
    "coding_env_mcp.models",
)


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """The per-user default: `$XDG_CACHE_HOME/coding-env-mcp`, else `~/.cache/coding-env-mcp`."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".cache")
    return Path(base) / CACHE_DIR_NAME


def cache_file(cache_dir: Path, root: Path) -> Path:
    """The cache file of the suite at `root`: one per suite folder, replaced when the suite changes."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"tasks-{digest}.json"


def suite_key(root: Path) -> str:
    """A digest of everything the loaded registry depends on; it changes when any task file does."""
    entries: list[Any] = [CACHE_FORMAT, sys.version_info[:2], str(root.resolve())]
    for name in _VALIDATORS:
        source = os.stat(sys.modules[name].__file__ or "")
        entries.append([name, source.st_size, source.st_mtime_ns])
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            info = os.stat(path)
            entries.append([os.path.relpath(path, root), info.st_size, info.st_mtime_ns])
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def _task_data(task: Task) -> dict[str, Any]:
    data = {item.name: getattr(task, item.name) for item in fields(Task)}
    data["root"] = str(task.root)
    data["files"] = dict(task.files)
    data["issues"] = [asdict(issue) for issue in task.issues]
    data["accepted"] = [asdict(item) for item in task.accepted]
    return data


def _task(data: dict[str, Any]) -> Task:
    issues = tuple(
        PlantedIssue(**{**issue, "evidence": tuple(tuple(group) for group in issue["evidence"])})
        for issue in data["issues"]
    )
    values = {
        **data,
        "tags": tuple(data["tags"]),
        "changed_files": tuple(data["changed_files"]),
        "files": dict(data["files"]),
        "issues": issues,
        "root": Path(data["root"]),
        "labels": tuple(data["labels"]),
        "accepted": tuple(AcceptedFinding(**item) for item in data["accepted"]),
    }
    return Task(**values)


def _read(path: Path, key: str) -> TaskRegistry | None:
    """The cached registry if `path` holds one for `key`; None if it is missing, stale or unreadable."""
    try:
        with path.open("rb") as handle:
            stored = json.load(handle)
        if not isinstance(stored, dict) or stored.get("key") != key or not stored.get("tasks"):
            return None
        registry = TaskRegistry(_task(data) for data in stored["tasks"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # truncated, edited or foreign: rebuild it
        log.info("ignoring the task cache %s (%s: %s); validating the suite", path, type(exc).__name__, exc)
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves; it just cannot be marked
        os.utime(path)  # used: not to be pruned as unused
    return registry


def _write(path: Path, key: str, registry: TaskRegistry) -> None:
    """Write the cache atomically (a reader sees the old file or the new one), readable by its owner only."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tasks-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                tasks = [_task_data(registry.get(task_id)) for task_id in registry.ids()]  # type: ignore[arg-type]
                json.dump({"key": key, "tasks": tasks}, stream, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune_unused(path)
    except OSError as exc:
        log.warning("could not write the task cache %s (%s); the next start validates the suite again", path, exc)


def _prune_unused(kept: Path) -> None:
    """Delete the other cache files (and leftover partial writes) no start has used for `UNUSED_CACHE_DAYS`."""
    oldest = time.time() - UNUSED_CACHE_DAYS * 86400
    for other in [*kept.parent.glob("tasks-*.json"), *kept.parent.glob(".tasks-*.tmp")]:
        try:
            if other != kept and other.stat().st_mtime < oldest:
                other.unlink()
        except OSError:  # another server pruned it first, or it is not ours to delete: leave it
            continue


def load_registry(root: Path, cache_dir: Path | None) -> TaskRegistry:
    """The suite at `root`, validated: from the cache in `cache_dir` when nothing changed since it was written,
    else loaded and validated (`TaskFormatError` on any bad task) and then cached. `cache_dir=None`: no cache."""
    if cache_dir is None:
        return TaskRegistry.load(root)
    check_tasks_dir(root)
    key = suite_key(root)
    path = cache_file(cache_dir, root)
    cached = _read(path, key)
    if cached is not None:
        return cached
    registry = TaskRegistry.load(root)
    _write(path, key, registry)
    return registry
