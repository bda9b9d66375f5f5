"""What the status page shows. Loaded from the incident store (statuspage.store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

STATUSES = ("investigating", "identified", "monitoring", "resolved")


@dataclass(frozen=True)
class Component:
    slug: str
    name: str
    state: str = "operational"  # operational | degraded | outage


@dataclass(frozen=True)
class Update:
    posted_at: datetime
    status: str  # one of STATUSES
    body: str  # plain text, as typed by the engineer on call


@dataclass
class Incident:
    id: int
    title: str
    started_at: datetime
    components: list[Component] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)  # oldest first
    resolved_at: datetime | None = None

    @property
    def status(self) -> str:
        return self.updates[-1].status if self.updates else "investigating"

    def duration(self, now: datetime) -> timedelta:
        return (self.resolved_at or now) - self.started_at
