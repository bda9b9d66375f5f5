"""Test cases for the isointerval module."""

from datetime import date, datetime, timedelta
from itertools import islice

import pytest

from isodate import (
    UTC,
    Duration,
    FixedOffset,
    Interval,
    ISO8601Error,
    interval_isoformat,
    parse_interval,
    parse_recurring_interval,
)

# interval string, expected start, expected end, expected duration, and the
# string interval_isoformat gives back (None: the same string).
PARSE_TEST_CASES = (
    (
        "2007-03-01T13:00:00Z/2008-05-11T15:30:00Z",
        datetime(2007, 3, 1, 13, tzinfo=UTC),
        datetime(2008, 5, 11, 15, 30, tzinfo=UTC),
        timedelta(days=437, hours=2, minutes=30),
        None,
    ),
    (
        "2007-03-01T13:00:00Z/P1Y2M10DT2H30M",
        datetime(2007, 3, 1, 13, tzinfo=UTC),
        datetime(2008, 5, 11, 15, 30, tzinfo=UTC),
        Duration(years=1, months=2, days=10, hours=2, minutes=30),
        "2007-03-01T13:00:00Z/2008-05-11T15:30:00Z",
    ),
    (
        "P1Y2M10DT2H30M/2008-05-11T15:30:00Z",
        datetime(2007, 3, 1, 13, tzinfo=UTC),
        datetime(2008, 5, 11, 15, 30, tzinfo=UTC),
        Duration(years=1, months=2, days=10, hours=2, minutes=30),
        "2007-03-01T13:00:00Z/2008-05-11T15:30:00Z",
    ),
    (
        "2024-01-31/P1M",
        date(2024, 1, 31),
        date(2024, 2, 29),
        Duration(months=1),
        "2024-01-31/2024-02-29",
    ),
    (
        "2024-05-06/P2W",
        date(2024, 5, 6),
        date(2024, 5, 20),
        timedelta(weeks=2),
        "2024-05-06/2024-05-20",
    ),
    (
        "PT36H/2024-01-03T12:00:00+01:00",
        datetime(2024, 1, 2, tzinfo=FixedOffset(1, 0, "+01:00")),
        datetime(2024, 1, 3, 12, tzinfo=FixedOffset(1, 0, "+01:00")),
        timedelta(hours=36),
        "2024-01-02T00:00:00+01:00/2024-01-03T12:00:00+01:00",
    ),
    (
        "2024-01-01T10:00:00.25/PT30M",
        datetime(2024, 1, 1, 10, 0, 0, 250000),
        datetime(2024, 1, 1, 10, 30, 0, 250000),
        timedelta(minutes=30),
        "2024-01-01T10:00:00.250000/2024-01-01T10:30:00.250000",
    ),
)


@pytest.mark.parametrize("text, start, end, duration, output", PARSE_TEST_CASES)
def test_parse(text, start, end, duration, output):
    interval = parse_interval(text)
    assert interval.start == start
    assert interval.end == end
    assert interval.duration == duration
    assert interval_isoformat(interval) == (output or text)


@pytest.mark.parametrize(
    "text",
    (
        "2024-01-01",
        "2024-01-01/2024-02-01/2024-03-01",
        "P1D/P2D",
        "2024-01-02/2024-01-01",
        "2024-01-01/2024-01-01",
        "2024-01-01/-P1D",
        "2024-01-01/PT12H",
        "2024-01-01/2024-01-02T10:00",
        "2024-01-01T00:00Z/2024-01-02T00:00",
        "2024-01-01/P0.5Y",
        "2007-12-14T13:30/15:30",
        "2024-01-01/",
        "9999-12-01/P1M",
    ),
)
def test_parse_errors(text):
    with pytest.raises(ISO8601Error):
        parse_interval(text)


def test_contains():
    interval = parse_interval("2024-02-01/P1M")
    assert date(2024, 2, 1) in interval
    assert date(2024, 2, 29) in interval
    assert date(2024, 3, 1) not in interval
    assert date(2024, 1, 31) not in interval


def test_equality():
    by_duration = parse_interval("2024-01-31/P1M")
    by_end = parse_interval("2024-01-31/2024-02-29")
    assert by_duration == by_end
    assert hash(by_duration) == hash(by_end)
    assert by_duration != parse_interval("2024-01-31/2024-03-01")
    assert Interval.between(date(2024, 1, 31), date(2024, 2, 29)) == by_end


def test_recurring_monthly_from_month_end():
    recurring = parse_recurring_interval("R4/2024-01-31/P1M")
    assert recurring.recurrences == 4
    assert [interval_isoformat(i) for i in recurring] == [
        "2024-01-31/2024-02-29",
        "2024-02-29/2024-03-31",
        "2024-03-31/2024-04-30",
        "2024-04-30/2024-05-31",
    ]
    assert interval_isoformat(recurring) == "R4/2024-01-31/P1M"


def test_recurring_start_end():
    recurring = parse_recurring_interval("R3/2024-01-01T09:00:00Z/2024-01-01T17:30:00Z")
    starts = [i.start for i in recurring]
    assert starts == [
        datetime(2024, 1, 1, 9, tzinfo=UTC),
        datetime(2024, 1, 1, 17, 30, tzinfo=UTC),
        datetime(2024, 1, 2, 2, tzinfo=UTC),
    ]
    assert interval_isoformat(recurring) == "R3/2024-01-01T09:00:00Z/PT8H30M"


def test_recurring_backwards():
    recurring = parse_recurring_interval("R3/P1M/2024-03-15")
    assert [interval_isoformat(i) for i in recurring] == [
        "2024-02-15/2024-03-15",
        "2024-01-15/2024-02-15",
        "2023-12-15/2024-01-15",
    ]
    assert interval_isoformat(recurring) == "R3/P1M/2024-03-15"
    hourly = parse_recurring_interval("R2/PT1H/2024-01-01T00:30:00Z")
    assert [i.start for i in hourly] == [
        datetime(2023, 12, 31, 23, 30, tzinfo=UTC),
        datetime(2023, 12, 31, 22, 30, tzinfo=UTC),
    ]


def test_recurring_unbounded():
    recurring = parse_recurring_interval("R/2024-01-01/P1D")
    assert recurring.recurrences is None
    first = list(islice(recurring, 3))
    assert [i.start for i in first] == [
        date(2024, 1, 1),
        date(2024, 1, 2),
        date(2024, 1, 3),
    ]
    assert interval_isoformat(recurring) == "R/2024-01-01/P1D"
    # iteration ends where the date range does
    assert len(list(parse_recurring_interval("R/9999-12-25/P1D"))) == 6
    assert list(parse_recurring_interval("R0/2024-01-01/P1D")) == []


@pytest.mark.parametrize(
    "text",
    ("2024-01-01/P1D", "R1", "X3/2024-01-01/P1D", "R-1/2024-01-01/P1D", "R2/P1D/P1D"),
)
def test_recurring_parse_errors(text):
    with pytest.raises(ISO8601Error):
        parse_recurring_interval(text)


def test_type_errors():
    with pytest.raises(TypeError):
        parse_interval(None)
    with pytest.raises(TypeError):
        parse_recurring_interval(20240101)
