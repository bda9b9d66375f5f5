# Clean PR. The spots that look doubtful, driven with the inputs that would break them:
# - range(8): a reminder on one weekday whose time has passed today fires 7 days later;
# - comparing fires_at with `after`: both are UTC instants, so an `after` given in the reminder's own
#   zone during the repeated hour is compared as an instant, not as a wall time;
# - datetime.combine(..., tzinfo=zone) across DST: checked against an independent oracle that scans
#   UTC in 15-minute steps (a time skipped by DST fires as many minutes after the jump as it was
#   after the last time before it; a repeated time fires on its first occurrence only), for zones
#   with DST at 02:00, at midnight, of 30 minutes, in the southern hemisphere and without DST;
# - replace(tzinfo=ZoneInfo(...)) on a naive one-off time: correct with zoneinfo (no LMT offset);
# - the zone name comes from the request: only names of the zone database are accepted;
# - the dispatcher schedules from `now`: missed days fire once, and nothing fires twice.
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from app.reminders.api import InvalidReminder, create_reminder, parse_reminder
from app.reminders.dispatcher import run_due
from app.reminders.models import Reminder
from app.reminders.recurrence import next_fire
from app.reminders.store import ReminderStore

UTC = timezone.utc
STEP = timedelta(minutes=15)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def oracle(zone_name, at, weekdays, after, first_at):
    zone = ZoneInfo(zone_name)
    t = after.replace(second=0, microsecond=0)
    t -= timedelta(minutes=t.minute % 15)
    previous = t.astimezone(zone)
    for _ in range(9 * 96):
        t += STEP
        local = t.astimezone(zone)
        wall, previous_wall = local.replace(tzinfo=None), previous.replace(tzinfo=None)
        target = datetime.combine(local.date(), at)
        if wall - previous_wall > STEP and previous_wall < target < wall:  # skipped by the jump
            moment = t - STEP + (target - previous_wall)
        elif local.time() == at and local.fold == 0:
            moment = t
        else:
            moment = None
        if moment is not None and target.weekday() in weekdays and moment > after and moment >= first_at:
            return moment
        previous = local
    raise AssertionError("oracle found nothing")


cases = 0
zones = {
    "America/New_York": [utc(2024, 3, 9, 12), utc(2024, 3, 10, 6), utc(2024, 11, 2, 12), utc(2024, 11, 3, 5, 40)],
    "America/Santiago": [utc(2024, 9, 6, 12), utc(2024, 9, 8, 3), utc(2024, 4, 5, 12), utc(2024, 4, 7, 2)],
    "Australia/Lord_Howe": [utc(2024, 10, 5, 12), utc(2024, 4, 6, 12), utc(2024, 4, 6, 14, 50)],
    "Europe/Berlin": [utc(2024, 3, 30, 20), utc(2024, 10, 26, 20), utc(2024, 10, 27, 0, 40)],
    "Asia/Kathmandu": [utc(2024, 6, 1, 18, 10)],
    "UTC": [utc(2024, 2, 28, 23, 59)],
}
times = [time(0, 0), time(0, 30), time(1, 30), time(2, 0), time(2, 15), time(2, 30), time(9, 0), time(23, 45)]
for zone_name, afters in zones.items():
    for at in times:
        for weekdays in (frozenset(range(7)), frozenset({0}), frozenset({5, 6})):
            for after in afters:
                for first_at in (utc(2024, 1, 1), after + timedelta(hours=20)):
                    reminder = Reminder(1, 1, "x", first_at, zone_name, at, weekdays)
                    expected = oracle(zone_name, at, weekdays, after, first_at)
                    got = next_fire(reminder, after)
                    assert got == expected, f"{zone_name} {at} {sorted(weekdays)} after {after}: {got} != {expected}"
                    assert got.utcoffset() == timedelta(0)
                    cases += 1
assert cases > 700, cases

# One weekday, today's time just passed: a week later (needs the 8th day).
monday_9 = Reminder(1, 1, "x", utc(2024, 1, 1), "Europe/Berlin", time(9), frozenset({0}))
assert next_fire(monday_9, utc(2024, 5, 6, 7, 0, 1)) == utc(2024, 5, 13, 7)
assert next_fire(monday_9, utc(2024, 5, 6, 6, 59, 59)) == utc(2024, 5, 6, 7)

