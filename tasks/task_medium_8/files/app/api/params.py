"""Parsing and validating query parameters shared by the reporting endpoints."""

from dataclasses import dataclass
from datetime import date, timedelta

MAX_RANGE_DAYS = 92


class BadParam(ValueError):
    pass


@dataclass(frozen=True)
class DateRange:
    """A range of calendar days as picked in the dashboard's date picker.

    Both `start` and `end` are included: ?from=2024-03-01&to=2024-03-31 is all of March.
    Days are UTC days.
    """

    start: date
    end: date

    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse_date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParam(f"{name} must be a date like 2024-03-31") from None


def parse_date_range(params: dict[str, str], today: date) -> DateRange:
    """?from=&to= (defaults: the last 7 days up to and including today)."""
    end = parse_date(params["to"], "to") if "to" in params else today
    start = parse_date(params["from"], "from") if "from" in params else end - timedelta(days=6)
    if start > end:
        raise BadParam("from must not be after to")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise BadParam(f"the range may span at most {MAX_RANGE_DAYS} days")
    return DateRange(start, end)
