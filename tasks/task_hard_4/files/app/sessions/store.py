"""Session storage.

The app runs as a single process that serves requests from a pool of threads (see the
deployment notes in README), so a store only has to be safe across threads.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Session ids are secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")
_LOCK_STRIPES = 64


class MemorySessionStore:
    """Sessions in a dict. Simple and fast, but every deploy signs everyone out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, dict[str, Any]] = {}

    def load(self, session_id: str) -> dict[str, Any] | None:
        with self._lock:
            data = self._sessions.get(session_id)
            return copy.deepcopy(data) if data is not None else None

    def save(self, session_id: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._sessions[session_id] = copy.deepcopy(data)

    def update(self, session_id: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any] | None:
        """Apply `change` to the session's data and save it; None if there is no such session."""
        with self._lock:
            data = self._sessions.get(session_id)
            if data is None:
                return None
            change(data)
            return copy.deepcopy(data)

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)


class FileSessionStore:
    """Sessions as JSON files under `root` (one per session), so they survive restarts and deploys.

    Writers replace a session's file atomically (write a temporary file in the same directory, then
    os.replace), so readers need no lock: they see the old or the new version, never half of one.
    Read-modify-write (`update`) is serialised per session with striped locks.
    """

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A session id always maps to the same stripe. Two sessions may share a stripe, which only
        # costs some contention; one lock per session id would grow without bound.
        self._locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]

    def _path(self, session_id: str) -> Path | None:
        # Ids come from the cookie: anything but a well-formed id (say "../../etc/x") names no file.
        if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
            return None
        return self.root / f"{session_id}.json"

    def _lock(self, session_id: str) -> threading.Lock:
        return self._locks[zlib.crc32(session_id.encode()) % _LOCK_STRIPES]

    def load(self, session_id: str) -> dict[str, Any] | None:
        path = self._path(session_id)
        if path is None:
            return None
        try:
            with path.open(encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None

    def save(self, session_id: str, data: dict[str, Any]) -> None:
        path = self._path(session_id)
        if path is None:
            raise ValueError("malformed session id")
        with self._lock(session_id):
            self._write(path, data)

    def update(self, session_id: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any] | None:
        """Apply `change` to the session's data and save it; None if there is no such session."""
        path = self._path(session_id)
        if path is None:
            return None
        with self._lock(session_id):
            data = self.load(session_id)
            if data is None:
                return None
            change(data)
            self._write(path, data)
            return data

    def delete(self, session_id: str) -> None:
        path = self._path(session_id)
        if path is None:
            return
        with self._lock(session_id), contextlib.suppress(FileNotFoundError):
            path.unlink()

    def purge_older_than(self, max_age_s: float, now: float | None = None) -> int:
        """Delete the sessions last written more than `max_age_s` ago (and temporary files left by a
        crash); returns how many files were removed. Each session is re-checked under its lock, so
        one that is being updated right now is kept."""
        now = time.time() if now is None else now
        removed = 0
        for path in self.root.glob("*.json"):
            session_id = path.name.removesuffix(".json")
            lock = self._lock(session_id) if self._path(session_id) else contextlib.nullcontext()
            with lock, contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime > max_age_s:
                    path.unlink()
                    removed += 1
        return removed

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
