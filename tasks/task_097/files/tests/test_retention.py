from datetime import datetime, timedelta, timezone

import pytest

from snapkeep.retention import plan
from snapkeep.snapshots import Snapshot

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=timezone.utc)


def snaps(*hours_ago):
    return [
        Snapshot(f"db-{h}.tar.gz", NOW - timedelta(hours=h), 100) for h in hours_ago
    ]


def deleted(decisions):
    return [d.snapshot.path for d in decisions if d.delete]


def test_keeps_newest():
    decisions = plan(snaps(24 * 5, 24 * 4, 24 * 3, 24 * 2), 2, timedelta(hours=24), NOW)
    assert deleted(decisions) == ["db-120.tar.gz", "db-96.tar.gz"]
    assert [d.reason for d in decisions] == [
        "older than 24 hours",
        "older than 24 hours",
        "one of the newest 2",
        "one of the newest 2",
    ]


def test_recent_snapshots_are_kept_beyond_keep():
    decisions = plan(snaps(30, 20, 10, 1), 1, timedelta(hours=24), NOW)
    assert deleted(decisions) == ["db-30.tar.gz"]
    assert decisions[1].reason == "younger than 24 hours"


def test_input_order_does_not_matter():
    decisions = plan(snaps(1, 300, 200), 1, timedelta(hours=1), NOW)
    assert [d.snapshot.path for d in decisions] == ["db-300.tar.gz", "db-200.tar.gz", "db-1.tar.gz"]
    assert deleted(decisions) == ["db-300.tar.gz", "db-200.tar.gz"]


def test_keep_must_be_positive():
    with pytest.raises(ValueError):
        plan(snaps(50), 0, timedelta(hours=24), NOW)