# `after` in the reminder's own zone, in the repeated hour (same tzinfo: Python would compare wall times).
ny = ZoneInfo("America/New_York")
one_thirty = Reminder(1, 1, "x", utc(2024, 1, 1), "America/New_York", time(1, 30), frozenset(range(7)))
second_pass = datetime(2024, 11, 3, 1, 15, fold=1, tzinfo=ny)  # 06:15 UTC, after the first 01:30 (05:30 UTC)
assert next_fire(one_thirty, second_pass) == utc(2024, 11, 4, 6, 30), next_fire(one_thirty, second_pass)
first_pass = datetime(2024, 11, 3, 1, 15, fold=0, tzinfo=ny)  # 05:15 UTC
assert next_fire(one_thirty, first_pass) == utc(2024, 11, 3, 5, 30)
for bad_after in (datetime(2024, 5, 6, 12),):
    try:
        next_fire(one_thirty, bad_after)
    except ValueError:
        pass
    else:
        raise AssertionError("a naive `after` was accepted")

# Naive one-off times are on the zone's wall clock, with the zone's real offset that day.
NOW = utc(2024, 1, 2, 12)
for at, zone_name, expected in (
    ("2024-05-07T08:15", "Europe/Berlin", utc(2024, 5, 7, 6, 15)),
    ("2024-01-07T08:15", "Europe/Berlin", utc(2024, 1, 7, 7, 15)),
    ("2024-05-07T08:15", "Asia/Kolkata", utc(2024, 5, 7, 2, 45)),
    ("2024-05-07T08:15", "America/Sao_Paulo", utc(2024, 5, 7, 11, 15)),
    ("2024-05-07T08:15:00-07:00", "Europe/Berlin", utc(2024, 5, 7, 15, 15)),
    ("2024-05-07T08:15", "UTC", utc(2024, 5, 7, 8, 15)),
):
    reminder = parse_reminder({"text": "x", "at": at, "timezone": zone_name}, reminder_id=1, user_id=1, now=NOW)
    assert reminder.first_at == expected and reminder.first_at.utcoffset() == timedelta(0), (at, zone_name, reminder)
    assert next_fire(reminder, NOW) == expected

# Only zone database names are accepted; none of these reaches ZoneInfo.
for name in ("../../etc/passwd", "/etc/localtime", "Mars/Olympus", "", "europe/berlin", 5, None, ["UTC"]):
    try:
        parse_reminder({"text": "x", "at": "09:00", "repeat": ["mon"], "timezone": name}, reminder_id=1, user_id=1, now=NOW)
    except InvalidReminder:
        pass
    else:
        raise AssertionError(f"timezone {name!r} was accepted")
for repeat in (["Mon"], "mon", [0], [["mon"]], [{"d": 1}]):
    try:
        parse_reminder({"text": "x", "at": "09:00", "repeat": repeat}, reminder_id=1, user_id=1, now=NOW)
    except InvalidReminder:
        pass
    else:
        raise AssertionError(f"repeat {repeat!r} was accepted")

# A repeating reminder created right at its time fires next week, not now; then the dispatcher.
store = ReminderStore()
created = utc(2024, 5, 6, 7)  # Monday 09:00 in Berlin
body = {"text": "Stand-up", "at": "09:00", "repeat": ["mon", "wed"], "timezone": "Europe/Berlin"}
assert create_reminder(store, body, reminder_id=2, user_id=1, now=created) == utc(2024, 5, 8, 7)
store.add(monday_9, utc(2024, 4, 1, 7))  # missed for five weeks
sent = []
assert run_due(store, utc(2024, 5, 10, 12), sent.append) == 2
assert [r.id for r in sent] == [1, 2] and sent[0] is monday_9
assert store.next_at(1) == store.next_at(2) == utc(2024, 5, 13, 7), (store.next_at(1), store.next_at(2))
assert run_due(store, utc(2024, 5, 10, 12, 1), sent.append) == 0, "fired twice"
