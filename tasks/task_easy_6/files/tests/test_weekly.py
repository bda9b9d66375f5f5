from datetime import date

from app.reports.models import Order
from app.reports.weekly import region_breakdown, weekly_report

MONDAY = date(2024, 5, 6)


def _orders():
    return [
        Order("o1", "amer", MONDAY, 10_000),
        Order("o2", "amer", MONDAY, 5_000, refunded=True),
        Order("o3", "emea", MONDAY, 2_500),
        Order("o4", "apac", MONDAY, 7_250),
        Order("o5", "apac", MONDAY, 2_750),
    ]


def test_headline_excludes_refunds():
    report = weekly_report(_orders(), MONDAY)
    assert report["headline"] == {"orders": 5, "revenue": "225.00"}


def test_region_rows_in_fixed_order():
    rows = region_breakdown(_orders())
    assert [row["region"] for row in rows] == ["amer", "emea", "apac"]


def test_region_averages_and_refund_rate():
    amer, emea, apac = region_breakdown(_orders())
    assert amer["avg_order"] == "100.00"
    assert amer["refund_rate_pct"] == 50.0
    assert apac["avg_order"] == "50.00"
    assert emea["refund_rate_pct"] == 0.0
