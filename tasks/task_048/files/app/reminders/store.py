"""Where reminders and their next firing times are kept (in memory here; the SQL version has the same API)."""

import threading
from datetime import datetime

from app.reminders.models import Reminder


class ReminderStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._reminders: dict[int, Reminder] = {}
        self._next: dict[int, datetime] = {}

    def add(self, reminder: Reminder, next_at: datetime | None) -> None:
        with self._lock:
            self._reminders[reminder.id] = reminder
            self.set_next(reminder.id, next_at)

    def set_next(self, reminder_id: int, next_at: datetime | None) -> None:
        """Schedule the reminder's next firing; None retires it."""
        with self._lock:
            if next_at is None:
                self._next.pop(reminder_id, None)
            else:
                self._next[reminder_id] = next_at

    def next_at(self, reminder_id: int) -> datetime | None:
        with self._lock:
            return self._next.get(reminder_id)

    def due(self, now: datetime) -> list[tuple[Reminder, datetime]]:
        """Reminders whose next firing is at or before `now`, earliest first."""
        with self._lock:
            due = [(at, rid) for rid, at in self._next.items() if at <= now]
            return [(self._reminders[rid], at) for at, rid in sorted(due)]
