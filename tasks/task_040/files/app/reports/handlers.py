"""GET /stores/<id>/reports/sales?period=day|week|month&from=YYYY-MM-DD&to=YYYY-MM-DD

The router resolves <id> to a Store and checks that the signed-in manager may see it before calling
the handler. Dates are the store's local dates: a row for 2024-03-31 covers that day in the store's
timezone, not in UTC.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, timezone

from app.reports.sales import Sale, period_totals
from app.reports.windows import PERIODS, report_windows
from app.stores import Store

# load_sales(store_id, start, end) -> the store's sales with start <= sale.at < end (aware UTC datetimes)
SaleSource = Callable[[int, datetime, datetime], Iterable[Sale]]

MAX_RANGE_DAYS = 366
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


class BadRequest(ValueError):
    pass


def _parse_day(params: Mapping[str, str], key: str, default: date) -> date:
    raw = params.get(key)
    if raw is None or raw == "":
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{key} must be a date like 2024-03-31, got {raw!r}") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise BadRequest(f"{key} must be between {EARLIEST_DAY} and {LATEST_DAY}, got {raw!r}")
    return day


def handle_sales_report(
    store: Store, params: Mapping[str, str], load_sales: SaleSource, now: datetime | None = None
) -> dict:
    """The report for `store`; `now` (timezone-aware, default the current time) decides its "today"."""
    now = now or datetime.now(timezone.utc)
    try:
        period = params.get("period") or "day"
        if period not in PERIODS:
            raise BadRequest(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
        today = now.astimezone(store.zone).date()
        last = _parse_day(params, "to", today)
        first = _parse_day(params, "from", last - timedelta(days=6))
        if first > last:
            raise BadRequest("from must not be after to")
        if (last - first).days >= MAX_RANGE_DAYS:
            raise BadRequest(f"a report covers at most {MAX_RANGE_DAYS} days")
    except BadRequest as exc:
        return {"status": 400, "error": str(exc)}
    windows = report_windows(store.zone, period, first, last)
    rows = period_totals(load_sales(store.id, windows[0].start, windows[-1].end), windows)
    return {
        "status": 200,
        "store": store.id,
        "timezone": store.timezone,
        "period": period,
        "rows": [
            {
                "label": row.label,
                "from": row.first_day.isoformat(),
                "to": row.last_day.isoformat(),
                "sales": row.sales,
                "revenue": str(row.revenue),
            }
            for row in rows
        ],
    }
