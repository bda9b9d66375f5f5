"""Five-field cron schedules, evaluated in UTC.

    minute  hour  day-of-month  month  day-of-week

Each field is `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of
these. Day of week counts from Sunday = 0; 7 is Sunday as well. As in Vixie cron, when both day
fields are restricted a day matches if either of them does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# The calendar, weekdays included, repeats every 400 years (146097 days, a whole number of weeks), so a
# schedule that fires at all fires within that long of any moment.
_HORIZON = timedelta(days=146_097)
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


class CronError(ValueError):
    """A schedule that cannot be parsed or can never fire."""


def _number(text: str, lo: int, hi: int) -> int:
    if not (text.isascii() and text.isdigit()):
        raise CronError(f"not a number: {text!r}")
    value = int(text)
    if not lo <= value <= hi:
        raise CronError(f"{value} is outside {lo}-{hi}")
    return value


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("schedules need an aware datetime, not a naive one")
    return moment.astimezone(timezone.utc)


def _parse_field(text: str, lo: int, hi: int) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        spec, slash, step_text = part.partition("/")
        step = _number(step_text, 1, hi) if slash else 1
        if spec == "*":
            start, end = lo, hi
        elif "-" in spec:
            first, _, last = spec.partition("-")
            start, end = _number(first, lo, hi), _number(last, lo, hi)
            if start > end:
                raise CronError(f"empty range {spec!r}")
        else:
            start = _number(spec, lo, hi)
            end = hi if slash else start
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class CronExpr:
    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool
    any_weekday: bool

    @classmethod
    def parse(cls, text: str) -> CronExpr:
        fields = text.split()
        if len(fields) != 5:
            raise CronError(f"expected 5 fields, got {len(fields)}: {text!r}")
        minute, hour, day, month, weekday = fields
        expr = cls(
            text=" ".join(fields),
            minutes=_parse_field(minute, 0, 59),
            hours=_parse_field(hour, 0, 23),
            days=_parse_field(day, 1, 31),
            months=_parse_field(month, 1, 12),
            weekdays=frozenset(value % 7 for value in _parse_field(weekday, 0, 7)),
            any_day=day.startswith("*"),
            any_weekday=weekday.startswith("*"),
        )
        expr.next_after(_EPOCH)  # a schedule such as "0 0 30 2 *" never fires: CronError
        return expr

    def _day_matches(self, moment: datetime) -> bool:
        day_ok = moment.day in self.days
        weekday_ok = moment.isoweekday() % 7 in self.weekdays  # isoweekday: Monday 1 .. Sunday 7
        if self.any_day or self.any_weekday:
            return day_ok and weekday_ok
        return day_ok or weekday_ok

    def matches(self, moment: datetime) -> bool:
        """Whether the schedule fires in the minute containing `moment` (an aware datetime)."""
        moment = _utc(moment)
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and moment.month in self.months
            and self._day_matches(moment)
        )

    def next_after(self, moment: datetime) -> datetime:
        """The first fire time strictly after `moment` (an aware datetime), in UTC."""
        t = _utc(moment).replace(second=0, microsecond=0) + timedelta(minutes=1)
        horizon = t + _HORIZON
        while t < horizon:
            if t.month not in self.months:
                t = t.replace(day=1, hour=0, minute=0)
                t = t.replace(year=t.year + 1, month=1) if t.month == 12 else t.replace(month=t.month + 1)
            elif not self._day_matches(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        raise CronError(f"never fires: {self.text!r}")

    def fire_times(self, after: datetime, until: datetime) -> Iterator[datetime]:
        """The fire times t with after < t <= until, oldest first, in UTC."""
        t = self.next_after(after)
        while t <= until:
            yield t
            t = self.next_after(t)
