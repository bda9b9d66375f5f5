"""Reporting windows in a store's local time.

A store's Tuesday runs from its local midnight to the next local midnight, whatever that is in UTC:
across a daylight-saving change that is 23 or 25 hours, so windows are built from local dates and
never by adding hours. Each window is half-open, start <= t < end, and a window's end is the next
window's start, so the windows of a report neither overlap nor leave gaps.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Window:
    label: str  # "2024-03-31", "2024-W13" (ISO week) or "2024-03"
    first_day: date  # local dates, both inclusive
    last_day: date
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `day` begins in `zone`.

    Where a zone moves its clocks at midnight, fold=0 (the default) picks the first midnight of a
    repeated hour and, for a midnight that is skipped, the instant the day actually starts.
    """
    return datetime.combine(day, time.min).replace(tzinfo=zone).astimezone(timezone.utc)


def period_start(day: date, period: str) -> date:
    """The first day of the day, ISO week (Monday) or calendar month containing `day`."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def next_period_start(start: date, period: str) -> date:
    """The first day of the period after the one starting on `start`."""
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def _label(first_day: date, period: str) -> str:
    if period == "week":
        iso = first_day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == "month":
        return first_day.strftime("%Y-%m")
    return first_day.isoformat()


def report_windows(zone: ZoneInfo, period: str, first: date, last: date) -> list[Window]:
    """One window per period from the one containing `first` to the one containing `last`.

    The range is widened to whole periods, so every week row covers Monday to Sunday and every month
    row the whole month.
    """
    if last < first:
        raise ValueError("last must not be before first")
    starts = [period_start(first, period)]
    while starts[-1] <= last:
        starts.append(next_period_start(starts[-1], period))
    # starts[-1] is now the day after the last window; each window runs to the next boundary.
    bounds = [local_midnight(day, zone) for day in starts]
    return [
        Window(
            label=_label(starts[i], period),
            first_day=starts[i],
            last_day=starts[i + 1] - timedelta(days=1),
            start=bounds[i],
            end=bounds[i + 1],
        )
        for i in range(len(starts) - 1)
    ]
