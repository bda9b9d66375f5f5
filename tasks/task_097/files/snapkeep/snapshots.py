"""Finding snapshot files and reading their timestamps from their names.

The backup job writes ``<prefix><YYYYmmddTHHMM>.tar.gz``, e.g.
``db-20240301T0200.tar.gz``, with the time in UTC.
"""

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List

NAME_RE = re.compile(r"(?P<stamp>\d{8}T\d{4})\.tar\.gz")


@dataclass(frozen=True)
class Snapshot:
    path: str
    taken: datetime
    size: int


def find_snapshots(directory: str, prefix: str) -> List[Snapshot]:
    """The snapshots in directory whose names start with prefix, oldest first.

    Files that do not follow the naming scheme are ignored.
    """
    found = []
    for name in os.listdir(directory):
        if not name.startswith(prefix):
            continue
        m = NAME_RE.fullmatch(name[len(prefix):])
        if m is None:
            continue
        try:
            taken = datetime.strptime(m["stamp"], "%Y%m%dT%H%M").replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        found.append(Snapshot(path, taken, os.path.getsize(path)))
    found.sort(key=lambda snap: (snap.taken, snap.path))
    return found
