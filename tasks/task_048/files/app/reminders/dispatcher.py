"""The once-a-minute job that sends due reminders."""

import logging
from collections.abc import Callable
from datetime import datetime

from app.reminders.models import Reminder
from app.reminders.recurrence import next_fire
from app.reminders.store import ReminderStore

log = logging.getLogger(__name__)


def run_due(store: ReminderStore, now: datetime, send: Callable[[Reminder], None]) -> int:
    """Send every reminder due at `now` and schedule its next firing. Returns how many were sent."""
    sent = 0
    for reminder, _due_at in store.due(now):
        try:
            send(reminder)
        except OSError:
            log.warning("could not send reminder %s; will retry next minute", reminder.id)
            continue
        # From now rather than from due_at: a repeating reminder that was missed while the job was
        # down fires once when it comes back, not once for every day it missed.
        store.set_next(reminder.id, next_fire(reminder, now))
        sent += 1
    return sent
