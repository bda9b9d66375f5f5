# A DateRange includes its end day (?from=2024-03-01&to=2024-03-31 is all of March), so calls made
# during the last day of the range must be counted.
from datetime import date, datetime, timedelta, timezone

from app.api.params import DateRange
from app.reports.handlers import handle_usage
from app.reports.usage import ApiCall

cet = timezone(timedelta(hours=1))
calls = [
    ApiCall(7, "/v1/search", datetime(2024, 2, 29, 23, 30, tzinfo=timezone.utc)),  # before the range
    ApiCall(7, "/v1/search", datetime(2024, 3, 1, 0, 0, tzinfo=timezone.utc)),
    ApiCall(7, "/v1/orders", datetime(2024, 3, 15, 12, 0, tzinfo=timezone.utc)),
    ApiCall(7, "/v1/search", datetime(2024, 3, 31, 9, 15, tzinfo=timezone.utc)),
    ApiCall(7, "/v1/orders", datetime(2024, 4, 1, 0, 30, tzinfo=cet)),  # 23:30 UTC on March 31
    ApiCall(7, "/v1/search", datetime(2024, 4, 1, 0, 0, tzinfo=timezone.utc)),  # after the range
]


def load_calls(account_id: int, date_range: DateRange):
    return [call for call in calls if call.account_id == account_id]


body = handle_usage(7, {"from": "2024-03-01", "to": "2024-03-31"}, load_calls, today=date(2024, 4, 2))
usage = body["usage"]
days = {row["date"]: row["calls"] for row in usage["days"]}
assert len(days) == 31 and days["2024-03-01"] == 1 and days["2024-03-15"] == 1, days
assert days["2024-03-31"] == 2, f"2 calls were made on 2024-03-31 (the last day of the range), report shows {days['2024-03-31']}"
assert usage["total"] == 4, usage
assert usage["endpoints"] == {"/v1/orders": 2, "/v1/search": 2}, usage["endpoints"]

# A one-day range (from == to, the dashboard's "today" view) counts that day's calls.
single = handle_usage(7, {"from": "2024-03-15", "to": "2024-03-15"}, load_calls)["usage"]
assert single["total"] == 1, single
