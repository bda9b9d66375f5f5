# The rollup reads a one-shot stream of readings exactly once (tee + zip walk it in lockstep),
# groupby sees intervals in time order (read_readings rejects anything else), counter resets and
# missing readings are handled, and the CSV comes out right.
import io
import os
import tempfile
from datetime import datetime, timezone

from app.meters.readings import BadReading, Reading, read_readings
from app.meters.report import write_hourly_csv
from app.meters.rollup import hourly_usage, intervals

export = """# meter m-17, head-end export
m-17,2024-06-03T10:30:00+02:00,1000
m-17,2024-06-03T10:45:00+02:00,1250
m-17,2024-06-03T11:00:00+02:00,1400
m-17,2024-06-03T11:15:00+02:00,1500
m-17,2024-06-03T11:30:00+02:00,40
m-17,2024-06-03T11:45:00+02:00,90
m-17,2024-06-03T12:30:00+02:00,290
m-17,2024-06-03T12:45:00+02:00,300
"""

pulled = []


def one_shot(lines):
    for line in lines:
        pulled.append(line)
        yield line


got = list(intervals(read_readings(one_shot(export.splitlines(keepends=True)))))
assert len(pulled) == 9, f"each line must be read once, read {len(pulled)}"
assert [i.used_wh for i in got] == [250, 150, 100, 40, 50, 200, 10], [i.used_wh for i in got]
assert [i.reset for i in got] == [False, False, False, True, False, False, False]
assert [i.estimated for i in got] == [False, False, False, False, False, True, False]
assert got[0].start == datetime(2024, 6, 3, 8, 30, tzinfo=timezone.utc)

hours = list(hourly_usage(iter(got)))
assert [(h.hour.hour, h.used_wh, h.intervals, h.estimated) for h in hours] == [
    (8, 400, 2, False),
    (9, 390, 4, True),  # the 11:45 -> 12:30 gap (local) starts at 09:45 UTC
    (10, 10, 1, False),
], hours
assert list(intervals(iter([]))) == [] and list(intervals(iter([Reading("m", got[0].start, 1)]))) == []
assert list(hourly_usage(iter([]))) == []

with tempfile.TemporaryDirectory(dir=".") as tmp:
    path = os.path.join(tmp, "m-17.csv")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(export)
    out = io.StringIO()
    assert write_hourly_csv(path, out) == 3
assert out.getvalue().splitlines() == [
    "hour,kwh,estimated",
    "2024-06-03T08:00:00+00:00,0.400,0",
    "2024-06-03T09:00:00+00:00,0.390,1",
    "2024-06-03T10:00:00+00:00,0.010,0",
], out.getvalue()

# groupby may rely on time order because out-of-order exports never get that far.
try:
    list(intervals(read_readings(["m,2024-06-03T10:15:00+00:00,5\n", "m,2024-06-03T10:00:00+00:00,9\n"])))
except BadReading:
    pass
else:
    raise AssertionError("an out-of-order export must be rejected")
