"""Billing periods. Everything that bills or reports by month takes its dates from here."""

from datetime import date, datetime, timedelta


def month_bounds(month: str) -> tuple[date, date]:
    """The 'YYYY-MM' month as a half-open range of dates: '2024-12' -> (2024-12-01, 2025-01-01)."""
    start = datetime.strptime(month, "%Y-%m").date()
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, end


def previous_month(today: date) -> str:
    """The month before the one `today` falls in, as 'YYYY-MM' (what the nightly jobs report on)."""
    last_day_of_previous = today.replace(day=1) - timedelta(days=1)
    return last_day_of_previous.strftime("%Y-%m")


def in_month(day: date, month: str) -> bool:
    start, end = month_bounds(month)
    return start <= day < end
