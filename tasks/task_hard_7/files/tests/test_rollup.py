from datetime import datetime, timezone

from app.meters.readings import Reading
from app.meters.rollup import hourly_usage, intervals


def _at(hour, minute):
    return datetime(2024, 6, 3, hour, minute, tzinfo=timezone.utc)


def _readings(*points):
    return (Reading("m-1", _at(h, m), value) for (h, m), value in points)


def test_intervals_between_consecutive_readings():
    got = list(intervals(_readings(((9, 0), 100), ((9, 15), 160), ((9, 30), 200))))
    assert [(i.start.minute, i.end.minute, i.used_wh) for i in got] == [(0, 15, 60), (15, 30, 40)]


def test_counter_reset():
    (interval,) = intervals(_readings(((9, 0), 5000), ((9, 15), 30)))
    assert interval.reset and interval.used_wh == 30


def test_hourly_totals():
    readings = _readings(((9, 0), 0), ((9, 15), 10), ((9, 30), 25), ((9, 45), 45), ((10, 0), 70), ((10, 15), 100))
    hours = list(hourly_usage(intervals(readings)))
    assert [(h.hour.hour, h.used_wh, h.intervals) for h in hours] == [(9, 70, 4), (10, 30, 1)]
