# An interval written as duration/end is turned into start = end - duration, and its end is then
# recomputed as start + duration. isodate's month and year arithmetic (duration.py) clamps the day
# to the length of the target month in both directions, so the two are not inverses: for an end
# on a leap day or a month's last day, end - P1Y / P1M lands on an earlier day and adding the
# duration back does not return to the end that was written. The interval, its formatting and
# the repetitions of a recurring interval counted back from that end all use the wrong end.
from datetime import date, datetime

from isodate import UTC, interval_isoformat, parse_interval, parse_recurring_interval

leap = parse_interval("P1Y/2024-02-29")
assert leap.start == date(2023, 2, 28), leap.start
assert leap.end == date(2024, 2, 29), (
    f"'P1Y/2024-02-29' ends on 2024-02-29, but the parsed interval ends on {leap.end}"
)
assert interval_isoformat(leap) == "2023-02-28/2024-02-29", interval_isoformat(leap)

month_end = parse_interval("P1M/2024-03-31T18:00:00Z")
assert month_end.end == datetime(2024, 3, 31, 18, tzinfo=UTC), (
    f"'P1M/2024-03-31T18:00:00Z' must end on 2024-03-31T18:00Z, not {month_end.end}"
)
assert datetime(2024, 3, 30, 9, tzinfo=UTC) in month_end, "30 March is inside the interval"

recurring = parse_recurring_interval("R3/P1M/2024-03-31")
got = [interval_isoformat(i) for i in recurring]
assert got == [
    "2024-02-29/2024-03-31",
    "2024-01-31/2024-02-29",
    "2023-12-31/2024-01-31",
], f"monthly repetitions counted back from 2024-03-31: {got}"
assert interval_isoformat(recurring) == "R3/P1M/2024-03-31", interval_isoformat(recurring)

# The forms that keep their end exactly are unaffected.
assert parse_interval("2024-01-31/P1M").end == date(2024, 2, 29)
assert parse_interval("P1M/2024-03-15").end == date(2024, 3, 15)
