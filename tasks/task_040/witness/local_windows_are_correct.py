# Clean PR: sales reports by the store's local day, ISO week or month. This checks the windows against
# the tz database across DST changes (including zones that move their clocks at midnight and a day that
# was skipped), the December roll-over, ISO week labels at year ends, the bucketing of sales at and
# around every boundary against a brute-force count, the handler's validation and local "today", and
# runs the PR's own tests.
import calendar
import importlib.util
import random
import unittest
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.reports.handlers import handle_sales_report
from app.reports.sales import Sale, period_totals
from app.reports.windows import local_midnight, next_period_start, report_windows
from app.stores import Store

UTC = timezone.utc
BERLIN, HAVANA, APIA, AUCKLAND = (ZoneInfo(n) for n in ("Europe/Berlin", "America/Havana", "Pacific/Apia", "Pacific/Auckland"))


def contiguous(windows):
    return all(a.end == b.start for a, b in zip(windows, windows[1:]))


# --- days: built from local dates, never by adding 24 hours --------------------------------------------
for zone in (BERLIN, HAVANA, AUCKLAND, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")):
    days = report_windows(zone, "day", date(2024, 1, 1), date(2024, 12, 31))
    assert len(days) == 366 and contiguous(days), zone
    assert [w.first_day for w in days] == [date(2024, 1, 1) + timedelta(n) for n in range(366)]
    assert all(w.first_day == w.last_day and w.start.tzinfo is UTC for w in days)
    for w in days:
        local = w.start.astimezone(zone)
        # the window starts at the first instant of its local day: midnight, or just after a skipped midnight
        before = (w.start - timedelta(microseconds=1)).astimezone(zone)
        assert local.date() == w.first_day and before.date() < w.first_day, (zone, w)
    lengths = sorted({w.end - w.start for w in days})
    expected = [timedelta(hours=24)] if zone.key == "Asia/Kolkata" else [timedelta(hours=h) for h in (23, 24, 25)]
    assert lengths == expected, (zone, lengths)

spring, autumn = (report_windows(BERLIN, "day", d, d)[0] for d in (date(2024, 3, 31), date(2024, 10, 27)))
assert (spring.start, spring.end) == (datetime(2024, 3, 30, 23, tzinfo=UTC), datetime(2024, 3, 31, 22, tzinfo=UTC))
assert (autumn.start, autumn.end) == (datetime(2024, 10, 26, 22, tzinfo=UTC), datetime(2024, 10, 27, 23, tzinfo=UTC))

# Havana moves its clocks at midnight: 2024-03-10 has no 00:00, and 2024-11-03 has two
skipped = report_windows(HAVANA, "day", date(2024, 3, 10), date(2024, 3, 10))[0]
assert skipped.start == datetime(2024, 3, 10, 5, tzinfo=UTC) and skipped.end - skipped.start == timedelta(hours=23)
repeated = report_windows(HAVANA, "day", date(2024, 11, 2), date(2024, 11, 3))
assert repeated[1].start == datetime(2024, 11, 3, 4, tzinfo=UTC), "the day starts at its first midnight"
assert repeated[1].end - repeated[1].start == timedelta(hours=25) and repeated[0].end == repeated[1].start
first_half_hour = datetime(2024, 11, 3, 0, 30, tzinfo=HAVANA)
second_half_hour = datetime(2024, 11, 3, 0, 30, fold=1, tzinfo=HAVANA)
totals = period_totals(
    [Sale(1, first_half_hour, Decimal("1.00")), Sale(1, second_half_hour, Decimal("2.00")),
     Sale(1, datetime(2024, 11, 2, 23, 59, tzinfo=HAVANA), Decimal("4.00"))],
    repeated,
)
assert [(t.sales, t.revenue) for t in totals] == [(1, Decimal("4.00")), (2, Decimal("3.00"))], totals

# Samoa skipped 2011-12-30 entirely: its window is empty and nothing is lost around it
samoa = report_windows(APIA, "day", date(2011, 12, 29), date(2011, 12, 31))
assert contiguous(samoa) and samoa[1].start == samoa[1].end
jump = datetime(2011, 12, 30, 10, tzinfo=UTC)
totals = period_totals([Sale(1, jump - timedelta(microseconds=1), Decimal("1.00")), Sale(1, jump, Decimal("2.00"))], samoa)
assert [t.sales for t in totals] == [1, 0, 1], totals

# --- weeks and months ------------------------------------------------------------------------------------
months = report_windows(BERLIN, "month", date(2023, 12, 31), date(2025, 1, 1))
assert [w.label for w in months] == ["2023-12"] + [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]
assert contiguous(months)
for w in months:
    assert w.first_day.day == 1 and w.last_day.day == calendar.monthrange(w.first_day.year, w.first_day.month)[1], w
    assert w.start == local_midnight(w.first_day, BERLIN) and w.end == local_midnight(w.last_day + timedelta(1), BERLIN)
assert next_period_start(date(2024, 12, 1), "month") == date(2025, 1, 1)
assert next_period_start(date(2024, 11, 1), "month") == date(2024, 12, 1)

weeks = report_windows(BERLIN, "week", date(2024, 12, 31), date(2025, 1, 6))
assert [(w.label, w.first_day, w.last_day) for w in weeks] == [
    ("2025-W01", date(2024, 12, 30), date(2025, 1, 5)),
    ("2025-W02", date(2025, 1, 6), date(2025, 1, 12)),
], weeks
assert report_windows(BERLIN, "week", date(2021, 1, 1), date(2021, 1, 1))[0].label == "2020-W53"
dst_week = report_windows(BERLIN, "week", date(2024, 3, 31), date(2024, 3, 31))[0]
assert dst_week.end - dst_week.start == timedelta(days=7, hours=-1)
for bad in (("year", date(2024, 1, 1), date(2024, 1, 2)), ("day", date(2024, 1, 2), date(2024, 1, 1))):
    try:
        report_windows(BERLIN, *bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"report_windows accepted {bad}")

# --- bucketing: boundaries and a brute-force comparison --------------------------------------------------
rng = random.Random(40)
for zone, period in ((BERLIN, "day"), (HAVANA, "day"), (AUCKLAND, "week"), (BERLIN, "month"), (APIA, "day")):
    first = date(2011, 12, 20) if zone is APIA else date(2024, 2, 20)
    windows = report_windows(zone, period, first, first + timedelta(days=75))
    lo, hi = windows[0].start, windows[-1].end
    instants = [lo, hi, lo - timedelta(microseconds=1), hi - timedelta(microseconds=1)]
    instants += [w.start for w in windows] + [w.end - timedelta(microseconds=1) for w in windows]
    instants += [lo + (hi - lo) * rng.random() - timedelta(days=2) for _ in range(400)]
    sales = [Sale(1, at.astimezone(rng.choice([UTC, zone, AUCKLAND])), Decimal(rng.randint(1, 9999)) / 100) for at in instants]
    got = period_totals(sales, windows)
    for w, total in zip(windows, got):
        inside = [s for s in sales if w.start <= s.at < w.end]
        assert (total.label, total.sales, total.revenue) == (w.label, len(inside), sum((s.amount for s in inside), Decimal("0.00"))), (zone, period, w)
    assert sum(t.sales for t in got) == sum(1 for s in sales if lo <= s.at < hi), "a sale was counted outside the range"
assert period_totals([Sale(1, datetime(2024, 1, 1, tzinfo=UTC), Decimal("1.00"))], []) == []

# --- the handler ---------------------------------------------------------------------------------------------
calls = []


def source(store_id, start, end):
    calls.append((store_id, start, end))
    return [Sale(store_id, datetime(2024, 3, 31, 11, 30, tzinfo=UTC), Decimal("5.00")),  # 1 April, 00:30 local
            Sale(store_id, datetime(2024, 3, 31, 10, 59, tzinfo=UTC), Decimal("7.00"))]  # 31 March, 23:59 local


store = Store(3, "Ponsonby", "Pacific/Auckland")
result = handle_sales_report(store, {}, source, now=datetime(2024, 3, 31, 12, 0, tzinfo=UTC))
assert result["status"] == 200 and result["timezone"] == "Pacific/Auckland" and result["period"] == "day"
assert [r["label"] for r in result["rows"]] == [f"2024-03-{d}" for d in range(26, 32)] + ["2024-04-01"], "today is local"
assert result["rows"][-1]["sales"] == 1 and result["rows"][-2]["revenue"] == "7.00", result["rows"][-2:]
assert calls == [(3, local_midnight(date(2024, 3, 26), AUCKLAND), local_midnight(date(2024, 4, 2), AUCKLAND))], calls

result = handle_sales_report(store, {"period": "month", "from": "2024-03-15", "to": "2024-04-02"}, source)
assert [(r["label"], r["from"], r["to"], r["sales"]) for r in result["rows"]] == [
    ("2024-03", "2024-03-01", "2024-03-31", 1), ("2024-04", "2024-04-01", "2024-04-30", 1)]
assert handle_sales_report(store, {"from": "2023-01-01", "to": "2023-12-31"}, source)["status"] == 200
assert handle_sales_report(store, {"from": "2024-01-01", "to": "2024-12-31"}, source)["status"] == 200, "366 days allowed"
calls.clear()
for params in ({"from": "2024-01-01", "to": "2025-01-01"}, {"from": "2024-05-09", "to": "2024-05-08"},
               {"period": "quarter"}, {"period": "day; drop"}, {"from": "yesterday"}, {"to": "9999-12-31"},
               {"from": "0001-01-01", "to": "0001-01-02"}, {"to": "2100-01-01"}):
    result = handle_sales_report(store, params, source, now=datetime(2024, 6, 1, tzinfo=UTC))
    assert result["status"] == 400 and result["error"], params
assert calls == [], "rejected requests still loaded sales"
for edge in ("2000-01-01", "2099-12-31"):
    for period in ("day", "week", "month"):
        assert handle_sales_report(store, {"period": period, "from": edge, "to": edge}, source)["status"] == 200

# --- the PR's own tests pass ------------------------------------------------------------------------------------
spec = importlib.util.spec_from_file_location("test_sales", "tests/test_sales.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
outcome = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromModule(module))
assert outcome.wasSuccessful() and outcome.testsRun == 6, outcome
print("ok")
