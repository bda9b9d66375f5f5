# agenda() and occurrences() promise the occurrences that start in [start, end): a half-open range, so
# that a day or a week and the next one never share an occurrence (single events are filtered with
# start <= starts_at < end). For series the PR calls rrule.between(start, end, inc=True), which also
# returns an occurrence starting exactly at `end`: midnight, where every all-day event starts.
from datetime import date, datetime, timedelta

from agenda.models import Event, Recurrence
from agenda.recurrence import occurrences
from agenda.views import day, week

bins = Event(
    id="bins", title="Bin collection", starts_at=datetime(2024, 5, 7), duration=timedelta(days=1), all_day=True,
    recurrence=Recurrence(freq="weekly"),
)
single = Event(id="dentist", title="Dentist", starts_at=datetime(2024, 5, 14), duration=timedelta(days=1), all_day=True)

monday = [o.key for o in day([bins, single], date(2024, 5, 13))]
assert monday == [], f"Monday 13 May shows Tuesday's all-day occurrences: {monday}"

tuesday = [o.key for o in day([bins, single], date(2024, 5, 14))]
assert tuesday == ["bins@20240514T0000", "dentist@20240514T0000"], tuesday

night = Event(
    id="backup", title="Backup", starts_at=datetime(2024, 5, 6), recurrence=Recurrence(freq="weekly", weekdays=("mon",)),
)
first = [o.key for o in week([night], date(2024, 5, 6))]
second = [o.key for o in week([night], date(2024, 5, 13))]
assert set(first).isdisjoint(second), f"consecutive weeks share an occurrence: {first} / {second}"

got = [o.starts_at for o in occurrences(night, datetime(2024, 5, 6), datetime(2024, 5, 13))]
assert got == [datetime(2024, 5, 6)], f"[6 May, 13 May) should hold only 6 May, got {got}"
