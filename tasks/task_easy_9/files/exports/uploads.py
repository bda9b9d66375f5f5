"""Uploaded files as they are stored on disk."""

import re
from dataclasses import dataclass
from pathlib import Path

# Path separators and NUL would let a file name escape its folder or truncate it.
_UNSAFE = re.compile(r"[/\\\x00]")


def safe_component(original: str) -> str:
    """The user's file name, made safe to use as a single path component."""
    name = _UNSAFE.sub("_", original).strip().lstrip(".")
    return name[:200] or "upload"


@dataclass(frozen=True)
class Upload:
    id: int
    owner_id: int
    original_name: str
    size: int = 0

    @property
    def stored_name(self) -> str:
        # The id prefix keeps two uploads called "report.pdf" apart and keeps names readable in a listing.
        return f"{self.id}-{safe_component(self.original_name)}"


def owner_dir(upload_root: Path, owner_id: int) -> Path:
    return upload_root / str(owner_id)
