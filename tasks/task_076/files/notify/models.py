"""Activity events that produce notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

KINDS = ("upload", "comment", "share", "mention")


@dataclass(frozen=True)
class Event:
    """One thing that happened to something a user follows.

    `at` is timezone-aware UTC (the event store writes it that way); `size` is the byte size of an
    uploaded file and None for every other kind.
    """

    kind: str
    actor: str
    subject: str
    at: datetime
    size: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown event kind: {self.kind!r}")
        if self.at.tzinfo is None or self.at.utcoffset() != timedelta(0):
            raise ValueError("Event.at must be timezone-aware UTC")
        if self.size is not None and (self.kind != "upload" or self.size < 0):
            raise ValueError("only uploads have a size, and it is not negative")
