"""GET /dashboard/usage?from=YYYY-MM-DD&to=YYYY-MM-DD"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone

from app.api.params import BadParam, DateRange, parse_date_range
from app.reports.usage import ApiCall, daily_usage

CallSource = Callable[[int, DateRange], Iterable[ApiCall]]


def handle_usage(account_id: int, params: dict[str, str], load_calls: CallSource, today: date | None = None) -> dict:
    today = today or datetime.now(timezone.utc).date()
    try:
        date_range = parse_date_range(params, today)
    except BadParam as exc:
        return {"status": 400, "error": str(exc)}
    calls = load_calls(account_id, date_range)
    return {"status": 200, "usage": daily_usage(calls, date_range)}
