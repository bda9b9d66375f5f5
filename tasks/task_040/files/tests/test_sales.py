import unittest
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.reports.handlers import handle_sales_report
from app.reports.sales import Sale
from app.reports.windows import report_windows
from app.stores import Store

STORE = Store(7, "Leipzig Hbf", "Europe/Berlin")
BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


SALES = [
    Sale(7, utc(2024, 5, 6, 9, 0), Decimal("12.50")),
    Sale(7, utc(2024, 5, 6, 17, 45), Decimal("3.20")),
    Sale(7, utc(2024, 5, 7, 22, 30), Decimal("8.00")),  # 00:30 on 8 May in Leipzig
    Sale(7, utc(2024, 5, 8, 11, 5), Decimal("40.00")),
]


def source(store_id, start, end):
    return [sale for sale in SALES if sale.store_id == store_id and start <= sale.at < end]


class SalesReportTest(unittest.TestCase):
    def test_daily_rows_use_the_stores_local_days(self):
        params = {"from": "2024-05-06", "to": "2024-05-08"}
        result = handle_sales_report(STORE, params, source)
        self.assertEqual(result["status"], 200)
        self.assertEqual(
            [(row["label"], row["sales"], row["revenue"]) for row in result["rows"]],
            [("2024-05-06", 2, "15.70"), ("2024-05-07", 0, "0.00"), ("2024-05-08", 2, "48.00")],
        )

    def test_weekly_rows_cover_whole_iso_weeks(self):
        result = handle_sales_report(STORE, {"period": "week", "from": "2024-05-08", "to": "2024-05-08"}, source)
        self.assertEqual(result["rows"], [
            {"label": "2024-W19", "from": "2024-05-06", "to": "2024-05-12", "sales": 4, "revenue": "63.70"}
        ])

    def test_defaults_to_the_last_seven_local_days(self):
        result = handle_sales_report(STORE, {}, source, now=utc(2024, 5, 8, 22, 30))  # 00:30 on 9 May in Leipzig
        self.assertEqual([row["label"] for row in result["rows"]][-1], "2024-05-09")
        self.assertEqual(len(result["rows"]), 7)

    def test_rejects_bad_parameters(self):
        for params in (
            {"from": "2024-05-09", "to": "2024-05-08"},
            {"from": "May 1"},
            {"from": "2023-01-01", "to": "2024-01-02"},
            {"period": "year"},
            {"to": "9999-12-31"},
        ):
            self.assertEqual(handle_sales_report(STORE, params, source)["status"], 400, params)


class WindowsTest(unittest.TestCase):
    def test_dst_days_are_23_and_25_hours(self):
        spring, autumn = (
            report_windows(BERLIN, "day", day, day)[0] for day in (date(2024, 3, 31), date(2024, 10, 27))
        )
        self.assertEqual(spring.end - spring.start, timedelta(hours=23))
        self.assertEqual(autumn.end - autumn.start, timedelta(hours=25))

    def test_months_roll_over_the_year(self):
        windows = report_windows(BERLIN, "month", date(2024, 11, 15), date(2025, 1, 2))
        self.assertEqual([window.label for window in windows], ["2024-11", "2024-12", "2025-01"])
        self.assertEqual(windows[1].last_day.isoformat(), "2024-12-31")
        self.assertEqual(windows[1].end, windows[2].start)


if __name__ == "__main__":
    unittest.main()
