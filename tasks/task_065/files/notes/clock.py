"""Timestamps as the notes database stores them.

Every stored timestamp is written by to_text: UTC, fixed width, microseconds always present
("2024-05-01T09:30:00.000000Z"), so two stored timestamps compare as strings the way they compare
in time.
"""

from datetime import datetime, timezone

FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now() -> datetime:
    return datetime.now(timezone.utc)


def to_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    moment = moment.astimezone(timezone.utc)
    if moment.year < 1000:
        raise ValueError("timestamps before year 1000 are not supported")
    return moment.strftime(FORMAT)


def from_text(text: str) -> datetime:
    return datetime.strptime(text, FORMAT).replace(tzinfo=timezone.utc)
