"""Which snapshots prune deletes: all but the newest few, and nothing recent."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Sequence

from .snapshots import Snapshot


@dataclass(frozen=True)
class Decision:
    snapshot: Snapshot
    delete: bool
    reason: str


def plan(
    snapshots: Sequence[Snapshot], keep: int, min_age: timedelta, now: datetime
) -> List[Decision]:
    """Decide, for each snapshot, whether prune deletes it; oldest first.

    The newest ``keep`` snapshots are always kept, and so is any snapshot
    taken less than ``min_age`` before ``now`` (a clock that is behind the
    backup host's counts as recent, too). Everything else is deleted.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    ordered = sorted(snapshots, key=lambda snap: (snap.taken, snap.path))
    candidates = set(ordered[:-keep])
    decisions = []
    for snap in ordered:
        if snap not in candidates:
            decisions.append(Decision(snap, False, f"one of the newest {keep}"))
        elif now - snap.taken < min_age:
            decisions.append(Decision(snap, False, f"younger than {_hours(min_age)}"))
        else:
            decisions.append(Decision(snap, True, f"older than {_hours(min_age)}"))
    return decisions


def _hours(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"
