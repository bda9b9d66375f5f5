"""In-process store used by the web layer. Lookups by id are global: callers scope them to the tenant."""

from __future__ import annotations

from .models import Appointment, ReminderSettings, Tenant


class Store:
    def __init__(self) -> None:
        self.tenants: dict[int, Tenant] = {}
        self.appointments: dict[int, Appointment] = {}
        self.reminder_settings: dict[int, ReminderSettings] = {}

    def get_appointment(self, appointment_id: int) -> Appointment | None:
        return self.appointments.get(appointment_id)

    def appointments_for(self, tenant_id: int) -> list[Appointment]:
        return sorted(
            (a for a in self.appointments.values() if a.tenant_id == tenant_id), key=lambda a: a.starts_at
        )

    def get_reminder_settings(self, tenant_id: int) -> ReminderSettings:
        return self.reminder_settings.setdefault(tenant_id, ReminderSettings())

    def save_reminder_settings(self, tenant_id: int, settings: ReminderSettings) -> None:
        self.reminder_settings[tenant_id] = settings
