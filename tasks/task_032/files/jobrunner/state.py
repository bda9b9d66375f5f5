"""When each job last ran, kept in a small JSON file so a restart neither repeats nor forgets runs.

The file maps job names to ISO 8601 times with their UTC offset. Only the runner process writes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path


class StateError(ValueError):
    """The state file exists but cannot be used."""


class StateFile:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._last: dict[str, datetime] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except json.JSONDecodeError as exc:
            raise StateError(f"{self.path}: not valid JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise StateError(f"{self.path}: expected an object of job names")
        for name, text in raw.items():
            try:
                when = datetime.fromisoformat(text)
            except (TypeError, ValueError) as exc:
                raise StateError(f"{self.path}: {name}: not a time: {text!r}") from exc
            if when.tzinfo is None:
                raise StateError(f"{self.path}: {name}: {text!r} has no UTC offset")
            self._last[name] = when

    def last_run(self, name: str) -> datetime | None:
        """The scheduled time of the job's last run, or None if it has never run."""
        return self._last.get(name)

    def record(self, name: str, scheduled_for: datetime) -> None:
        """Remember a run and write the file before returning."""
        if scheduled_for.tzinfo is None:
            raise ValueError("record needs an aware datetime")
        self._last[name] = scheduled_for
        self._save()

    def _save(self) -> None:
        data = {name: when.isoformat() for name, when in sorted(self._last.items())}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
