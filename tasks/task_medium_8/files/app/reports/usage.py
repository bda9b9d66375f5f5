"""API usage per day for the account dashboard."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from app.api.params import DateRange


@dataclass(frozen=True)
class ApiCall:
    account_id: int
    endpoint: str
    at: datetime  # timezone-aware; the gateway logs in the region's local time


def daily_usage(calls: Iterable[ApiCall], date_range: DateRange) -> dict:
    """Calls per UTC day over `date_range` (a zero for days without calls) and per endpoint."""
    window_start = datetime.combine(date_range.start, time.min, tzinfo=timezone.utc)
    window_end = datetime.combine(date_range.end, time.min, tzinfo=timezone.utc)
    per_day: Counter = Counter()
    per_endpoint: Counter = Counter()
    for call in calls:
        at = call.at.astimezone(timezone.utc)
        if window_start <= at < window_end:
            per_day[at.date()] += 1
            per_endpoint[call.endpoint] += 1
    days = [date_range.start + timedelta(days=offset) for offset in range(date_range.days())]
    return {
        "days": [{"date": day.isoformat(), "calls": per_day[day]} for day in days],
        "endpoints": dict(per_endpoint.most_common()),
        "total": sum(per_day.values()),
    }
