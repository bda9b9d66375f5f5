from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Tenant:
    id: int
    name: str
    phone: str
    timezone: str = "Europe/London"


@dataclass(frozen=True)
class Customer:
    name: str
    email: str
    phone: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""


@dataclass(frozen=True)
class Appointment:
    id: int
    tenant_id: int
    customer: Customer
    service: str
    starts_at: datetime  # aware, UTC
    duration_minutes: int = 30
    notes: str = ""  # typed by the customer in the booking form


@dataclass
class ReminderSettings:
    enabled: bool = True
    hours_before: int = 24
    # The business's own wording (Jinja templates, see reminders.DEFAULT_SUBJECT); None: the default.
    subject_template: str | None = None
    message_template: str | None = None
