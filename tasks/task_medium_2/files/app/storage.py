"""Where generated account exports are kept until their owner downloads them.

The export job writes each user's files under `<root>/<user_id>/`, grouped by year
(e.g. `2025/transactions-03.csv`); files are capped at 20 MB by the job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExportFile:
    name: str  # path relative to the user's directory, with forward slashes
    size: int
    modified: float


def resolve_inside(base: Path, relative: str) -> Path | None:
    """`relative` resolved against `base` (symlinks and `..` included), or None if it leaves `base`."""
    base_real = os.path.realpath(base)
    try:
        candidate = os.path.realpath(os.path.join(base_real, relative))
    except ValueError:  # an embedded NUL byte
        return None
    if not candidate.startswith(base_real):
        return None
    return Path(candidate)


class ExportStorage:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def user_dir(self, user_id: int) -> Path:
        return self.root / str(int(user_id))

    def write(self, user_id: int, relative: str, data: bytes) -> Path:
        """Called by the export job; `relative` is built by the job, never taken from a request."""
        path = self.user_dir(user_id) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return path

    def list_exports(self, user_id: int) -> list[ExportFile]:
        """The user's finished exports, newest first."""
        base = self.user_dir(user_id)
        if not base.is_dir():
            return []
        found = [
            ExportFile(path.relative_to(base).as_posix(), stat.st_size, stat.st_mtime)
            for path in base.rglob("*")
            if path.is_file() and not path.name.endswith(".part")
            for stat in [path.stat()]
        ]
        return sorted(found, key=lambda item: item.modified, reverse=True)

    def find_export(self, user_id: int, relative: str) -> Path | None:
        """The file `relative` among the user's exports, or None if there is no such export."""
        path = resolve_inside(self.user_dir(user_id), relative)
        if path is None or not path.is_file() or path.name.endswith(".part"):
            return None
        return path
