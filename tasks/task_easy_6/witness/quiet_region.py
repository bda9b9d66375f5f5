# Every region always gets a row, so a week in which a region sold nothing (or refunded
# everything it sold) must still produce a report instead of dividing by zero.
from datetime import date

from app.reports.models import Order
from app.reports.weekly import weekly_report

monday = date(2024, 5, 6)
orders = [
    Order("o1", "amer", monday, 10_000),
    Order("o2", "amer", monday, 5_000, refunded=True),
    Order("o3", "emea", monday, 4_000, refunded=True),
]
try:
    report = weekly_report(orders, monday)
except ZeroDivisionError as exc:
    raise AssertionError(f"weekly_report crashed on a week without apac sales: {exc}") from None

amer, emea, apac = report["regions"]
assert amer == {"region": "amer", "orders": 2, "revenue": "100.00", "avg_order": "100.00", "refund_rate_pct": 50.0}
assert apac["orders"] == 0 and apac["revenue"] == "0.00", apac
assert apac["avg_order"] in ("0.00", "-", "", None), apac
assert apac["refund_rate_pct"] in (0, 0.0, None), apac
assert emea["orders"] == 1 and emea["refund_rate_pct"] == 100.0, emea
assert emea["avg_order"] in ("0.00", "-", "", None), emea
